#!/usr/bin/env python3
"""Stands in for hand edits of broken links, to measure an imported site that builds.

    scripts/import-check/unlink-broken.py SITE CHECK_JSON

CHECK_JSON is `gazette check --root SITE --format json`. Each link or picture target an
error names is replaced, in that file, by `https://broken.invalid/…`, an address gazette
does not check, and each missing `#anchor` is dropped from the links to it, so that the
rest of the site builds and its URLs can be counted. Run it again while errors remain. Prints how many targets it replaced. For
measurements only: a real import fixes the links, or builds with `links: warn`.
"""

import json
import os
import re
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    site, check = sys.argv[1:]
    with open(check, encoding="utf-8") as f:
        report = json.load(f)
    edits = {}
    for d in report["diagnostics"]:
        if d["severity"] != "error":
            continue
        anchor = re.search(r"has no heading with the id `([^`]+)`", d["message"])
        target = re.search(r"(?:link target|picture) `([^`]+)`", d["message"])
        if anchor:
            edits.setdefault(d["file"], set()).add(("anchor", anchor.group(1)))
        elif target:
            edits.setdefault(d["file"], set()).add(("target", target.group(1)))
    replaced = 0
    # A link's target, inline `](x)` or in a reference definition `[x]: x`.
    before = r"(\]\(<?|^\s*\[[^\]]+\]:\s*<?)"
    for file, wanted in edits.items():
        path = os.path.join(site, file)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for kind, what in sorted(wanted):
            if kind == "anchor":
                pattern = before + r"([^\s)#>]*)#" + re.escape(what) + r"(?=[\s)\"'>]|$)"
                swap = lambda m: m.group(1) + (m.group(2) or "https://broken.invalid/")
            else:
                pattern = before + re.escape(what) + r"(?=[\s)\"'>#?]|$)"
                swap = lambda m: m.group(1) + "https://broken.invalid/" + what.lstrip("/@.")
            text, n = re.subn(pattern, swap, text, flags=re.MULTILINE)
            replaced += n
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    print(f"replaced {replaced} broken link targets in {len(edits)} files")


if __name__ == "__main__":
    main()
