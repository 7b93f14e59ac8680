#!/usr/bin/env bash
# gazette against Hugo at large sizes of the benchmark corpus, each build under a memory cap.
#
#   GAZETTE=path HUGO=path CAP_MIB=19456 RUNS=1 scripts/bench-scale.sh 100000 200000 1000000
#
# For each size N (N/10 institutions, the rest news, seed 1, generated with
# benches/corpus/gen_corpus.py into BENCH_DIR/cN when missing, as scripts/bench.sh does) it
# builds RUNS times, alternating, with gazette from scratch into a new folder and with Hugo
# (benches/corpus/hugo/) from scratch into a new folder, and prints a Markdown table per
# size: wall time, user and system CPU, peak memory, and the outcome (exit status and the
# number of HTML files written).
#
# A watchdog polls each build's resident memory (VmRSS in /proc/PID/status) every 0.2 s
# and keeps the highest VmHWM it saw. A build whose RSS passes CAP_MIB (19456 MiB) is
# killed (SIGKILL) and reported as stopped at the cap, with the seconds it ran and its peak:
# the point is to see how far a build gets on a machine without swap, not to let it take
# the machine down. For the same reason a build is also killed when the machine's available
# memory (MemAvailable) falls below MIN_AVAIL_MIB (1024), which can happen before the cap
# when other work runs beside it, or when the output's file system has less than
# MIN_FREE_MIB (4096) free, or, with MAX_SECONDS set, when it has run that long (to see how
# far a build gets in a given time and with how much memory). Every 5 s the watchdog writes RSS, peak, available memory and
# free disk to a timeline beside the build's logs, which shows how the memory grew.
#
# BUILDERS ("gazette hugo") says which of the two to run: "hugo" alone to see where Hugo
# stops at a size gazette was measured at with `--verbose`.
#
# GAZETTE names the gazette binary (cargo build --profile dist of this checkout when
# unset); HUGO a Hugo binary (`hugo` on PATH when unset; no Hugo builds when there is none).
# BENCH_DIR is where corpora and builds go (/tmp/gazette-bench), LOG_DIR where each build's
# time, stdout, stderr and memory timeline are kept (/tmp/bench-scale). Outputs are removed
# as soon as they are measured: at a million items one takes over 20 GB.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=$here/benches/corpus
runs=${RUNS:-1}
work=${BENCH_DIR:-/tmp/gazette-bench}
logs=${LOG_DIR:-/tmp/bench-scale}
cap_mib=${CAP_MIB:-19456}
min_avail_mib=${MIN_AVAIL_MIB:-1024}
min_free_mib=${MIN_FREE_MIB:-4096}
max_seconds=${MAX_SECONDS:-0}
builders=${BUILDERS:-gazette hugo}
# Seconds to wait after removing an output: ext4 skips inodes freed in the last minute when
# it allocates new ones (see scripts/bench.sh), and a removed output holds up to a million.
settle=${SETTLE:-65}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || { echo "usage: $0 SIZE..." >&2; exit 2; }

gazette=${GAZETTE:-}
if [ -z "$gazette" ]; then
  cargo build --profile dist --quiet --manifest-path "$here/Cargo.toml"
  gazette=${CARGO_TARGET_DIR:-$here/target}/dist/gazette
fi
hugo=${HUGO:-$(command -v hugo || true)}
hugo_version=
[ -z "$hugo" ] || hugo_version=$("$hugo" version | cut -d' ' -f2 | cut -d- -f1)

runs_root=$work/scale-runs
mkdir -p "$work" "$logs"
watched_pid=
cleanup() {
  # A build still running when the script is interrupted is stopped with it.
  if [ -n "$watched_pid" ] && kill -0 "$watched_pid" 2>/dev/null; then
    kill -KILL "$watched_pid" 2>/dev/null || true
  fi
  rm -rf "$runs_root"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ -d "$runs_root" ]; then
  rm -rf "$runs_root" && sync && sleep "$settle"
