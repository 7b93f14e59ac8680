#!/usr/bin/env python3
"""Checks that an imported site still serves every URL of the site it came from.

    scripts/import-check/old-urls.py zola|hugo|jekyll OLD_SITE OUTPUT_DIR [--list]

Derives the URL of every content file of OLD_SITE by its generator's own rules (written
here again, apart from gazette's importer, so that the check does not trust what it
checks), adds the file's aliases (`aliases`, Jekyll's `redirect_from`), and looks for each
in OUTPUT_DIR, the output of `gazette build` on the imported site: a page, a redirect page
or a file. Prints how many resolve out of the total, and the ones that do not; exits 1
when any does not. Drafts and pages the old generator does not render are left out.
Python 3.11 or later (tomllib); PyYAML.
"""

import os
import re
import sys
import tomllib
import unicodedata

import yaml


def front_matter(path):
    """(front matter as a dict, has front matter) of a content file."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read().lstrip("\ufeff")
    for fence, parse in (("+++", tomllib.loads), ("---", yaml.safe_load)):
        if text.startswith(fence + "\n") or text.startswith(fence + "\r\n"):
            end = text.find("\n" + fence, len(fence))
            if end < 0:
                return {}, False
            try:
                return parse(text[len(fence) + 1 : end + 1]) or {}, True
            except Exception:
                return {}, True
    return {}, False


def slugify(text):
    """Lower case, letters and digits kept, every other run of characters one `-`."""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    return re.sub(r"[^\w]+", "-", text).strip("-")


DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})[-_](.+)$")


def markdown_files(content):
    for folder, dirs, files in os.walk(content):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".md"):
                full = os.path.join(folder, name)
                yield os.path.relpath(full, content).replace(os.sep, "/"), full


def page_name(relative):
    """The name a page's URL ends with: its file's, or its bundle folder's."""
    parts = relative[:-3].split("/")
    if parts[-1] == "index" and len(parts) > 1:
        parts = parts[:-1]
    return parts


def zola_urls(root):
    content = os.path.join(root, "content")
    for relative, full in markdown_files(content):
        meta, _ = front_matter(full)
        if meta.get("draft"):
            continue
        parts = page_name(relative)
        if parts[-1] == "_index":
            folder = "/".join(parts[:-1])
            yield relative, "/" + (folder + "/" if folder else "")
            continue
        if meta.get("path"):
            yield relative, "/" + str(meta["path"]).strip("/") + "/"
        else:
            name = parts[-1]
            match = DATED.match(name)
            if match:
                name = match.group(2)
            slug = slugify(meta.get("slug", name))
            folder = "/".join(parts[:-1])
            yield relative, "/" + (folder + "/" if folder else "") + slug + "/"
        for alias in meta.get("aliases", []) or []:
            yield relative, "/" + str(alias).lstrip("/")


def hugo_config(root):
    for name in ("hugo.toml", "config.toml", "hugo.yaml", "config.yaml", "hugo.yml", "config.yml"):
        path = os.path.join(root, name)
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            return tomllib.loads(text) if name.endswith(".toml") else yaml.safe_load(text)
    return {}


def hugo_urls(root):
    config = hugo_config(root)
    content_dir = config.get("contentDir")
    for mount in config.get("module", {}).get("mounts", []):
        if mount.get("target", "").strip("/") == "content" and not content_dir:
            content_dir = mount["source"]
    content = os.path.join(root, content_dir or "content")
    permalinks = config.get("permalinks", {})
    permalinks = permalinks.get("page", permalinks)
    headless = []
    files = list(markdown_files(content))
    for relative, full in files:
        meta, _ = front_matter(full)
        cascade = meta.get("cascade", {})
        cascades = cascade if isinstance(cascade, list) else [cascade]
        never = any(isinstance(c, dict) and c.get("build", {}).get("render") == "never" for c in cascades)
        if meta.get("headless") or never or meta.get("build", {}).get("render") == "never":
            headless.append(relative.rsplit("/", 1)[0] if "/" in relative else "")
    for relative, full in files:
        if any(h == "" or relative.startswith(h + "/") for h in headless):
            continue
        meta, _ = front_matter(full)
        if meta.get("draft"):
            continue
        parts = page_name(relative)
        folder = "/".join(parts[:-1])
        if parts[-1] == "_index":
            yield relative, "/" + (folder.lower() + "/" if folder else "")
            continue
        section = parts[0] if len(parts) > 1 else ""
        if meta.get("url"):
            url = "/" + str(meta["url"]).lstrip("/")
            yield relative, url if "." in url.rsplit("/", 1)[-1] or url.endswith("/") else url + "/"
        elif section in permalinks:
            date = str(meta.get("date", ""))
            slug = slugify(meta.get("slug") or meta.get("title") or parts[-1])
            segments = []
            for segment in permalinks[section].strip("/").split("/"):
                segments.append(
                    {
                        ":year": date[0:4],
                        ":month": date[5:7],
                        ":day": date[8:10],
                        ":section": section,
                        ":filename": parts[-1].lower(),
                        ":contentbasename": parts[-1].lower(),
                    }.get(segment, slug if segment.startswith(":") else segment)
                )
            yield relative, "/" + "/".join(segments) + "/"
        else:
            name = str(meta.get("slug") or parts[-1]).lower()
            yield relative, "/" + (folder.lower() + "/" if folder else "") + name + "/"
        for alias in meta.get("aliases", []) or []:
            alias = str(alias)
            yield relative, alias if alias.startswith("/") else "/" + os.path.normpath(folder + "/" + alias)


JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


def jekyll_urls(root):
    with open(os.path.join(root, "_config.yml"), encoding="utf-8") as f:
        config = yaml.safe_load(f) or {}
    source = os.path.join(root, config.get("source", "."))
    if not os.path.isdir(source):
        source = root
    style = str(config.get("permalink", "date"))
    pattern = JEKYLL_STYLES.get(style, style)
    included = [str(i).strip("/") for i in config.get("include", [])]
    collections = config.get("collections", {}) or {}
    if isinstance(collections, list):
        collections = {name: {} for name in collections}
    defaults = config.get("defaults", []) or []

    def with_defaults(relative, kind, meta):
        for entry in defaults:
            scope = entry.get("scope", {}) or {}
            path = str(scope.get("path", "")).strip("/")
            if path and not (relative == path or relative.startswith(path + "/")):
                continue
            if scope.get("type") and scope["type"] != kind:
                continue
            for key in ("permalink", "category", "categories", "published"):
                if key in (entry.get("values") or {}) and key not in meta:
                    meta[key] = entry["values"][key]
        return meta

    def terms(value):
        if isinstance(value, str):
            return value.split()
        return [str(v) for v in value or []]

    for folder, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("_site", "node_modules", "vendor"))
        for name in sorted(files):
            full = os.path.join(folder, name)
            relative = os.path.relpath(full, source).replace(os.sep, "/")
            parts = relative.split("/")
            stem, _, extension = name.rpartition(".")
            if extension not in ("md", "markdown", "html"):
                continue
            under = [p for p in parts if p.startswith("_") and p not in included]
            if under and under[0] == "_posts":
                meta, _ = front_matter(full)
                meta = with_defaults(relative, "posts", meta)
                match = DATED.match(stem)
                if not match or meta.get("published") is False:
                    continue
                date = str(meta.get("date") or match.group(1))
                categories = [p for p in parts[: parts.index("_posts")]]
                categories += terms(meta.get("categories")) + terms(meta.get("category"))
                categories = list(dict.fromkeys(slugify(c) for c in categories))
                url = meta.get("permalink") or (
                    pattern.replace(":categories", "/".join(c for c in categories if c))
                    .replace(":output_ext", ".html")
                    .replace(":year", date[0:4])
                    .replace(":month", date[5:7])
                    .replace(":day", date[8:10])
                    .replace(":title", str(meta.get("slug") or match.group(2)))
                )
                yield relative, "/" + re.sub("/+", "/", url).lstrip("/")
            elif under and under[0][1:] in collections and parts[0] == under[0]:
                settings = collections[under[0][1:]] or {}
                if not settings.get("output"):
                    continue
                meta, _ = front_matter(full)
                meta = with_defaults(relative, under[0][1:], meta)
                if meta.get("published") is False:
                    continue
                path = "/".join(parts[1:]).rpartition(".")[0]
                url = meta.get("permalink") or (
                    settings.get("permalink", "/:collection/:path:output_ext")
                    .replace(":collection", under[0][1:])
                    .replace(":path", path)
                    .replace(":name", stem)
                    .replace(":title", stem)
                    .replace(":output_ext", ".html")
                )
                yield relative, url
            elif not under:
                meta, has = front_matter(full)
                if not has:
                    continue
                meta = with_defaults(relative, "pages", meta)
                if meta.get("published") is False:
                    continue
                if meta.get("permalink"):
                    url = str(meta["permalink"])
                elif stem == "index":
                    url = "/" + "/".join(parts[:-1]) + ("/" if len(parts) > 1 else "")
                elif style == "pretty" or pattern.endswith("/"):
                    url = "/" + relative.rpartition(".")[0] + "/"
                else:
                    url = "/" + relative.rpartition(".")[0] + ".html"
                yield relative, url
            else:
                continue
            meta, _ = front_matter(full)
            for alias in terms(meta.get("redirect_from")):
                yield relative, "/" + alias.lstrip("/")


def served(output, url):
    """Whether `gazette build`'s output answers `url`: a file, or a folder's index.html."""
    path = os.path.join(output, url.split("#")[0].strip("/"))
    if url.endswith("/") or url == "":
        return os.path.isfile(os.path.join(path, "index.html"))
    return os.path.isfile(path) or os.path.isfile(os.path.join(path, "index.html"))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 3 or args[0] not in ("zola", "hugo", "jekyll"):
        sys.exit(__doc__)
    generator, old_site, output = args
    urls = {"zola": zola_urls, "hugo": hugo_urls, "jekyll": jekyll_urls}[generator](old_site)
    seen = {}
    for relative, url in urls:
        from urllib.parse import unquote

        seen.setdefault(unquote(url), relative)
    missing = [(url, relative) for url, relative in seen.items() if not served(output, url)]
    print(f"{len(seen) - len(missing)} of {len(seen)} old URLs resolve in {output}")
    for url, relative in sorted(missing):
        print(f"  missing: {url}  ({relative})")
    if "--list" in sys.argv:
        for url in sorted(seen):
            print(url)
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
