#!/usr/bin/env python3
"""Writes the "million pages" corpus: the plainest large site, many pages of one title and
some 2 KB of Markdown each, in sections of 500, as Hugo's own scale test makes them. Where
gen_corpus.py's site is the graph gazette is for (typed fields, references, tags), this one
has almost no graph: the memory a build needs here is what it holds per page, whatever the
page says.

    gen_pages.py OUT_DIR --pages N [--per-section 500] [--seed S]

OUT_DIR gets

    site.yaml                           one collection, `pages`, lists of 50
    content/pages/s<k>/p<n>.md          `title` only, then the body; a folder per section

Copy the repository's themes/ beside content/ to build it with gazette. Each body is a `##`
heading and paragraphs of words drawn from a fixed vocabulary, with emphasis now and then,
about 2,000 bytes. The output depends on the arguments alone: one random.Random(seed)
draws every choice in a fixed order, and files are written with `\\n` line ends.
Python 3.8 or later, standard library only.
"""

import argparse
import random
from pathlib import Path

WORDS = (
    "the city science park laboratory research institute university centre data model "
    "energy battery storage grid solar hydrogen quantum computing sensor network chip "
    "materials polymer catalyst genome protein cell clinical trial patient hospital water "
    "river air quality climate weather forecast satellite map survey field station "
    "engineer student teacher report result method sample measure record archive open "
    "public partner agreement grant fund project programme year month week first new "
    "large small fast slow early late north south east west high low long short"
).split()

BODY_BYTES = 2000

# One collection, its sections folders: a collection per section would put 2,000 entries
# in the default theme's navigation of every page.
SITE_YAML = """\
# The million-pages corpus of benches/corpus/gen_pages.py: one collection, each page a
# title and a body, in folders of 500.
title: Pages Benchmark
base_url: https://pages.example.org/
language: en
theme: default
search: false
collections:
  pages:
    permalink: /pages/{slug}/
    per_page: 50
"""


def main():
    args = parse_args()
    rng = random.Random(args.seed)
    out = args.out_dir
    sections = (args.pages + args.per_section - 1) // args.per_section
    width = max(4, len(str(sections)))
    names = [f"s{k:0{width}d}" for k in range(1, sections + 1)]
    write_text(out / "site.yaml", SITE_YAML)
    for n in range(args.pages):
        section = names[n // args.per_section]
        title = sentence(rng, 4, 9).rstrip(".").replace("*", "")
        text = f'---\ntitle: "{title}"\n---\n\n{body(rng)}'
        write_text(out / "content" / "pages" / section / f"p{n + 1:07d}.md", text)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="folder to write into")
    parser.add_argument("--pages", type=int, default=1000, metavar="N", help="pages to write")
    parser.add_argument("--per-section", type=int, default=500, metavar="K",
                        help="pages per section (collection)")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed")
    return parser.parse_args()


def body(rng):
    parts = [f"## {sentence(rng, 2, 5).rstrip('.')}\n"]
    size = len(parts[0])
    while size < BODY_BYTES:
        paragraph = " ".join(sentence(rng, 8, 20) for _ in range(rng.randint(3, 6)))
        parts.append(paragraph + "\n")
        size += len(paragraph) + 2
    return "\n".join(parts)


def sentence(rng, low, high):
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if len(words) > 3 and rng.random() < 0.2:
        i = rng.randrange(len(words))
        words[i] = f"*{words[i]}*"
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def write_text(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


if __name__ == "__main__":
    main()
