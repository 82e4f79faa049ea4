#!/usr/bin/env bash
# `make run`: format URL (idempotent), mount it at MNT in the background, and show it working:
# write a few files, read them back, list them, show the mount's size. `make stop` unmounts.
# Usage: bash scripts/run-demo.sh [URL] [MOUNTPOINT]   (defaults: local:demo ./mnt)
set -euo pipefail
cd "$(dirname "$0")/.."

URL=${1:-local:demo}
MNT=${2:-$PWD/mnt}
DFS=./bin/dynamofs

step() { printf '\n== %s\n' "$*"; }
fail() { echo "run-demo: $*" >&2; exit 1; }

[ -x "$DFS" ] || fail "$DFS is missing: run \`make build\` first"
MNT=$(realpath -m "$MNT")

# Is MNT a mount point right now? (mountinfo field 5; a dead FUSE mount still shows up here,
# whereas stat on it fails with "Transport endpoint is not connected".)
is_mounted() { awk -v m="$MNT" '$5 == m { found = 1 } END { exit !found }' /proc/self/mountinfo; }

step "format $URL (idempotent: an existing file system is left as it is)"
"$DFS" format "$URL"

if is_mounted; then
    step "unmount the stale mount at $MNT"
    "$DFS" umount "$MNT" || fusermount3 -u -z "$MNT" || umount -l "$MNT"
fi
mkdir -p "$MNT"

step "mount $URL at $MNT (in the background)"
"$DFS" mount "$URL" "$MNT"

step "write a few files"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "hello from DynamoFS, written $(date -u +%FT%TZ)" > "$MNT/hello.txt"
mkdir -p "$MNT/docs/notes"
seq 1 10000 > "$MNT/docs/numbers.txt"
head -c 3M /dev/urandom > "$work/random.bin"
cp "$work/random.bin" "$MNT/docs/random.bin"
ln -sf ../hello.txt "$MNT/docs/notes/link-to-hello"
echo "done"

step "read them back"
cat "$MNT/hello.txt"
cat "$MNT/docs/notes/link-to-hello"
[ "$(wc -l < "$MNT/docs/numbers.txt")" -eq 10000 ] || fail "docs/numbers.txt did not read back 10000 lines"
cmp "$work/random.bin" "$MNT/docs/random.bin" || fail "docs/random.bin differs from what was written"
echo "numbers.txt: 10000 lines; random.bin: 3 MiB, identical to what was written"

step "ls -la $MNT"
ls -la "$MNT" "$MNT/docs"

step "df -h $MNT"
df -h "$MNT"

printf '\n%s is mounted at %s.\nUnmount with: make stop   (or: %s umount %s)\n' "$URL" "$MNT" "$DFS" "$MNT"
