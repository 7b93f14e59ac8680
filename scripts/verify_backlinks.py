#!/usr/bin/env python3
"""Checks, on a built corpus, that every institution page lists exactly the news items that
reference it (in their `institutions:` front matter), newest first.

    scripts/verify_backlinks.py SITE_DIR      # after `gazette build --root SITE_DIR`

Reads the front matter with a small parser for the corpus's flow lists, and the pages'
"backlinks" sections from output/. Exits 1 and names the first mismatches otherwise.
"""
import re
import sys
from pathlib import Path

site = Path(sys.argv[1])
expected = {}
for news in (site / "content" / "news").rglob("*.md"):
    text = news.read_text(encoding="utf-8")
    front = text.split("---", 2)[1]
    date = re.search(r"^date:\s*\"?([0-9-]+)", front, re.M).group(1)
    refs = re.search(r"^institutions:\s*\[(.*)\]", front, re.M)
    url = f"/news/{date[:4]}/{news.stem}/"
    for slug in re.findall(r'"([^"]+)"|([^,\s]+)', refs.group(1) if refs else ""):
        slug = slug[0] or slug[1]
        expected.setdefault(slug, []).append((date, url))

bad = 0
pages = sorted((site / "output" / "institutions").glob("*/index.html"))
for page in pages:
    slug = page.parent.name
    html = page.read_text(encoding="utf-8")
    section = re.search(r'<section class="backlinks">(.*?)</section>', html, re.S)
    listed = re.findall(r'href="(/news/[^"]+)"', section.group(1)) if section else []
    listed = list(dict.fromkeys(listed))
    want = [url for _, url in sorted(expected.get(slug, []), key=lambda e: e[0], reverse=True)]
    if set(listed) != set(want) or len(listed) != len(want):
        bad += 1
        if bad <= 5:
            print(f"{slug}: listed {len(listed)}, expected {len(want)}")
        continue
    dates = {url: date for date, url in expected.get(slug, [])}
    listed_dates = [dates[url] for url in listed]
    if listed_dates != sorted(listed_dates, reverse=True):
        bad += 1
        if bad <= 5:
            print(f"{slug}: news not newest first")
print(f"{len(pages)} institution pages checked, {bad} mismatched")
sys.exit(1 if bad or not pages else 0)
