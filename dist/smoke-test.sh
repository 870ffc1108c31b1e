#!/usr/bin/env bash
# Smoke test of the Linux installer (README "Installers"); not run by CI. As root:
#   dist/smoke-test.sh [--root DIR] [DEB]
# installs the .deb (default: target/dist/qkv-lens_*.deb from `./mvnw -Pdist package`) with apt-get, which pulls in
# its dependencies; starts the installed app under Xvfb at 1366x768, lets it train the default run, takes a screenshot;
# checks that the launcher's JVM did not relaunch itself; runs the installed command line (--version, a 2-epoch train on
# the bundled sample corpus); removes the package and checks that nothing of it is left.
# With --root DIR it does all of that inside DIR, a minimal Debian made with debootstrap (made if DIR is missing), so
# the package meets a system that has only what it declares; Xvfb runs outside and the app reaches it through the bind
# mounted X socket. Without --root it runs on this machine. Leaves out: per-user files the app itself writes when it
# runs (~/.openjfx/cache, ~/.javacpp/cache, ~/.java/.userPrefs/org/qkvlens), which a package manager never removes.
# Output: the screenshot and logs in $OUT (default target/smoke-test).
set -euo pipefail
cd "$(dirname "$0")/.."

root=""
if [ "${1:-}" = "--root" ]; then root=$(readlink -f "$2"); shift 2; fi
deb=${1:-$(ls target/dist/qkv-lens_*.deb 2>/dev/null | head -1 || true)}
[ -f "$deb" ] || { echo "smoke-test: no .deb (build it with ./mvnw -Pdist package, or name it)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "smoke-test: needs root (dpkg, chroot)" >&2; exit 2; }
out=$(readlink -f "${OUT:-target/smoke-test}"); mkdir -p "$out"
display=${SMOKE_DISPLAY:-:73}
seconds=${SMOKE_SECONDS:-25}
step() { echo "== $*"; }

# --- where the package goes: this machine, or a fresh minimal Debian under $root ----------------------------------
run() { "$@"; }
mounts=(); xvfb=""; launcher=""; app_pid=""
cleanup() {   # on any exit: the app and Xvfb this script started, then the chroot's mounts
  [ -z "$app_pid" ] || pkill -P "$app_pid" 2>/dev/null || true   # the launcher, child of the background job
  [ -z "$launcher" ] || kill "$launcher" 2>/dev/null || true
  [ -z "$xvfb" ] || kill "$xvfb" 2>/dev/null || true
  for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null || true; done
}
trap cleanup EXIT
if [ -n "$root" ]; then
  if [ ! -x "$root/bin/sh" ]; then
    step "debootstrap a minimal Debian into $root"
    command -v debootstrap >/dev/null || apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
    . /etc/os-release
    debootstrap --variant=minbase "$VERSION_CODENAME" "$root" http://deb.debian.org/debian >"$out/debootstrap.log"
  fi
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  for m in proc sys dev dev/pts tmp/.X11-unix; do
    mkdir -p "$root/$m"
    mount --bind "/$m" "$root/$m"
    mounts=("$root/$m" "${mounts[@]}")
  done
  run() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root ${DISPLAY:+DISPLAY=$DISPLAY} \
      ${JAVA_TOOL_OPTIONS:+"JAVA_TOOL_OPTIONS=$JAVA_TOOL_OPTIONS"} "$@"; }
  cp "$deb" "$root/tmp/"; inside_deb=/tmp/$(basename "$deb")
  # What a desktop system has (its menu, from the desktop environment), so the install adds the menu entry there.
  mkdir -p "$root/usr/share/applications" "$root/usr/share/desktop-directories" "$root/etc/xdg/menus"
else
  inside_deb=$(readlink -f "$deb")
fi

step "install $(basename "$deb") ($(du -h "$deb" | cut -f1))"
if run dpkg-query -W qkv-lens >/dev/null 2>&1; then echo "removing the qkv-lens installed before"; run dpkg -P qkv-lens >/dev/null; fi
run apt-get update -qq
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$inside_deb" >"$out/install.log"
run dpkg -s qkv-lens | grep -E '^(Package|Version|Status)'
app="/opt/qkv-lens/bin/QKV Lens"; cli=/opt/qkv-lens/bin/qkv-lens
run test -x "$app"
if grep -q "qkv-lens: no menu entry" "$out/install.log"; then
  echo "no desktop menu on this system: installed without a menu entry"
else
  run ls /usr/share/applications | grep -q qkv-lens || { echo "smoke-test: no menu entry in /usr/share/applications" >&2; exit 1; }
  echo "menu entry: $(run ls /usr/share/applications | grep qkv-lens)"
fi

step "start the installed app under Xvfb $display (1366x768) for $seconds s"
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
export DISPLAY=$display JAVA_TOOL_OPTIONS="-Dqkvlens.startup=print -Dqkvlens.runs=temp"
run "$app" >"$out/app.log" 2>&1 &
app_pid=$!
sleep "$seconds"
import -window root "$out/installed-app.png"
launcher=$(pgrep -P "$app_pid" || echo "$app_pid")   # the background job is a subshell whose child is the launcher
kids=$(pgrep -P "$launcher" || true)                  # a JVM that relaunched itself has a child: the second JVM
ps -o pid,args -p "$launcher" | tail -1
cat "$out/app.log"
kill "$launcher" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; launcher=""; app_pid=""
kill "$xvfb"; wait "$xvfb" 2>/dev/null || true; xvfb=""
unset JAVA_TOOL_OPTIONS DISPLAY
grep -q "startup: first frame .*(relaunched: no)" "$out/app.log" || { echo "smoke-test: no first frame, or the launcher relaunched" >&2; exit 1; }
grep -q "startup: first epoch" "$out/app.log" || { echo "smoke-test: no epoch finished in $seconds s" >&2; exit 1; }
[ -z "$kids" ] || { echo "smoke-test: the launcher started a child process (a relaunch?): $kids" >&2; exit 1; }
echo "one process, not relaunched"
echo "screenshot: $out/installed-app.png"

step "the installed command line"
run "$cli" --version
run sh -c "cd /tmp && $cli train --preset article --corpus /opt/qkv-lens/lib/app/sample-sentences/eng_de.csv --epochs 2 --out /tmp/smoke-run.npz" | tee "$out/cli.log" | tail -4
run test -s /tmp/smoke-run.npz
run rm -f /tmp/smoke-run.npz

step "remove the package"
run dpkg-query -L qkv-lens >"$out/files.txt"
run dpkg -r qkv-lens >"$out/remove.log"
# What dpkg installed (but the directories every system has), and the menu entry xdg-desktop-menu made.
left=$(run sh -c 'while read -r f; do case "$f" in /opt|/usr|/usr/share|/usr/share/doc|/.) continue;; esac;
  [ -e "$f" ] || [ -L "$f" ] && echo "$f"; done; ls -d /usr/share/applications/*qkv* /etc/xdg/menus/applications-merged/*qkv* 2>/dev/null' <"$out/files.txt" || true)
if [ -n "$left" ]; then echo "smoke-test: left after dpkg -r: $left" >&2; exit 1; fi
echo "nothing left of the $(wc -l <"$out/files.txt") paths the package installed, nor a menu entry"
# A package with maintainer scripts stays known to dpkg as "rc" (removed, config remains) until purged; it has no
# config files, so the purge deletes nothing more.
run dpkg -P qkv-lens >>"$out/remove.log"
if run dpkg-query -W qkv-lens >/dev/null 2>&1; then echo "smoke-test: dpkg still knows qkv-lens after dpkg -P" >&2; exit 1; fi
echo "smoke-test: passed"
