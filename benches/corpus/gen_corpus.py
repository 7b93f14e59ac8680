#!/usr/bin/env python3
"""Writes the benchmark corpus: the research institutions of a science city and the news
about them, as Markdown files with YAML front matter, the kind of site gazette is for.

    gen_corpus.py OUT_DIR --institutions N --news M --seed S [--photos P --photos-from DIR]

OUT_DIR gets

    content/institutions/<slug>.md      title, kind, founded, city, tags, website, summary
    content/news/<year>/<slug>.md       title, date, institutions (slugs), tags, author,
                                        summary; <year> is the year of `date`
    static/images/<subject>-<n>.png     small pictures that the bodies show

and nothing else: copy benches/corpus/site.yaml and the repository's themes/ beside
content/ to build it with gazette, or point Hugo at content/ with benches/corpus/hugo/ (both
read the same files; see BENCHMARKS.md).

With `--photos P`, for the image benchmark (scripts/bench-images.sh), the first P news items
are page bundles instead, each with its own photo beside it, and every institution has a
logo:

    content/news/<year>/<slug>/index.md the same, plus `image: photo.jpg` and `image_alt`
    content/news/<year>/<slug>/photo.jpg
    static/images/logos/<slug>.svg      a small SVG logo, named by the institution's `logo`

The photos are made by the repository's Rust example, which is much faster at it than
Python, and copied from the folder it wrote (`photo-0001.jpg` to the first bundle, and on):

    cargo run --profile dist --example photos -- PHOTOS_DIR P SEED
    gen_corpus.py OUT_DIR ... --photos P --photos-from PHOTOS_DIR

Without `--photos` the files are those of earlier versions of this script, byte for byte.
The photos and logos draw nothing from the random choices, so with them every body and
every other field is the same too.

Each body holds 300 to about 1,500 words (median about 800, as `str.split` counts) of
Markdown: `##` and `###` headings, paragraphs with emphasis, inline code and links to other
items of the corpus (`/institutions/<slug>/`, `/news/<year>/<slug>/`, the two lists),
bullet and numbered lists, some nested, and in some items a table, a blockquote, a picture
or a fenced code block. About one item in ten also has a section in Chinese. Every link and picture
resolves, so a build reports no problem.

With `--body-scale K` every body is written K times over (a blank line between), and
nothing else changes: the benchmark of memory against the length of texts compares
`--body-scale 2` with the default.

The output depends on the arguments alone: every choice is drawn, in a fixed order, from
one random.Random(seed), nothing iterates over a set, and files are written with `\\n` line
ends, so the same arguments give byte-identical files on any machine. Python 3.8 or later,
standard library only.
"""

import argparse
import binascii
import colorsys
import datetime
import random
import re
import shutil
import struct
import sys
import zlib
from pathlib import Path

# Research areas: the tag vocabulary, each with the subjects an item in it writes about.
AREAS = {
    "genomics": ["long-read sequencing", "gene regulation", "crop genomes"],
    "neuroscience": ["sleep circuits", "neural prosthetics", "connectomics"],
    "quantum computing": ["trapped-ion qubits", "quantum sensing", "photonic chips"],
    "climate science": ["aerosol chemistry", "glacier monitoring", "carbon budgets"],
    "robotics": ["soft grippers", "legged locomotion", "surgical robots"],
    "materials": ["metal-organic frameworks", "graphene membranes", "self-healing polymers"],
    "energy storage": ["sodium-ion cells", "flow batteries", "thermal storage"],
    "public health": ["vaccine cold chains", "air quality cohorts", "antibiotic resistance"],
    "space science": ["small satellites", "lunar regolith", "solar wind"],
    "oceanography": ["deep-sea sensors", "coral reef survey", "tidal energy"],
    "machine learning": ["weather models", "protein design", "automated microscopy"],
}
# The same areas' names in Chinese, for the Chinese sections.
AREAS_ZH = {
    "genomics": "基因组学", "neuroscience": "神经科学", "quantum computing": "量子计算",
    "climate science": "气候科学", "robotics": "机器人", "materials": "材料",
    "energy storage": "储能", "public health": "公共卫生", "space science": "空间科学",
    "oceanography": "海洋学", "machine learning": "机器学习",
}
KINDS = ["laboratory", "university", "institute", "company", "platform"]
# (city, its name in Chinese)
CITIES = [
    ("Suzhou", "苏州"), ("Hangzhou", "杭州"), ("Shenzhen", "深圳"), ("Chengdu", "成都"),
    ("Wuhan", "武汉"), ("Xi'an", "西安"), ("Qingdao", "青岛"), ("Nanjing", "南京"),
    ("Leuven", "鲁汶"), ("Delft", "代尔夫特"), ("Uppsala", "乌普萨拉"), ("Kyoto", "京都"),
    ("Sendai", "仙台"), ("Toulouse", "图卢兹"),
]
INSTITUTION_NAMES = [
    "{city} Institute for {Area}", "{city} {Area} Laboratory", "University of {city}",
    "{Area} Centre of {city}", "{Name} {Area}", "{Name} Research Platform",
    "{city} Academy of {Area}",
]
FOUNDERS = ["Harbour", "Cedar", "Silverline", "Northstar", "Redwood", "Bluestone", "Lattice",
            "Kestrel", "Orchid", "Granite"]