fi

# Reads VmRSS and VmHWM (KiB) of a process into `rss` and `hwm`; fails once it is gone.
# A process that has exited but not been reaped has neither line: both are then left as
# they were.
read_mem() {
  local k v _
  while read -r k v _; do
    case $k in
      VmRSS:) rss=$v ;;
      VmHWM:) hwm=$v ;;
    esac
  done </proc/"$1"/status
} 2>/dev/null

avail_kib() { awk '/^MemAvailable:/ {print $2}' /proc/meminfo; }
free_mib() { stat -f -c '%a %S' "$1" | awk '{printf "%d", $1 * $2 / 1048576}'; }

# Runs one build under /usr/bin/time and the watchdog. Appends a table row to $table and
# prints the stderr tail of a build that failed or was stopped to $notes.
watched() { # label out_dir log_prefix command...
  local label=$1 out=$2 prefix=$3
  shift 3
  local timef=$prefix.time errf=$prefix.stderr timeline=$prefix.timeline
  sync
  local t0 now elapsed
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%e %U %S %M %x' -o "$timef" "$@" >"$prefix.stdout" 2>"$errf" &
  local tpid=$!
  watched_pid=
  # The build is time's only child: wait until it has started.
  while [ -z "$watched_pid" ] && kill -0 "$tpid" 2>/dev/null; do
    watched_pid=$(pgrep -P "$tpid" || true)
    [ -n "$watched_pid" ] || sleep 0.01
  done
  local rss=0 hwm=0 peak=0 stopped= polls=0 avail free
  printf 'seconds rss_mib hwm_mib mem_available_mib disk_free_mib\n' >"$timeline"
  while [ -n "$watched_pid" ] && kill -0 "$watched_pid" 2>/dev/null; do
    read_mem "$watched_pid" || break
    [ "$hwm" -le "$peak" ] || peak=$hwm
    [ "$rss" -le "$peak" ] || peak=$rss
    avail=$(avail_kib)
    if [ "$rss" -gt $((cap_mib * 1024)) ]; then
      stopped="stopped at the cap ($cap_mib MiB RSS)"
    elif [ "$avail" -lt $((min_avail_mib * 1024)) ]; then
      stopped="stopped: the machine's available memory fell to $((avail / 1024)) MiB"
    elif [ "$max_seconds" -gt 0 ] && [ "$(bc <<<"$EPOCHREALTIME - $t0 > $max_seconds")" -eq 1 ]; then
      stopped="stopped after the time given ($max_seconds s)"
    elif [ $((polls % 25)) -eq 0 ]; then
      free=$(free_mib "$(dirname "$out")")
      now=$EPOCHREALTIME
      printf '%.1f %d %d %d %d\n' "$(bc <<<"$now - $t0")" $((rss / 1024)) $((peak / 1024)) \
        $((avail / 1024)) "$free" >>"$timeline"
      [ "$free" -ge "$min_free_mib" ] || stopped="stopped: $free MiB left on the output's disk"
    fi
    if [ -n "$stopped" ]; then
      kill -KILL "$watched_pid" 2>/dev/null || true
      break
    fi
    polls=$((polls + 1))
    sleep 0.2
  done
  local status=0
  wait "$tpid" || status=$?
  now=$EPOCHREALTIME
  elapsed=$(printf '%.2f' "$(bc <<<"$now - $t0")")
  watched_pid=
  # time writes "Command exited with non-zero status N" or "Command terminated by signal
  # N" before its own line when the build did not end well; its line is the last.
  local wall user sys maxrss code
  read -r wall user sys maxrss code < <(tail -n 1 "$timef")
  [ "$maxrss" -le "$peak" ] || peak=$maxrss
  local pages
  pages=$({ find "$out" -name '*.html' 2>/dev/null || true; } | wc -l)
  local outcome
  if [ -n "$stopped" ]; then
    outcome="$stopped after $elapsed s"
    wall=$elapsed
  elif grep -q '^Command terminated by signal' "$timef"; then
    outcome="killed: $(grep '^Command terminated by signal' "$timef")"
  elif [ "$status" -ne 0 ]; then
    outcome="failed, exit status $status"
  else
    outcome="finished, exit status 0"
  fi
  outcome="$outcome, $pages HTML files written"
  printf '| %s | %s s | %s s | %s s | %d MiB | %s |\n' "$label" "$wall" "$user" "$sys" \
    $((peak / 1024)) "$outcome" >>"$table"
  if [ -n "$stopped" ] || [ "$status" -ne 0 ]; then
    {
      echo "$label, last lines of its standard error ($errf):"
      echo
      tail -n 15 "$errf" | sed 's/^/    /'
      [ -s "$errf" ] || echo "    (nothing)"
      echo
    } >>"$notes"
  fi
}

