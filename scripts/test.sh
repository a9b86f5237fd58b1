#!/usr/bin/env bash
# The whole suite, as CI runs it: types, lint, unit and integration tests, build, end-to-end.
# Runs every step, prints each runner's summary, fails if any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
mkdir -p test-results
rm -f test-results/vitest.json test-results/playwright.json

declare -a names=() codes=()
step() {
  local name="$1"; shift
  printf '\n\033[1m=== %s\033[0m\n' "$name"
  local started=$SECONDS
  "$@"
  local code=$?
  names+=("$name ($((SECONDS - started)) s)"); codes+=("$code")
  return 0
}

# Keychain tests need a Secret Service: run them inside a private D-Bus session with an unlocked keyring.
with_keyring() {
  if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
    # A throwaway keyring folder: a keyring left by an earlier run with another password would stay locked.
    local keyrings
    keyrings="$(mktemp -d)"
    XDG_DATA_HOME="$keyrings" dbus-run-session -- bash -c 'printf "parley-ci" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; "$@"' _ "$@"
    local code=$?
    rm -rf "$keyrings"
    return $code
  else
    "$@"
  fi
}

step "type-check (vue-tsc)" vue-tsc --build
step "lint (eslint)" eslint --max-warnings 0 .
step "Electron security scan (electronegativity)" node scripts/electronegativity.mjs
step "build (electron-vite)" electron-vite build
step "unit and integration (vitest)" with_keyring vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
step "end-to-end (playwright, system chromium)" playwright test

printf '\n\033[1m=== summary\033[0m\n'
failed=0
for i in "${!names[@]}"; do
  if [ "${codes[$i]}" -eq 0 ]; then printf '  ok    %s\n' "${names[$i]}"; else printf '  FAIL  %s (exit %s)\n' "${names[$i]}" "${codes[$i]}"; failed=1; fi
done
node scripts/count-tests.mjs test-results/vitest.json test-results/playwright.json || failed=1
exit $failed