EQUIPMENT = ["electron microscope", "cleanroom", "wind tunnel", "mass spectrometer",
             "computing cluster", "test track", "research vessel", "gene sequencer"]
AUTHORS = ["Mei Lin", "Tomas Berg", "Aiko Mori", "Rahul Iyer", "Grace Mensah", "Jun Park",
           "Lucia Ferreira", "Omar Haddad", "Zhou Hao", "Ines Laurent"]
HEADINGS = ["Background", "What was done", "Results", "Equipment", "Partners", "Next steps",
            "Funding", "The team", "Open questions", "Reactions", "History", "Data"]
SUBHEADINGS = ["Method", "Numbers", "Caveats", "Schedule", "Access"]
# Sentence frames. {s} is a subject, {a} an area, {link} a link to another item.
FRAMES = [
    "Work on {s} has moved faster than expected since {year}.",
    "The group published {n} papers on {s} in the last {period}.",
    "A team from {link} contributed the measurements on {s}.",
    "{person} said the {equipment} would make {s} routine by {later}.",
    "The {equipment} is shared with groups working on {a}.",
    "Results on {s} were compared with earlier work from {link}.",
    "Around {n} people work on {a} here, half of them students.",
    "The next call for proposals on {s} opens in the {season}.",
    "A grant of {n} million covers the {equipment} and its staff.",
    "{person} expects {s} to matter for {a2} as well.",
    "Details are in the earlier report from {link}.",
    "Data on {s} will be released under an open licence.",
]
FRAMES_ZH = [
    "{city}的研究人员在{area}领域取得了新进展。",
    "该平台面向国内外用户开放，每年接待约{n}名访问学者。",
    "项目组表示，下一阶段将重点推进{area}方向的合作。",
    "这项研究得到了地方政府和多家企业的共同支持。",
    "相关数据将在整理后向社会公开。",
]
CODE_SNIPPETS = [
    ("python", "import csv\n\nwith open(\"{slug}.csv\") as f:\n"
               "    rows = list(csv.DictReader(f))\nprint(len(rows), \"rows\")"),
    ("sh", "curl -O https://data.example.org/{slug}.tar.gz\ntar xzf {slug}.tar.gz"),
    ("rust", "fn main() {{\n    let total: u32 = (1..=10).sum();\n"
             "    println!(\"{{total}}\");\n}}"),
]
# Odds that one item has a block of each kind; a kind appears at most once per item.
BLOCK_ODDS = [("table", 0.25), ("quote", 0.3), ("picture", 0.35), ("code", 0.03)]
FIRST_DAY, LAST_DAY = datetime.date(2014, 1, 1), datetime.date(2025, 12, 31)
PICTURES_PER_SUBJECT = 6
# Code a news item quotes (`--code-blocks`): about 20 lines each, in the languages such
# sites show most.
CODE_SAMPLES = [
    ("python", "import csv\nfrom pathlib import Path\n\n\ndef levels(path: Path) -> dict[str, float]:\n"
               "    \"\"\"The mean water level of each station.\"\"\"\n    sums, counts = {}, {}\n"
               "    with path.open() as f:\n        for row in csv.DictReader(f):\n"
               "            station = row[\"station\"]\n            sums[station] = sums.get(station, 0.0) + float(row[\"level\"])\n"
               "            counts[station] = counts.get(station, 0) + 1\n"
               "    return {s: sums[s] / counts[s] for s in sums}  # mean per station\n\n\n"
               "if __name__ == \"__main__\":\n    print(levels(Path(\"levels.csv\")))\n"),
    ("rust", "use std::collections::HashMap;\n\n/// The mean water level of each station.\n"
             "pub fn levels(rows: &[(String, f64)]) -> HashMap<&str, f64> {\n"
             "    let mut sums: HashMap<&str, (f64, u32)> = HashMap::new();\n"
             "    for (station, level) in rows {\n        let entry = sums.entry(station.as_str()).or_default();\n"
             "        entry.0 += level;\n        entry.1 += 1;\n    }\n"
             "    sums.into_iter().map(|(s, (sum, n))| (s, sum / f64::from(n))).collect()\n}\n"),
    ("json", "{\n  \"station\": \"Beibei\",\n  \"levels\": [172.4, 172.9, 173.1],\n"
             "  \"unit\": \"m\",\n  \"checked\": true,\n  \"operator\": null\n}\n"),
    ("bash", "#!/bin/sh\nset -eu\nfor station in beibei jiangbei yubei; do\n"
             "  curl -fsS \"https://data.example.org/$station.csv\" -o \"$station.csv\"\n"
             "  echo \"fetched $station ($(wc -l < \"$station.csv\") rows)\"\ndone\n"),
    ("yaml", "stations:\n  - name: Beibei\n    river: Jialing\n    since: 1939\n"
             "  - name: Cuntan\n    river: Yangtze\n    since: 1891\nunit: m  # above sea level\n"),
]

