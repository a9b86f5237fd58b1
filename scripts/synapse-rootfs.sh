#!/usr/bin/env bash
# Builds the Debian sid root filesystem the Matrix tests run a real Synapse from (under chroot,
# SQLite, 127.0.0.1 only). Debian stable has no matrix-synapse package; sid does. Built once into a
# cache outside the clone (about 450 MB); a second run sees the stamp and returns at once.
# Override the place with PARLEY_SYNAPSE_ROOTFS, the mirror with PARLEY_DEBIAN_MIRROR.
set -euo pipefail

dir="${PARLEY_SYNAPSE_ROOTFS:-/var/cache/parley/synapse-rootfs}"
stamp="$dir/.parley-rootfs-ready"
say() { printf '\033[1m[synapse-rootfs]\033[0m %s\n' "$*"; }

if [ -f "$stamp" ] && [ -x "$dir/usr/bin/python3" ]; then
  say "present at $dir"
  exit 0
fi

# The mirror the machine already uses (deb822 sources first, then the one-line format).
mirror="${PARLEY_DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  mirror="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | grep -m1 debian || true)"
fi
if [ -z "$mirror" ]; then
  mirror="$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' | grep -m1 debian || true)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v mmdebstrap >/dev/null 2>&1; then
  say "installing mmdebstrap"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
fi

# Build beside the target and move into place, so an interrupted build never looks finished.
tmp="$dir.partial"
$sudo rm -rf "$tmp"
$sudo mkdir -p "$(dirname "$dir")"
say "building Debian sid with matrix-synapse from $mirror into $dir (about a minute)"
started=$(date +%s)
# The machine's clock may run ahead of the mirror (a dated snapshot): don't reject its Release file as expired.
$sudo mmdebstrap --variant=apt --include=matrix-synapse --quiet \
  --aptopt='Acquire::Check-Valid-Until "false"' --aptopt='Acquire::Check-Date "false"' \
  sid "$tmp" "$mirror"
$sudo rm -rf "$dir"
$sudo mv "$tmp" "$dir"
$sudo touch "$stamp"
say "ready in $(( $(date +%s) - started )) s"
