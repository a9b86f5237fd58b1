import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ParleyError } from '../../src/shared/contract'
import { explain, KeytarVault } from '../../src/main/features/vault/keytar-vault'
import { accountPrefix, deleteAccountSecrets, secretAccount } from '../../src/main/features/vault/vault'
import { envWithoutDbus, requireSecretService, runNode, skipKeychainTests } from '../support/keyring'

/** Unique per run, so parallel runs and a developer's real "Parley" entries are never touched. */
const run = `parley-test-${process.pid}-${randomUUID()}`
const uid = (n: number): string => `${run}-acct${n}`

describe.skipIf(skipKeychainTests)('KeytarVault against a real Secret Service (gnome-keyring)', () => {
  const vault = new KeytarVault()

  beforeAll(async () => {
    await requireSecretService(vault)
  })

  afterAll(async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) return
    for (const name of await vault.list(run).catch(() => [])) await vault.delete(name)
  })

  it('describes itself as the keychain and passes its check', async () => {
    expect(vault.kind).toBe('keychain')
    expect(vault.description).toBe('Secret Service (GNOME Keyring / KWallet)')
    await expect(vault.check()).resolves.toBeUndefined()
  })

  it('sets, gets, lists and deletes the secrets of several accounts', async () => {
    const entries: [string, string][] = [
      [secretAccount(uid(1), 'accessToken'), 'tok-1'],
      [secretAccount(uid(1), 'refreshToken'), 'ref-1'],
      [secretAccount(uid(2), 'appPassword'), 'app-2'],
      [secretAccount(uid(10), 'accessToken'), 'tok-10'],
    ]
    for (const [name, secret] of entries) await vault.set(name, secret)
    for (const [name, secret] of entries) expect(await vault.get(name)).toBe(secret)

    expect(await vault.list(accountPrefix(uid(1)))).toEqual([`${uid(1)}/accessToken`, `${uid(1)}/refreshToken`])
    // The slash in the prefix keeps acct1 from matching acct10.
    expect(await vault.list(accountPrefix(uid(10)))).toEqual([`${uid(10)}/accessToken`])
    expect(await vault.list(run)).toHaveLength(4)

    expect(await deleteAccountSecrets(vault, uid(1))).toBe(2)
    expect(await vault.get(secretAccount(uid(1), 'accessToken'))).toBeNull()
    expect(await vault.list(accountPrefix(uid(1)))).toEqual([])
    expect(await vault.get(secretAccount(uid(2), 'appPassword'))).toBe('app-2')

    expect(await vault.delete(secretAccount(uid(2), 'appPassword'))).toBe(true)
    expect(await vault.delete(secretAccount(uid(10), 'accessToken'))).toBe(true)
    expect(await vault.list(run)).toEqual([])
  })

  it('keeps unicode and long (4 KB) secrets and names intact', async () => {
    const unicode = 'pässwörd 🔑 密码 пароль \u200d\t"quoted" \\ end'
    const long = randomBytes(3072).toString('base64') // 4096 characters
    const longUnicode = '🔐é'.repeat(1024) // 4 KB of characters, 6 KB of UTF-8
    const cases: [string, string][] = [
      [secretAccount(uid(3), 'unicode'), unicode],
      [secretAccount(uid(3), 'long'), long],
      [secretAccount(uid(3), 'longUnicode'), longUnicode],
      [secretAccount(`${uid(3)}-ünï 名前`, 'token'), 'named'],
    ]
    expect(long).toHaveLength(4096)
    for (const [name, secret] of cases) await vault.set(name, secret)
    for (const [name, secret] of cases) expect(await vault.get(name)).toBe(secret)
    expect(await vault.list(`${uid(3)}-ünï`)).toEqual([`${uid(3)}-ünï 名前/token`])
    for (const [name] of cases) expect(await vault.delete(name)).toBe(true)
  })

  it('overwrites a secret in place', async () => {
    const name = secretAccount(uid(4), 'session')
    await vault.set(name, 'first')
    await vault.set(name, 'second')
    expect(await vault.get(name)).toBe('second')
    expect(await vault.list(accountPrefix(uid(4)))).toEqual([name])
    expect(await vault.delete(name)).toBe(true)
  })

  it('answers null and false for entries that do not exist', async () => {
    const name = secretAccount(uid(5), 'never-set')
    expect(await vault.get(name)).toBeNull()
    expect(await vault.delete(name)).toBe(false)
    expect(await vault.list(accountPrefix(uid(5)))).toEqual([])
  })
})

describe('KeytarVault without any D-Bus session', () => {
  it('keytar itself fails, and Parley says so in plain words without echoing the secret', async () => {
    const secret = `secret-${randomUUID()}`
    const code = `
      import { createRequire } from 'node:module'
      import { runnerImport } from 'vite'
      const keytar = createRequire(process.cwd() + '/package.json')('keytar')
      let raw = null
      try { await keytar.getPassword('Parley', 'x') } catch (e) { raw = e.message }
      const { module } = await runnerImport(process.cwd() + '/src/main/features/vault/keytar-vault.ts', { configFile: false, logLevel: 'silent' })
      const vault = new module.KeytarVault()
      const outcome = async (p) => p.then(() => null, (e) => ({ name: e.name, code: e.code, message: e.message }))
      console.log(JSON.stringify({
        raw,
        check: await outcome(vault.check()),
        get: await outcome(vault.get('a/token')),
        set: await outcome(vault.set('a/token', ${JSON.stringify(secret)})),
        list: await outcome(vault.list('a/')),
        remove: await outcome(vault.delete('a/token')),
      }))
    `
    const result = await runNode(code, envWithoutDbus())
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const out = JSON.parse(result.stdout) as Record<string, { name: string; code: string; message: string } | string | null>
    // The premise: what keytar says on a headless Linux box.
    expect(out.raw).toMatch(/Cannot autolaunch D-Bus without X11 \$DISPLAY/)
    for (const key of ['check', 'get', 'set', 'list', 'remove']) {
      expect(out[key]).toEqual({
        name: 'ParleyError',
        code: 'unavailable',
        message: expect.stringMatching(/^No keychain is available: Parley needs a Secret Service .*--vault file.*\. Parley never stores secrets in plain text\.$/),
      })
    }
    expect(result.stdout).not.toContain(secret)
  })
})

describe('explain (keytar failures in our words)', () => {
  const failing = (message: string) =>
    new KeytarVault({
      load: () => {
        const fail = async (): Promise<never> => {
          throw new Error(message)
        }
        return { getPassword: fail, setPassword: fail, deletePassword: fail, findPassword: fail, findCredentials: fail }
      },
    })

  it('names a locked keychain', async () => {
    await expect(failing('Cannot create an item in a locked collection').set('a/b', 'x')).rejects.toThrow(/^The keychain is locked: unlock it/)
  })

  it('never repeats the secret, even when a backend echoes it', async () => {
    const secret = 'hunter2-very-secret'
    const error = await failing(`Bad value "${secret}"\n  for a/b`).set('a/b', secret).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParleyError)
    expect((error as ParleyError).message).toBe('The OS keychain refused the request (Bad value "[secret]" for a/b).')
  })

  it('keeps unknown reasons to one short line', () => {
    const error = explain(new Error(`x${'y'.repeat(1000)}\n\nz`))
    expect(error.code).toBe('unavailable')
    expect(error.message.length).toBeLessThan(260)
    expect(error.message).not.toContain('\n')
  })

  it('maps a missing Secret Service name on the bus to the no-keychain message', () => {
    expect(explain(new Error('The name org.freedesktop.secrets was not provided by any .service files')).message).toMatch(/^No keychain is available/)
  })
})