# The name of the photo in each news bundle.
PHOTO = "photo.jpg"


def main():
    args = parse_args()
    rng = random.Random(args.seed)
    site = Site(rng, args.institutions, args.news)
    if args.photos:
        for item in site.institutions:
            item["logo"] = f"/images/logos/{item['slug']}.svg"
        for item in site.news[:args.photos]:
            item["file"] = item["file"].replace(".md", "/index.md")
            item["image"] = PHOTO
    content = args.out_dir / "content"
    words = 0
    for item in site.institutions + site.news:
        body = Body(rng, site, item).write(round(rng.triangular(300, 1340, 560)))
        # Repeated after it is drawn: every other field, and the random stream, stay the same.
        body = "\n".join([body] * args.body_scale)
        # Code blocks after the text, taken in turn rather than drawn, for the same reason.
        for n in range(args.code_blocks):
            language, code = CODE_SAMPLES[(words + n) % len(CODE_SAMPLES)]
            body += f"\n```{language}\n{code}```\n"
        words += count_words(body)
        write_text(content / item["file"], front_matter(item) + "\n" + body)
    write_pictures(args.out_dir / "static" / "images")
    if args.photos:
        write_logos(args.out_dir / "static" / "images" / "logos", site.institutions)
        for n, item in enumerate(site.news[:args.photos], start=1):
            shutil.copyfile(args.photos_from / f"photo-{n:04}.jpg",
                            content / item["file"].replace("index.md", PHOTO))
        print(f"copied {args.photos} photos from {args.photos_from}")
    print(f"wrote {len(site.institutions)} institutions and {len(site.news)} news items "
          f"({words} words) under {content}")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="folder to write into")
    parser.add_argument("--institutions", type=int, default=100, metavar="N",
                        help="institutions (default 100)")
    parser.add_argument("--news", type=int, default=900, metavar="M",
                        help="news items (default 900)")
    parser.add_argument("--seed", type=int, default=1, metavar="S",
                        help="seed of the random choices (default 1)")
    parser.add_argument("--photos", type=int, default=0, metavar="P",
                        help="the first P news items are bundles with a photo (default 0)")
    parser.add_argument("--photos-from", type=Path, metavar="DIR",
                        help="folder of photo-0001.jpg… from `cargo run --profile dist "
                             "--example photos -- DIR P SEED`")
    parser.add_argument("--code-blocks", type=int, default=0, metavar="C",
                        help="C fenced code blocks (Python, Rust, JSON, shell, YAML in turn) "
                             "at the end of every body: what highlighting costs (default 0)")
    parser.add_argument("--body-scale", type=int, default=1, metavar="K",
                        help="every body written K times over, the rest unchanged: what "
                             "longer texts cost (default 1)")
    args = parser.parse_args()
    if args.body_scale < 1:
        parser.error("--body-scale is 1 or more")
    if args.institutions < 1 or args.news < 0:
        parser.error("needs at least one institution and no negative count of news")
    if not 0 <= args.photos <= args.news:
        parser.error("--photos is between 0 and the count of news items")
    if args.photos:
        if args.photos_from is None:
            parser.error("--photos needs --photos-from DIR, the folder that `cargo run "
                         "--profile dist --example photos -- DIR P SEED` wrote")
        last = args.photos_from / f"photo-{args.photos:04}.jpg"
        if not last.is_file():
            parser.error(f"{last} is missing: make {args.photos} photos with `cargo run "
                         f"--profile dist --example photos -- {args.photos_from} "
                         f"{args.photos} SEED`")
    return args


