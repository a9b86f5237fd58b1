import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import type { Vault } from '../../src/main/features/vault/vault'

/** Set to 1 to skip the tests that need a real Secret Service — explicitly; they never skip on their own. */
export const skipKeychainTests = process.env.PARLEY_SKIP_KEYCHAIN_TESTS === '1'

export const KEYCHAIN_HOW_TO =
  'The keychain tests need a Secret Service (GNOME Keyring) on the D-Bus session bus. Run them through `npm test` ' +
  '(scripts/test.sh starts a private D-Bus session with an unlocked keyring), or by hand:\n' +
  "  dbus-run-session -- bash -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; vitest run tests/node/vault'\n" +
  '(packages: dbus, gnome-keyring). To skip them on purpose, set PARLEY_SKIP_KEYCHAIN_TESTS=1.'

/** Fails — never skips — with how to run the tests, unless a writable Secret Service answers. */
export async function requireSecretService(vault: Vault): Promise<void> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error(`No D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset).\n${KEYCHAIN_HOW_TO}`)
  }
  const probe = `parley-test-probe-${randomUUID()}/probe`
  try {
    await vault.check()
    await vault.set(probe, 'probe')
    await vault.delete(probe)
  } catch (error) {
    throw new Error(`The Secret Service is not usable: ${error instanceof Error ? error.message : String(error)}\n${KEYCHAIN_HOW_TO}`, {
      cause: error,
    })
  }
}

/** Runs an ES module snippet in a plain Node child (repo root as cwd) and answers what it printed. */
export function runNode(code: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('exit', (exit) => resolve({ code: exit, stdout, stderr }))
  })
}

/** This environment without any way to reach a D-Bus session (no bus address, no X11 display to autolaunch one). */
export function envWithoutDbus(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.DBUS_SESSION_BUS_ADDRESS
  delete env.DISPLAY
  delete env.WAYLAND_DISPLAY
  return env
}
