#!/usr/bin/env bash
# The static cdx in a container-like root, with no Swift in sight (Documentation/ScaleOut.md):
#
#   Tools/container/test.sh [STATIC-CDX] [DYNAMIC-CDX]
#
# No container engine runs here, so instead of `docker build -f Deploy/Containerfile` this
# builds a root folder from the Containerfile's own COPY and WORKDIR lines, in place of
# debian:bookworm-slim puts only the C libraries `ldd` names (each one that slim ships),
# and runs the binary in it with unshare (its own mount and PID namespaces, /proc mounted,
# an empty environment): /opt/swift and every other folder of this machine are out of
# reach. There the binary must play a shipped exercise into its golden journal byte for
# byte, and simulate exactly what the dynamic (debug) build simulates. Run as root.
set -euo pipefail
cd "$(dirname "$0")/../.."
static=${1:-.build/release/cdx}
dynamic=${2:-.build/debug/cdx}
containerfile=Deploy/Containerfile
[ -x "$static" ] || { echo "$0: no static build at $static (swift build -c release --product cdx --static-swift-stdlib)" >&2; exit 1; }
[ -x "$dynamic" ] || { echo "$0: no dynamic build at $dynamic (swift build)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/stage
root=$tmp/root

# The staged folder the Containerfile is built from, made as its header says.
mkdir -p "$stage" "$root"
cp "$static" "$stage/cdx"
cp -R Exercises "$stage/"

# The libraries the binary loads: none of Swift's, only C libraries that
# debian:bookworm-slim has (libc6, libgcc-s1, libstdc++6 are in every Debian image).
libraries=$(ldd "$static" | awk '$2 == "=>" { print $3; next } $1 ~ /^\// { print $1 }')
for lib in $libraries; do
  case $(basename "$lib") in
    libc.so.6 | libm.so.6 | libstdc++.so.6 | libgcc_s.so.1 | ld-linux-x86-64.so.2 | ld-linux-aarch64.so.1 | libpthread.so.0 | libdl.so.2 | librt.so.1) ;;
    *) echo "$0: $static needs $lib, which debian:bookworm-slim does not ship (ldd):" >&2; ldd "$static" >&2; exit 1 ;;
  esac
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
if ldd "$static" | grep -qi swift; then echo "$0: $static still loads Swift's libraries:" >&2; ldd "$static" >&2; exit 1; fi

# FROM, COPY and WORKDIR, the only instructions the Containerfile may use for this test to
# stand for it (a RUN would need a real engine).
workdir=/
while read -r instruction rest; do
  case $instruction in
    '' | '#'*) ;;
    FROM) [ "$rest" = "debian:bookworm-slim" ] || { echo "$0: $containerfile: FROM $rest, expected debian:bookworm-slim" >&2; exit 1; } ;;
    COPY)
      read -r source target <<<"$rest"
      mkdir -p "$root$(dirname "${target%/}")"
      if [ -d "$stage/$source" ]; then cp -R "$stage/${source%/}" "$root${target%/}"; else cp "$stage/$source" "$root$target"; fi
      ;;
    WORKDIR) workdir=$rest; mkdir -p "$root$workdir" ;;
    CMD | ENTRYPOINT | LABEL | ENV) ;;
    *) echo "$0: $containerfile: '$instruction' cannot be run without a container engine; this test stands for FROM, COPY and WORKDIR only" >&2; exit 1 ;;
  esac
done <"$containerfile"
mkdir -p "$root/proc" "$root/tmp"
[ -e "$root/opt" ] && { echo "$0: the root has an /opt" >&2; exit 1; }

# Runs a command in the root: what the image's CMD or a pod's command would see, minus
# everything the image does not hold.
inside() { env -i PATH=/usr/local/bin:/usr/bin:/bin /usr/bin/unshare --mount --pid --fork --mount-proc --root="$root" --wd="$workdir" "$@"; }

inside cdx --help >/dev/null
inside cdx run Exercises/shared-vendor.exercise --responses Exercises/shared-vendor.responses --journal out/shared-vendor.jsonl >/dev/null 2>&1
cmp "$root$workdir/out/shared-vendor.jsonl" Tests/ExerciseCLITests/Snapshots/shared-vendor.jsonl
inside cdx simulate Exercises/shared-vendor.exercise --runs 2000 --players reactive --seed 26 --shard 2/3 --json out/shard-2.json >/dev/null 2>&1
"$dynamic" simulate Exercises/shared-vendor.exercise --runs 2000 --players reactive --seed 26 --shard 2/3 --json "$tmp/dynamic-shard-2.json" >/dev/null 2>&1
cmp "$root$workdir/out/shard-2.json" "$tmp/dynamic-shard-2.json"
echo "the static cdx ($(du -h "$static" | cut -f1), loads only $(for lib in $libraries; do basename "$lib"; done | paste -sd' ' -)) runs in a root without Swift: its journal and simulation equal the dynamic build's"