class Site:
    """Every item's front matter, drawn before any body so that a body can link anywhere."""

    def __init__(self, rng, institutions, news):
        self.rng = rng
        self.taken = {}
        self.institutions = [self.institution() for _ in range(institutions)]
        self.by_slug = {i["slug"]: i for i in self.institutions}
        self.news = [self.news_item() for _ in range(news)]

    def institution(self):
        rng = self.rng
        city, city_zh = rng.choice(CITIES)
        areas = rng.sample(list(AREAS), rng.randint(2, 4))
        title = rng.choice(INSTITUTION_NAMES).format(
            city=city, Area=areas[0].title(), Name=rng.choice(FOUNDERS))
        slug = self.unique(slugify(title))
        return {
            "slug": slug, "file": f"institutions/{slug}.md", "url": f"/institutions/{slug}/",
            "title": title, "kind": rng.choice(KINDS), "founded": rng.randint(1898, 2024),
            "city": city, "city_zh": city_zh, "tags": areas,
            "website": f"https://{slug}.example.org/",
            "summary": f"{title} works on {rng.choice(AREAS[areas[0]])} and {areas[1]} "
                       f"in {city}.",
            "chinese": rng.random() < 0.1,
        }

    def news_item(self):
        rng = self.rng
        about = rng.sample(self.institutions, min(len(self.institutions), rng.randint(1, 3)))
        first = about[0]
        area = rng.choice(first["tags"])
        subject = rng.choice(AREAS[area])
        title = rng.choice([
            f"{first['title']} opens a {rng.choice(EQUIPMENT)}",
            f"{first['title']} reports progress on {subject}",
            f"{first['city']} signs agreement on {subject}",
            f"Conference on {area} comes to {about[-1]['city']}",
            f"{rng.choice(AUTHORS)} on the future of {subject}",
        ])
        date = FIRST_DAY + datetime.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
        slug = self.unique(shorten(slugify(title), 60))
        # Tags in the vocabulary's order, so the list never depends on how it was drawn.
        picked = [area, rng.choice(about[-1]["tags"]), rng.choice(list(AREAS))]
        tags = [a for a in AREAS if a in picked[:rng.randint(1, 3)]]
        return {
            "slug": slug, "file": f"news/{date.year}/{slug}.md",
            "url": f"/news/{date.year}/{slug}/", "title": title, "date": date.isoformat(),
            "institutions": [i["slug"] for i in about], "tags": tags,
            "author": rng.choice(AUTHORS), "city": first["city"], "city_zh": first["city_zh"],
            "summary": f"{title}: {subject} at {first['title']}.",
            "alt": f"{subject.capitalize()} at {first['title']}",
            "chinese": rng.random() < 0.1,
        }

    def unique(self, slug):
        """`slug`, or `slug-2`, `slug-3`… when an earlier item has it."""
        n = self.taken.get(slug, 0) + 1
        self.taken[slug] = n
        return slug if n == 1 else self.unique(f"{slug}-{n}")


