#!/usr/bin/env bash
# Prepares a Debian/Ubuntu machine for Parley: system packages, Node 22, npm ci.
# Idempotent: a second run checks and skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# System packages: keytar builds against libsecret; keychain tests need a Secret Service on
# D-Bus; end-to-end tests drive Debian's Chromium (never a downloaded browser).
# Fonts so names in any script render in the end-to-end screenshots. The e-mail tests run real
# Dovecot (IMAP, LMTP, SASL) and Postfix on loopback, started from the tests, never as services.
# The team store's tests run a throwaway PostgreSQL cluster the same way (Debian's postgresql is 15 on bookworm).
packages=(libsecret-1-dev gnome-keyring dbus dbus-x11 chromium fonts-noto-color-emoji fonts-noto-cjk python3 make g++ git
  dovecot-imapd dovecot-lmtpd postfix postgresql)
if [ -f /etc/debian_version ]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing system packages: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    # Postfix asks how to configure the machine's own mail; the tests bring their own configuration.
    echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "system packages present"
  fi
else
  say "not a Debian/Ubuntu system: install libsecret, a Secret Service (gnome-keyring), D-Bus and Chromium yourself"
fi

# npm ci runs on whatever Node the system has; the project's devDependency "node@22"
# then runs every npm script and `npx parley` on Node 22.
stamp=node_modules/.parley-setup
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/node ]; then
  say "node_modules up to date"
else
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# The Matrix tests run a real Synapse under chroot from a Debian sid root filesystem, built once.
if [ -f /etc/debian_version ] && [ "$(id -u)" -eq 0 ]; then
  # Not fatal: without it (no mirror reachable) only the Matrix tests are skipped.
  bash scripts/synapse-rootfs.sh || say "could not build the Synapse root filesystem; the Matrix tests will be skipped"
else
  say "skipping the Synapse root filesystem (needs Debian and root; the Matrix tests skip without it)"
fi

node22="$(node_modules/.bin/node --version)"
say "Node for Parley: $node22 (system: $(node --version 2>/dev/null || echo none))"
say "ready"
