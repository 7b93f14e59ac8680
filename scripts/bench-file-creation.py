#!/usr/bin/env python3
"""What the kernel's file creation costs alone: recreates a built site's tree of folders
and files, each file as long as the original, in a new folder, and prints the wall time and
the user and system CPU of the creation only (the listing of the original comes first and
is not counted).

    bench-file-creation.py BUILT_OUTPUT NEW_FOLDER

A build's system CPU is mostly this: the same folders made and the same bytes written,
with none of the rendering. The files are written one after another from one thread, so
compare its system CPU with a build's, not its wall time (a build writes from every core).
Python 3.8 or later, standard library only.
"""

import os
import resource
import sys
import time


def listing(root):
    """Every folder (relative, parents first) and every file with its length."""
    folders, files = [], []
    for folder, subfolders, names in os.walk(root):
        relative = os.path.relpath(folder, root)
        for name in subfolders:
            folders.append(os.path.normpath(os.path.join(relative, name)))
        for name in names:
            path = os.path.join(folder, name)
            files.append((os.path.normpath(os.path.join(relative, name)), os.lstat(path).st_size))
    return folders, files


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    source, target = sys.argv[1], sys.argv[2]
    if os.path.exists(target):
        sys.exit(f"{target} exists: give a new folder")
    folders, files = listing(source)
    longest = max((size for _, size in files), default=0)
    filler = b"x" * longest
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.monotonic()
    os.mkdir(target)
    for folder in folders:
        os.mkdir(os.path.join(target, folder))
    for path, size in files:
        fd = os.open(os.path.join(target, path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, filler[:size])
        finally:
            os.close(fd)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    total = sum(size for _, size in files)
    print(
        f"{len(folders):,} folders, {len(files):,} files, {total / 1e9:.2f} GB: "
        f"{wall:.2f} s wall, {after.ru_utime - before.ru_utime:.2f} s user, "
        f"{after.ru_stime - before.ru_stime:.2f} s system"
    )


if __name__ == "__main__":
    main()