class Body:
    """The Markdown body of one item."""

    def __init__(self, rng, site, item):
        self.rng, self.site, self.item = rng, site, item

    def write(self, target):
        """Sections of paragraphs and blocks until the body holds `target` words; the
        item's table, quote, picture and code block each land in one of its sections."""
        rng = self.rng
        blocks = [kind for kind, odds in BLOCK_ODDS if rng.random() < odds]
        headings = rng.sample(HEADINGS, len(HEADINGS))
        parts = [self.paragraph()]
        if self.item["chinese"]:
            parts += self.chinese_section()
        words = count_words("\n".join(parts))
        while words < target:
            section = [f"## {headings.pop() if headings else 'More'}", self.paragraph()]
            if rng.random() < 0.35:
                section.append(self.list_block())
            if blocks and rng.random() < 0.4:
                section.append(self.block(blocks.pop(0)))
            section.append(self.paragraph())
            if rng.random() < 0.2:
                section += [f"### {rng.choice(SUBHEADINGS)}", self.paragraph()]
            parts += section
            words += count_words("\n".join(section))
        # Blocks not placed yet close the last section (tables and quotes are short).
        parts += [self.block(kind) for kind in blocks]
        return "\n\n".join(parts) + "\n"

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 6)))

    def sentence(self):
        rng = self.rng
        area = rng.choice(self.item["tags"])
        subject = rng.choice(AREAS[area])
        style = rng.random()
        if style < 0.07:
            subject = f"*{subject}*"
        elif style < 0.11:
            subject = f"**{subject}**"
        elif style < 0.13:
            subject = f"`{slugify(subject)}`"
        frame = rng.choice(FRAMES)
        return frame.format(
            s=subject, a=area, a2=rng.choice(list(AREAS)), n=rng.randint(2, 800),
            year=rng.randint(1995, 2020), later=rng.randint(2027, 2040),
            period=rng.choice(["year", "two years", "decade"]),
            season=rng.choice(["spring", "summer", "autumn", "winter"]),
            person=rng.choice(AUTHORS), equipment=rng.choice(EQUIPMENT),
            link=self.link() if "{link}" in frame else "")

    def link(self):
        """A link to another item: one this item is about when it can, else any."""
        rng, site = self.rng, self.site
        roll = rng.random()
        if roll < 0.03:
            return rng.choice(["[the news](/news/)", "[all institutions](/institutions/)"])
        if self.item.get("institutions") and roll < 0.5:
            other = site.by_slug[rng.choice(self.item["institutions"])]
        elif site.news and roll < 0.75:
            other = rng.choice(site.news)
        else:
            other = rng.choice(site.institutions)
        return f"[{other['title']}]({other['url']})"

    def list_block(self):
        rng = self.rng
        ordered = rng.random() < 0.4
        lines = []
        for n in range(1, rng.randint(3, 6) + 1):
            lines.append(f"{n}. {self.sentence()}" if ordered else f"- {self.sentence()}")
            if rng.random() < 0.15:
                indent = "   " if ordered else "  "
                lines += [f"{indent}- {self.sentence()}" for _ in range(rng.randint(1, 3))]
        return "\n".join(lines)

    def block(self, kind):
        rng = self.rng
        if kind == "table":
            rows = [f"| {rng.choice(EQUIPMENT)} | {rng.randint(1990, 2025)} | "
                    f"{rng.randint(1, 300)} | {rng.choice(['open', 'internal', 'planned'])} |"
                    for _ in range(rng.randint(3, 9))]
            return "\n".join(["| Facility | Since | Users | Access |", "|---|---:|---:|---|"]
                             + rows)
        if kind == "quote":
            return f"> {self.sentence()} {self.sentence()}\n>\n> — {rng.choice(AUTHORS)}"
        if kind == "picture":
            subject = rng.choice(EQUIPMENT)
            n = rng.randint(1, PICTURES_PER_SUBJECT)
            path = f"/images/{slugify(subject)}-{n}.png"
            return f"![The {subject}]({path} \"{subject.capitalize()}\")"
        language, code = rng.choice(CODE_SNIPPETS)
        return f"```{language}\n{code.format(slug=self.item['slug'])}\n```"

    def chinese_section(self):
        rng, item = self.rng, self.item
        area_zh = AREAS_ZH[item["tags"][0]]
        heading = f"## {item['city_zh']}{area_zh}简介"
        paragraphs = [
            "".join(rng.choice(FRAMES_ZH).format(city=item["city_zh"], area=area_zh,
                                                 n=rng.randint(20, 500))
                    for _ in range(rng.randint(3, 6)))
            for _ in range(rng.randint(2, 4))
        ]
        return [heading, *paragraphs]


