#!/usr/bin/env bash
# Installs every system prerequisite of DynamoFS on Debian 12, idempotently.
# - fuse3: fusermount3 (unprivileged mounts, auto_unmount) and /etc/fuse.conf
# - libfuse3-dev, pkg-config, gcc: the libfuse reference file system the protocol benchmark compiles
# - default-jre-headless: DynamoDB Local runs on Java 17 (already present on the dev image)
# - util-linux (setpriv), git, tar, acl tools used by the test suites
# DynamoDB Local itself is installed by `dynamofs` on first use (see src/DynamoFS.DynamoDb/Local).
set -euo pipefail

need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in fuse3 libfuse3-dev pkg-config gcc make git tar util-linux default-jre-headless attr; do
    have "$pkg" || need+=("$pkg")
done

if ((${#need[@]})); then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    echo "setup: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Let non-root mounts use allow_other when asked (tests mount as other users too).
if [ -w /etc/fuse.conf ] && ! grep -q '^user_allow_other' /etc/fuse.conf; then
    echo user_allow_other >> /etc/fuse.conf
fi

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: npm is required to fetch DynamoDB Local (install Node.js 20)" >&2; exit 1; }
command -v java >/dev/null || { echo "setup: Java 17 is required for DynamoDB Local" >&2; exit 1; }
[ -e /dev/fuse ] || { echo "setup: /dev/fuse is missing (load the fuse module: modprobe fuse)" >&2; exit 1; }
echo "setup: prerequisites present"