for n in "${sizes[@]}"; do
  inst=$((n / 10))
  news=$((n - inst))
  site=$work/c$n
  if [ ! -d "$site/content" ]; then
    # Written beside and moved into place, so that an interrupted run leaves no half corpus
    # that a later one would take for whole.
    rm -rf "$site.partial"
    python3 "$corpus/gen_corpus.py" "$site.partial" --institutions "$inst" --news "$news" --seed 1 >/dev/null
    mv "$site.partial" "$site"
  fi
  cp "$corpus/site.yaml" "$site/site.yaml"
  rm -rf "$site/themes" && cp -r "$here/themes" "$site/themes"
  # Hugo reads the corpus's content/ where it is; its static/ and the theme's stylesheet,
  # which gazette copies into every build, go into the Hugo site's static/.
  runs_dir=$runs_root/c$n
  hugo_site=$runs_root/hugo-site
  mkdir -p "$runs_dir"
  if [ -n "$hugo" ]; then
    rm -rf "$hugo_site" && cp -r "$corpus/hugo" "$hugo_site"
    cp -r "$site/static" "$hugo_site/static"
    cp -r "$here/themes/default/static/." "$hugo_site/static/"
  fi
  # Read the corpus once before timing, so that every build finds it in the page cache
  # alike (see scripts/bench.sh).
  find "$site/content" -type f -exec cat {} + >/dev/null
  table=$logs/c$n.table
  notes=$logs/c$n.notes
  : >"$table"
  : >"$notes"
  for i in $(seq "$runs"); do
    # A new output folder and no manifest from an earlier build: from scratch.
    rm -rf "$site/.gazette-cache"
    if [[ " $builders " == *" gazette "* ]]; then
      echo "c$n run $i gazette: start $(date), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
      watched "gazette, from scratch (run $i)" "$runs_dir/gazette-$i" "$logs/c$n-gazette-$i" \
        "$gazette" build --root "$site" --output "$runs_dir/gazette-$i" --no-git --quiet
      echo "c$n run $i gazette: end $(date)" >&2
      rm -rf "$runs_dir/gazette-$i" "$site/.gazette-cache" && sync && sleep "$settle"
    fi
    if [ -n "$hugo" ] && [[ " $builders " == *" hugo "* ]]; then
      echo "c$n run $i Hugo: start $(date), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
      watched "Hugo $hugo_version, from scratch (run $i)" "$runs_dir/hugo-$i" "$logs/c$n-hugo-$i" \
        "$hugo" -s "$hugo_site" --contentDir "$site/content" -d "$runs_dir/hugo-$i" --quiet
      echo "c$n run $i Hugo: end $(date)" >&2
      rm -rf "$runs_dir/hugo-$i" && sync && sleep "$settle"
    fi
  done
  echo
  echo "### $n items ($inst institutions, $news news), $runs run(s) each, cap $cap_mib MiB"
  echo
  echo "| build | wall | user | system | peak memory | outcome |"
  echo "|---|---|---|---|---|---|"
  cat "$table"
  if [ -s "$notes" ]; then
    echo
    cat "$notes"
  fi
done