def front_matter(item):
    """The YAML front matter of one item. Strings are double-quoted YAML (what JSON writes,
    but every character kept as it is), so titles with `:` or `'` need no care."""
    if "date" in item:
        fields = [("title", item["title"]), ("date", item["date"]),
                  ("institutions", item["institutions"]), ("tags", item["tags"]),
                  ("author", item["author"]), ("summary", item["summary"])]
    else:
        fields = [("title", item["title"]), ("kind", item["kind"]),
                  ("founded", item["founded"]), ("city", item["city"]),
                  ("tags", item["tags"]), ("website", item["website"]),
                  ("summary", item["summary"])]
    if "image" in item:
        fields += [("image", item["image"]), ("image_alt", item["alt"])]
    if "logo" in item:
        fields.append(("logo", item["logo"]))
    lines = ["---"]
    for key, value in fields:
        lines.append(f"{key}: {yaml_value(key, value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def yaml_value(key, value):
    if isinstance(value, list):
        return "[" + ", ".join(quote(v) for v in value) + "]"
    if isinstance(value, int) or key in ("date", "kind"):
        return str(value)
    return quote(value)


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def shorten(slug, limit):
    """`slug` cut at the last `-` that keeps it within `limit` characters."""
    if len(slug) <= limit:
        return slug
    return slug[:limit].rsplit("-", 1)[0]


def count_words(text):
    return len(text.split())


def write_text(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_pictures(folder):
    """One small PNG for every picture a body may show: `<subject>-<n>.png`, 24×16 pixels
    of two colours, each picture its own."""
    folder.mkdir(parents=True, exist_ok=True)
    for s, subject in enumerate(EQUIPMENT):
        for n in range(1, PICTURES_PER_SUBJECT + 1):
            hue = (s * PICTURES_PER_SUBJECT + n) * 37 % 256
            png = tiny_png(24, 16, (hue, 160, 255 - hue), (250, 250, 245))
            (folder / f"{slugify(subject)}-{n}.png").write_bytes(png)


def write_logos(folder, institutions):
    """`<slug>.svg` for each institution: a rounded square of a colour of its own with a
    white ring or diamond, the colour and shape from a checksum of the slug."""
    folder.mkdir(parents=True, exist_ok=True)
    for item in institutions:
        key = zlib.crc32(item["slug"].encode())
        red, green, blue = colorsys.hls_to_rgb(key % 360 / 360, 0.4, 0.6)
        colour = f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"
        mark = ('<circle cx="32" cy="32" r="16" fill="none" stroke="#fff" stroke-width="6"/>'
                if key >> 9 & 1 else '<path d="M32 12 52 32 32 52 12 32Z" fill="#fff"/>')
        write_text(folder / f"{item['slug']}.svg",
                   '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" '
                   f'height="64"><rect width="64" height="64" rx="12" fill="{colour}"/>'
                   f"{mark}</svg>\n")


def tiny_png(width, height, ink, paper):
    """An RGB PNG: `ink` above the diagonal, `paper` below."""
    rows = b"".join(
        b"\0" + b"".join(bytes(ink if x * height > y * width else paper) for x in range(width))
        for y in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", binascii.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    sys.exit(main())
