# Timing helpers the benchmark scripts share; sourced, after setting `timing` to a folder
# for /usr/bin/time's output.

# Prints "wall user maxrss_kib system" of one command. The previous run's files are flushed
# to disk first, so no run pays for another's writeback.
measure() {
  sync
  /usr/bin/time -f "%e %U %M %S" -o "$timing/time.txt" "$@" >/dev/null 2>"$timing/stderr.txt" || {
    cat "$timing/stderr.txt" >&2
    return 1
  }
  cat "$timing/time.txt"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# A Markdown table row of the medians of a file of `measure` lines.
report() { # label file
  local wall user mem sys
  wall=$(cut -d' ' -f1 "$2" | median)
  user=$(cut -d' ' -f2 "$2" | median)
  mem=$(cut -d' ' -f3 "$2" | median)
  sys=$(cut -d' ' -f4 "$2" | median)
  printf '| %s | %s s | %s s | %s s | %s MiB |\n' "$1" "$wall" "$user" "$sys" "$((mem / 1024))"
}
