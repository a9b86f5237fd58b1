import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ParleyError } from '../../src/shared/contract'
import { DEFAULT_SCRYPT, FileVault, vaultFile, type FileVaultOptions } from '../../src/main/features/vault/file-vault'
import { runNode } from '../support/keyring'
import { tempDir } from '../support/workspace'

/** Cheaper key settings keep the suite fast; one test checks the real defaults. */
const FAST = { N: 2 ** 14, r: 8, p: 1 }
const PASSPHRASE = 'correct horse battery staple'

let dir: string
let cleanup: () => void
let file: string
beforeEach(() => {
  ;({ dir, cleanup } = tempDir('parley-vault-'))
  file = vaultFile(dir)
})
afterEach(() => cleanup())

const open = (options: Partial<FileVaultOptions> = {}): FileVault => new FileVault({ file, passphrase: PASSPHRASE, scrypt: FAST, ...options })

async function failure(promise: Promise<unknown>): Promise<ParleyError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ParleyError)
  return error as ParleyError
}

/** Every way a secret could sit readable in the file: raw, JSON-escaped, UTF-16, hex, base64 (any alignment). */
function exposures(secret: string): Buffer[] {
  const bytes = Buffer.from(secret, 'utf8')
  const forms = [bytes, Buffer.from(JSON.stringify(secret).slice(1, -1)), Buffer.from(secret, 'utf16le')]
  forms.push(Buffer.from(bytes.toString('hex')), Buffer.from(bytes.toString('hex').toUpperCase()))
  forms.push(Buffer.from(bytes.toString('base64')), Buffer.from(bytes.toString('base64url')))
  for (const shift of [0, 1, 2]) {
    // Inside a longer base64 text only the middle of the encoding is fixed; too short a middle would match by chance.
    const inner = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64').slice(4, -4)
    if (inner.length >= 8) forms.push(Buffer.from(inner), Buffer.from(inner.replace(/\+/g, '-').replace(/\//g, '_')))
  }
  return forms
}

describe('FileVault', () => {
  it('round-trips secrets, lists names by prefix and deletes them', async () => {
    const vault = open()
    expect(vault.kind).toBe('file')
    expect(vault.description).toBe(`Encrypted file (${file})`)
    await vault.set('a1/accessToken', 'tok-1')
    await vault.set('a1/refreshToken', 'ref-1')
    await vault.set('a10/accessToken', 'tok-10')
    await vault.set('a2/appPassword', 'pässwörd 🔑 密码')
    expect(await vault.get('a1/accessToken')).toBe('tok-1')
    expect(await vault.get('a2/appPassword')).toBe('pässwörd 🔑 密码')
    expect(await vault.get('a3/none')).toBeNull()
    expect(await vault.list('a1/')).toEqual(['a1/accessToken', 'a1/refreshToken'])
    expect(await vault.list('')).toEqual(['a1/accessToken', 'a1/refreshToken', 'a10/accessToken', 'a2/appPassword'])

    await vault.set('a1/accessToken', 'tok-1b')
    expect(await vault.get('a1/accessToken')).toBe('tok-1b')
    expect(await vault.delete('a1/accessToken')).toBe(true)
    expect(await vault.delete('a1/accessToken')).toBe(false)
    expect(await vault.get('a1/accessToken')).toBeNull()

    const reopened = open()
    expect(await reopened.list('')).toEqual(['a1/refreshToken', 'a10/accessToken', 'a2/appPassword'])
    expect(await reopened.get('a2/appPassword')).toBe('pässwörd 🔑 密码')
  })

  it('keeps long secrets and odd names (prototype keys too)', async () => {
    const vault = open()
    const long = randomBytes(6000).toString('base64')
    await vault.set('x/long', long)
    await vault.set('__proto__', 'p')
    await vault.set('constructor/toString', 'c')
    const again = open()
    expect(await again.get('x/long')).toBe(long)
    expect(await again.get('__proto__')).toBe('p')
    expect(await again.get('constructor/toString')).toBe('c')
    expect(await again.get('toString')).toBeNull()
  })

  it('creates the file only on the first set, with the passphrase given', async () => {
    const vault = open()
    await vault.check()
    expect(await vault.get('a/x')).toBeNull()
    expect(await vault.list('')).toEqual([])
    expect(await vault.delete('a/x')).toBe(false)
    expect(existsSync(file)).toBe(false)

    await vault.set('a/x', 'one')
    expect(existsSync(file)).toBe(true)
    await expect(open().get('a/x')).resolves.toBe('one')
    await expect(open({ passphrase: 'another passphrase' }).get('a/x')).rejects.toThrow(/passphrase is wrong/)
  })

  it('creates a missing data folder', async () => {
    file = join(dir, 'nested', 'deeper', 'secrets.vault')
    await open().set('a/x', 'one')
    expect(await open().get('a/x')).toBe('one')
  })

  it('writes the documented envelope with the default scrypt settings and a fresh IV on every write', async () => {
    const vault = new FileVault({ file, passphrase: PASSPHRASE })
    await vault.set('a/x', 'one')
    const first = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    expect(Object.keys(first).sort()).toEqual(['N', 'checksum', 'ciphertext', 'iv', 'kdf', 'p', 'r', 'salt', 'tag', 'version'])
    expect(first).toMatchObject({ version: 1, kdf: 'scrypt', N: 2 ** 17, r: 8, p: 1 })
    expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 17, r: 8, p: 1 })
    expect(Buffer.from(first.salt as string, 'base64')).toHaveLength(16)
    expect(Buffer.from(first.iv as string, 'base64')).toHaveLength(12)
    expect(Buffer.from(first.tag as string, 'base64')).toHaveLength(16)

    await vault.set('a/x', 'two')
    const second = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    expect(second.iv).not.toBe(first.iv)
    expect(second.ciphertext).not.toBe(first.ciphertext)
    expect(second.salt).toBe(first.salt) // same key, new IV: no second scrypt per write
    expect(await new FileVault({ file, passphrase: PASSPHRASE }).get('a/x')).toBe('two')
  })

  it('upgrades a file written with weaker key settings on its next write', async () => {
    await open({ scrypt: { N: 2 ** 12, r: 8, p: 1 } }).set('a/x', 'one')
    const before = JSON.parse(readFileSync(file, 'utf8')) as { N: number; salt: string }
    expect(before.N).toBe(2 ** 12)
    const vault = open()
    expect(await vault.get('a/x')).toBe('one')
    await vault.set('a/y', 'two')
    const after = JSON.parse(readFileSync(file, 'utf8')) as { N: number; salt: string }
    expect(after.N).toBe(FAST.N)
    expect(after.salt).not.toBe(before.salt)
    expect(await open().list('')).toEqual(['a/x', 'a/y'])
  })

  it('leaves no secret, name or passphrase readable in the file, in any common encoding', async () => {
    const secrets: Record<string, string> = {
      'acct-7f3a/accessToken': 'ya29.a0AfH6SMBxQ-token-value-1234567890',
      'acct-7f3a/appPassword': 'abcd-efgh-ijkl-mnop',
      'acct-9b2c/session': JSON.stringify({ did: 'did:plc:abc123xyz', refreshJwt: 'eyJhbGciOiJIUzI1NiJ9.payload.sig' }),
      'acct-9b2c/unicode': 'pässwörd 🔑 密码 пароль',
    }
    const vault = open()
    for (const [name, secret] of Object.entries(secrets)) await vault.set(name, secret)
    const bytes = readFileSync(file)
    for (const needle of [...Object.values(secrets), ...Object.keys(secrets), 'acct-7f3a', PASSPHRASE]) {
      for (const form of exposures(needle)) {
        expect(bytes.includes(form), `${JSON.stringify(needle)} as ${JSON.stringify(form.toString('latin1').slice(0, 40))}`).toBe(false)
      }
    }
  })

  it('pads the plaintext so the file size does not give away secret lengths', async () => {
    const vault = open()
    await vault.set('a/x', 'short')
    const small = statSync(file).size
    await vault.set('a/x', 'a rather longer secret value of some sixty characters or so!!')
    expect(statSync(file).size).toBe(small)
  })

  it('refuses a wrong passphrase through the GCM tag, leaves the file untouched, and never echoes either passphrase', async () => {
    await open().set('a/x', 'secret-value-one')
    const before = readFileSync(file)
    const beforeStat = statSync(file)
    const wrong = open({ passphrase: 'Tr0ub4dor&3 wrong one' })
    for (const attempt of [() => wrong.check(), () => wrong.get('a/x'), () => wrong.list(''), () => wrong.set('a/y', 'two'), () => wrong.delete('a/x')]) {
      const error = await failure(attempt())
      expect(error.code).toBe('unauthorized')
      expect(error.message).toBe(`The vault passphrase is wrong: it does not open ${file}. Nothing was changed.`)
      expect(error.message).not.toContain('Tr0ub4dor')
      expect(error.message).not.toContain(PASSPHRASE)
      expect(error.message).not.toContain('secret-value-one')
    }
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(statSync(file).mtimeMs).toBe(beforeStat.mtimeMs)
    expect(statSync(file).ino).toBe(beforeStat.ino)
    expect(await open().get('a/x')).toBe('secret-value-one')
  })

  it('treats NFC and NFD spellings of the same passphrase alike', async () => {
    await open({ passphrase: 'caf\u00e9 au lait' }).set('a/x', 'one')
    expect(await open({ passphrase: 'cafe\u0301 au lait' }).get('a/x')).toBe('one')
  })

  describe('a damaged file', () => {
    const secret = 'the-secret-value-42'

    async function expectDamaged(mutate: (bytes: Buffer) => Buffer, detail: RegExp): Promise<void> {
      await open().set('a/x', secret)
      const damagedBytes = mutate(readFileSync(file))
      writeFileSync(file, damagedBytes)
      const vault = open()
      for (const attempt of [() => vault.check(), () => vault.get('a/x'), () => vault.set('a/y', 'new'), () => vault.delete('a/x')]) {
        const error = await failure(attempt())
        expect(error.code).toBe('unavailable')
        expect(error.message).toMatch(new RegExp(`^The vault file ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged \\(`))
        expect(error.message).toMatch(detail)
        expect(error.message).toMatch(/Parley left the file as it is/)
        expect(error.message).not.toMatch(/passphrase is wrong/)
        expect(error.message).not.toContain(secret)
      }
      // Never overwritten: the damaged bytes are still there for recovery.
      expect(readFileSync(file).equals(damagedBytes)).toBe(true)
      expect(readdirSync(dir)).toEqual(['secrets.vault'])
    }

    const envelopeOf = (bytes: Buffer): Record<string, unknown> => JSON.parse(bytes.toString('utf8')) as Record<string, unknown>
    const flipIn = (field: string) => (bytes: Buffer) => {
      const envelope = envelopeOf(bytes)
      const raw = Buffer.from(envelope[field] as string, 'base64')
      raw[Math.floor(raw.length / 2)]! ^= 0x01
      envelope[field] = raw.toString('base64')
      return Buffer.from(JSON.stringify(envelope))
    }

    it('one flipped bit in the ciphertext', () => expectDamaged(flipIn('ciphertext'), /do not match their checksum/))
    it('one flipped bit in the tag', () => expectDamaged(flipIn('tag'), /do not match their checksum/))
    it('one flipped bit in the salt', () => expectDamaged(flipIn('salt'), /do not match their checksum/))
    it('one flipped byte of the file, anywhere in the text', async () => {
      await expectDamaged((bytes) => {
        const at = bytes.indexOf('"ciphertext": "') + 20
        const copy = Buffer.from(bytes)
        copy[at] = copy[at] === 0x41 ? 0x42 : 0x41 // another valid base64 character
        return copy
      }, /do not match their checksum/)
    })
    it('a broken JSON structure', () => expectDamaged((bytes) => Buffer.from(bytes.toString('utf8').replace('{', '[')), /not a complete vault file/))
    it('a file cut in half', () => expectDamaged((bytes) => bytes.subarray(0, Math.floor(bytes.length / 2)), /cut short/))
    it('a file cut to nothing', () => expectDamaged(() => Buffer.alloc(0), /it is empty/))
    it('a missing field', () =>
      expectDamaged((bytes) => {
        const envelope = envelopeOf(bytes)
        delete envelope.iv
        return Buffer.from(JSON.stringify(envelope))
      }, /missing or malformed/))
    it('absurd key settings (a denial of service through scrypt)', () =>
      expectDamaged((bytes) => Buffer.from(JSON.stringify({ ...envelopeOf(bytes), N: 2 ** 30 })), /key settings are out of range/))

    it('from a newer Parley: says so and leaves it alone', async () => {
      await open().set('a/x', secret)
      const newer = Buffer.from(JSON.stringify({ ...envelopeOf(readFileSync(file)), version: 2 }))
      writeFileSync(file, newer)
      const error = await failure(open().set('a/y', 'z'))
      expect(error.message).toBe(`The vault file ${file} was written by a newer version of Parley; update Parley to open it.`)
      expect(readFileSync(file).equals(newer)).toBe(true)
    })
  })

  describe.skipIf(process.platform === 'win32')('permissions', () => {
    it('writes the file 0600, whatever the umask, and leaves no temporary file', async () => {
      const previous = process.umask(0o000)
      try {
        const vault = open()
        await vault.set('a/x', 'one')
        expect(statSync(file).mode & 0o777).toBe(0o600)
        chmodSync(file, 0o644)
        await vault.set('a/x', 'two')
        expect(statSync(file).mode & 0o777).toBe(0o600)
      } finally {
        process.umask(previous)
      }
      expect(readdirSync(dir)).toEqual(['secrets.vault'])
    })

    it('creates a missing data folder 0700', async () => {
      file = join(dir, 'fresh', 'secrets.vault')
      await open().set('a/x', 'one')
      expect(statSync(join(dir, 'fresh')).mode & 0o777).toBe(0o700)
    })

    it('reports an unwritable folder in plain words, without the secret', async () => {
      if (process.getuid?.() === 0) return // root writes anywhere
      chmodSync(dir, 0o500)
      try {
        const error = await failure(open().set('a/x', 'the-secret'))
        expect(error.message).toBe(`Parley cannot write the vault file ${file} (permission denied).`)
      } finally {
        chmodSync(dir, 0o700)
      }
    })
  })

  it('loses no write when many sets run at once on one instance', async () => {
    const vault = open()
    const names = Array.from({ length: 40 }, (_, i) => `acct${i % 4}/secret${i}`)
    await Promise.all(names.map((name, i) => vault.set(name, `value-${i}`)))
    const reopened = open()
    expect(await reopened.list('')).toEqual([...names].sort())
    for (const [i, name] of names.entries()) expect(await reopened.get(name)).toBe(`value-${i}`)
  })

  it('loses no write when several instances on the same file set at once, deletes included', async () => {
    const a = open()
    const b = open()
    await a.set('keep/me', 'k')
    await a.set('drop/me', 'd')
    await Promise.all([
      ...Array.from({ length: 15 }, (_, i) => a.set(`a/${i}`, `a${i}`)),
      ...Array.from({ length: 15 }, (_, i) => b.set(`b/${i}`, `b${i}`)),
      b.delete('drop/me'),
    ])
    const names = await open().list('')
    expect(names).toHaveLength(31)
    expect(names).toContain('keep/me')
    expect(names).not.toContain('drop/me')
  })

  it('loses no write when several processes set at once (the lock file)', async () => {
    await open().set('parent/secret', 'p')
    const child = (name: string) => `
      import { runnerImport } from 'vite'
      const { module } = await runnerImport(process.cwd() + '/src/main/features/vault/file-vault.ts', { configFile: false, logLevel: 'silent' })
      const vault = new module.FileVault({ file: ${JSON.stringify(file)}, passphrase: ${JSON.stringify(PASSPHRASE)}, scrypt: ${JSON.stringify(FAST)} })
      await Promise.all(Array.from({ length: 12 }, (_, i) => vault.set('${name}/' + i, '${name}-' + i)))
      console.log('done')
    `
    const results = await Promise.all(['p1', 'p2', 'p3'].map((name) => runNode(child(name), process.env)))
    for (const result of results) expect(result).toMatchObject({ code: 0, stdout: 'done\n', stderr: '' })
    const names = await open().list('')
    expect(names).toHaveLength(37)
    expect(await open().get('p2/11')).toBe('p2-11')
    expect(readdirSync(dir)).toEqual(['secrets.vault'])
  })

  it('waits for another process’s lock, and takes over a stale one', async () => {
    const vault = open({ lockTimeoutMs: 5_000 })
    await vault.set('a/x', 'one')
    const lock = `${file}.lock`
    writeFileSync(lock, '99999\n')
    const released = new Promise<void>((done) => setTimeout(() => done(rmSync(lock)), 150))
    const started = Date.now()
    await vault.set('a/y', 'two')
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
    await released

    writeFileSync(lock, '99999\n')
    const old = new Date(Date.now() - 60_000)
    utimesSync(lock, old, old) // left behind by a process that died mid-write
    await vault.set('a/z', 'three')
    expect(await open().list('a/')).toEqual(['a/x', 'a/y', 'a/z'])
    expect(existsSync(lock)).toBe(false)
  })

  it('gives up on a lock that stays held, in plain words, and changes nothing', async () => {
    const vault = open({ lockTimeoutMs: 200 })
    await vault.set('a/x', 'one')
    const before = readFileSync(file)
    writeFileSync(`${file}.lock`, '99999\n')
    const error = await failure(vault.set('a/y', 'secret-two'))
    expect(error.code).toBe('conflict')
    expect(error.message).toBe(`The vault file ${file} is busy: another Parley process is writing it. Try again; if no Parley is running, delete ${file}.lock.`)
    expect(readFileSync(file).equals(before)).toBe(true)
    // Reads do not need the lock.
    expect(await vault.get('a/x')).toBe('one')
  })

  it('two instances on the same file see each other’s writes', async () => {
    const a = open()
    const b = open()
    await a.set('acct/one', '1')
    expect(await b.get('acct/one')).toBe('1')
    await b.set('acct/two', '2')
    expect(await a.get('acct/two')).toBe('2')
    expect(await a.delete('acct/one')).toBe(true)
    expect(await b.get('acct/one')).toBeNull()
    // And after re-opening, as a restarted process would.
    const c = open()
    expect(await c.list('acct/')).toEqual(['acct/two'])
  })

  it('keeps the passphrase out of inspection and serialisation', async () => {
    const { inspect } = await import('node:util')
    const vault = open()
    expect(inspect(vault, { showHidden: true, depth: 10 })).not.toContain(PASSPHRASE)
    expect(JSON.stringify(vault)).not.toContain(PASSPHRASE)
  })

  it('refuses an empty passphrase', () => {
    expect(() => open({ passphrase: '' })).toThrow(/cannot be empty/)
  })
})
