#!/usr/bin/env bash
# Start time of the installed app against the plain jar (README "Installers"); not run by CI.
#   dist/measure-startup.sh [ROUNDS]      (default 5; needs the .deb installed and target/qkv-lens.jar built)
# Alternates, round by round, three ways to start the app on one Xvfb display (1366x768):
#   installed   /opt/qkv-lens/bin/QKV Lens (jlinked runtime, Vector API flag in the launcher)
#   jar         java -jar target/qkv-lens.jar, as the README says (Main relaunches a second JVM with the flag)
#   jar+flag    java --add-modules jdk.incubator.vector -jar target/qkv-lens.jar (the jar without the relaunch)
# and prints, per start, the wall time from the command's start to the app's "first frame" and "first epoch" lines
# (-Dqkvlens.startup=quit: StartupReport prints them and quits after the first epoch of the default run), and the CPU
# time (user + system, every JVM of the start) until it quit, which a machine busy with other work disturbs less;
# then the median of each over the rounds. Last, the command line's start alone, the same way alternating:
# `qkv-lens --version` from the installed launcher against `java -jar target/qkv-lens.jar --version` (wall and CPU time).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
app="/opt/qkv-lens/bin/QKV Lens"
[ -x "$app" ] || { echo "measure-startup: $app is not installed (apt-get install ./target/dist/qkv-lens_*.deb)" >&2; exit 2; }
[ -f target/qkv-lens.jar ] || { echo "measure-startup: build target/qkv-lens.jar first" >&2; exit 2; }
display=${MEASURE_DISPLAY:-:74}
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -f "${results:-}"' EXIT
for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
export DISPLAY=$display

# The median of column COL of the rows of NAME in $results.
med() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$results" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# One start: prints "<name> frame <ms> epoch <ms>" (wall time since the command started).
measure() {
  local name=$1; shift
  local t0 frame=- epoch=- cpu
  cpu=$(mktemp)
  t0=$(date +%s%N)
  while IFS= read -r line; do
    case $line in
      "startup: first frame"*) frame=$(( ($(date +%s%N) - t0) / 1000000 ));;
      "startup: first epoch"*) epoch=$(( ($(date +%s%N) - t0) / 1000000 ));;
    esac
  done < <(JAVA_TOOL_OPTIONS="-Dqkvlens.startup=quit -Dqkvlens.runs=temp" /usr/bin/time -o "$cpu" -f "%U %S" "$@" 2>/dev/null)
  wait $! 2>/dev/null || true
  printf '%-9s frame %6s ms   epoch %6s ms   cpu %5.1f s\n' "$name" "$frame" "$epoch" "$(awk '{print $1 + $2}' "$cpu")"
  rm -f "$cpu"
}

results=$(mktemp)
for r in $(seq 1 "$rounds"); do
  echo "round $r"
  measure installed "$app" | tee -a "$results"
  measure jar "$java" -jar target/qkv-lens.jar | tee -a "$results"
  measure jar+flag "$java" --add-modules jdk.incubator.vector -jar target/qkv-lens.jar | tee -a "$results"
done
echo "medians of $rounds rounds"
for name in installed jar jar+flag; do
  printf '%-9s frame %6s ms   epoch %6s ms   cpu %5s s\n' "$name" "$(med "$name" 3)" "$(med "$name" 6)" "$(med "$name" 9)"
done

# One command-line start: "<name> <wall ms> <cpu s>".
cli() {
  local name=$1 t0 cpu; shift
  cpu=$(mktemp)
  t0=$(date +%s%N)
  /usr/bin/time -o "$cpu" -f "%U %S" "$@" >/dev/null 2>&1
  printf '%-12s %6s ms   cpu %5.2f s\n' "$name" "$(( ($(date +%s%N) - t0) / 1000000 ))" "$(awk '{print $1 + $2}' "$cpu")"
  rm -f "$cpu"
}
: >"$results"
for r in $(seq 1 "$rounds"); do
  cli installed-cli /opt/qkv-lens/bin/qkv-lens --version >>"$results"
  cli jar-cli "$java" -jar target/qkv-lens.jar --version >>"$results"
done
cat "$results"
echo "medians of $rounds rounds"
for name in installed-cli jar-cli; do
  printf '%-12s %6s ms   cpu %5s s\n' "$name" "$(med "$name" 2)" "$(med "$name" 5)"
done
rm -f "$results"
