import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ParleyError } from '../../src/shared/contract'
import { FileVault } from '../../src/main/features/vault/file-vault'
import { KeytarVault } from '../../src/main/features/vault/keytar-vault'
import { openVault } from '../../src/main/features/vault/open-vault'
import { readPassphrase, type PassphrasePrompt } from '../../src/main/features/vault/passphrase'
import { tempDir } from '../support/workspace'

const FAST = { N: 2 ** 14, r: 8, p: 1 }

/** A pretend terminal: what the user types goes in, what Parley shows comes out. */
function terminal(isTTY = true): PassphrasePrompt & { input: PassThrough; shown: () => string } {
  const input = Object.assign(new PassThrough(), { isTTY })
  const output = new PassThrough()
  let shown = ''
  output.on('data', (d: Buffer) => (shown += d.toString()))
  return { input, output, shown: () => shown }
}

/** Types each line once the previous question is on screen. */
function type(term: ReturnType<typeof terminal>, ...lines: string[]): void {
  let asked = 0
  term.output.on('data', (d: Buffer) => {
    const text = d.toString()
    if (/passphrase|again/i.test(text) && asked < lines.length) {
      const line = lines[asked++]!
      setImmediate(() => term.input.write(line))
    }
  })
}

describe('readPassphrase', () => {
  it('takes PARLEY_VAULT_PASSPHRASE when set, without prompting', async () => {
    const term = terminal()
    await expect(readPassphrase({ env: { PARLEY_VAULT_PASSPHRASE: 'from env' }, prompt: term })).resolves.toBe('from env')
    expect(term.shown()).toBe('')
  })

  it('asks on a terminal without echoing what is typed', async () => {
    const term = terminal()
    type(term, 's3cret phrase\r')
    await expect(readPassphrase({ env: {}, prompt: term })).resolves.toBe('s3cret phrase')
    expect(term.shown()).toContain('Passphrase for the Parley vault: ')
    expect(term.shown()).not.toContain('s3cret')
  })

  it('asks twice when confirming, and refuses two different answers', async () => {
    const ok = terminal()
    type(ok, 'same one\r', 'same one\r')
    await expect(readPassphrase({ env: {}, prompt: ok, confirm: true })).resolves.toBe('same one')
    expect(ok.shown()).toContain('Type the passphrase again')

    const typo = terminal()
    type(typo, 'first one\r', 'frist one\r')
    const error = await readPassphrase({ env: {}, prompt: typo, confirm: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParleyError)
    expect((error as ParleyError).message).toBe('The two passphrases do not match; nothing was changed.')
    expect(typo.shown()).not.toMatch(/first|frist/)
  })

  it('refuses an empty answer and a closed terminal', async () => {
    const empty = terminal()
    type(empty, '\r')
    await expect(readPassphrase({ env: {}, prompt: empty })).rejects.toThrow('The vault passphrase cannot be empty.')

    const closed = terminal()
    closed.output.once('data', () => setImmediate(() => closed.input.end()))
    await expect(readPassphrase({ env: {}, prompt: closed })).rejects.toThrow(/^Cancelled: no passphrase was given\.$/)
  })

  it('fails in plain words with neither the variable nor a terminal', async () => {
    const message = 'The file vault needs its passphrase: set PARLEY_VAULT_PASSPHRASE, or run Parley in a terminal to be asked for it.'
    await expect(readPassphrase({ env: {}, prompt: terminal(false) })).rejects.toThrow(message)
    await expect(readPassphrase({ env: { PARLEY_VAULT_PASSPHRASE: '' }, prompt: false })).rejects.toThrow(message)
    const error = await readPassphrase({ env: {}, prompt: false }).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'ParleyError', code: 'unauthorized' })
  })
})

describe('openVault', () => {
  let dir: string
  let cleanup: () => void
  beforeEach(() => ({ dir, cleanup } = tempDir('parley-open-vault-')))
  afterEach(() => cleanup())

  it("'none' is no vault at all", () => {
    expect(openVault({ kind: 'none', dataDir: dir })).toBeNull()
  })

  it("'keychain' is the OS keychain and never a file, even with a passphrase at hand", () => {
    const vault = openVault({ kind: 'keychain', dataDir: dir, passphrase: 'unused', env: { PARLEY_VAULT_PASSPHRASE: 'unused' } })
    expect(vault).toBeInstanceOf(KeytarVault)
    expect(vault?.kind).toBe('keychain')
    expect(existsSync(join(dir, 'secrets.vault'))).toBe(false)
  })

  it("'file' is the encrypted file in the data folder, opened with the passphrase given", async () => {
    const vault = openVault({ kind: 'file', dataDir: dir, passphrase: 'pass one', scrypt: FAST })
    expect(vault).toBeInstanceOf(FileVault)
    expect(vault?.kind).toBe('file')
    expect(vault?.description).toBe(`Encrypted file (${join(dir, 'secrets.vault')})`)
    await vault!.set('acct/token', 'tok')
    const again = openVault({ kind: 'file', dataDir: dir, env: { PARLEY_VAULT_PASSPHRASE: 'pass one' } })
    expect(await again!.get('acct/token')).toBe('tok')
  })

  it("'file' without any passphrase fails in plain words", () => {
    expect(() => openVault({ kind: 'file', dataDir: dir, env: {} })).toThrow(/^The file vault needs its passphrase: set PARLEY_VAULT_PASSPHRASE/)
  })

  it('refuses an unknown kind', () => {
    expect(() => openVault({ kind: 'plaintext' as 'none', dataDir: dir })).toThrow('Unknown vault "plaintext": use keychain, file or none.')
  })
})
