import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt, type ScryptOptions } from 'node:crypto'
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { ParleyError } from '../../../shared/contract'
import type { Vault } from './vault'

/**
 * The opt-in encrypted file vault of headless browser mode (`--vault file`).
 *
 * One JSON envelope per file:
 *   { version: 1, kdf: 'scrypt', N, r, p, salt, iv, tag, ciphertext, checksum }
 * - key: scrypt(passphrase NFC, salt, N, r, p) → 32 bytes, used with AES-256-GCM;
 * - plaintext: the JSON map { "<account uid>/<secret name>": secret }, space-padded to a multiple of 256 bytes;
 * - AAD: version, kdf, N, r, p and salt, so the key settings cannot be swapped unnoticed;
 * - a fresh 96-bit IV on every write (the salt, hence the derived key, is kept while the settings stay current);
 * - checksum: SHA-256 over every other field. It is not a secret check (anyone can recompute it); it tells a
 *   damaged file (flipped byte, truncated copy) from a wrong passphrase, which GCM alone reports the same way.
 *
 * Every operation reads the file afresh, so several instances and processes see each other's writes. Writes are
 * serialised per file within this process and across processes (an exclusive `<file>.lock`), and rewrite the whole
 * file atomically (temp file, fsync, rename, 0600). A file that does not open — wrong passphrase,
 * damage, newer format — is never overwritten.
 */

export interface ScryptParams {
  N: number
  r: number
  p: number
}

/**
 * N = 2^17, r = 8, p = 1: OWASP's recommended floor for scrypt. 128 MiB and about 0.4 s per derivation on the
 * project's machines, paid once per open (the derived key is kept for the file's salt), above Node's default maxmem
 * of 32 MiB (hence an explicit maxmem), and far costlier to guess against than the 2^14 of most defaults.
 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 }

export const VAULT_FILE_NAME = 'secrets.vault'
export const vaultFile = (dataDir: string): string => join(dataDir, VAULT_FILE_NAME)

const VERSION = 1
const SALT_BYTES = 16
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_BYTES = 32
const PAD_BYTES = 256

interface Envelope {
  version: number
  kdf: 'scrypt'
  N: number
  r: number
  p: number
  salt: string
  iv: string
  tag: string
  ciphertext: string
  checksum: string
}

type Header = Pick<Envelope, 'version' | 'kdf' | 'N' | 'r' | 'p' | 'salt'>

interface Loaded {
  secrets: Map<string, string>
  /** null when there is no file yet. */
  header: Header | null
  key: Buffer | null
}

export interface FileVaultOptions {
  file: string
  passphrase: string
  /** Key settings for a new file (or one whose settings are weaker). Tests lower N to stay fast. */
  scrypt?: ScryptParams
  /** How long a write waits for another process's lock before giving up (default 10 s). */
  lockTimeoutMs?: number
}

export class FileVault implements Vault {
  readonly kind = 'file' as const
  readonly description: string
  readonly file: string
  // Private fields: kept out of util.inspect, JSON.stringify and error objects.
  readonly #passphrase: string
  readonly #params: ScryptParams
  readonly #lockTimeoutMs: number
  #keys = new Map<string, Promise<Buffer>>()

  constructor(options: FileVaultOptions) {
    if (typeof options.passphrase !== 'string' || options.passphrase.length === 0) {
      throw new ParleyError('bad_input', 'The vault passphrase cannot be empty.')
    }
    const params = options.scrypt ?? DEFAULT_SCRYPT
    if (!validParams(params)) throw new ParleyError('bad_input', 'The scrypt settings for the vault are out of range.')
    this.file = resolve(options.file)
    this.description = `Encrypted file (${this.file})`
    this.#passphrase = options.passphrase.normalize('NFC')
    this.#params = { ...params }
    this.#lockTimeoutMs = options.lockTimeoutMs ?? 10_000
  }

  /** Opens the file when there is one: a wrong passphrase or a damaged file shows here, before any secret is needed. */
  async check(): Promise<void> {
    await this.load()
  }

  async get(account: string): Promise<string | null> {
    const { secrets } = await this.load()
    return secrets.get(account) ?? null
  }

  async list(prefix: string): Promise<string[]> {
    const { secrets } = await this.load()
    return [...secrets.keys()].filter((name) => name.startsWith(prefix)).sort()
  }

  async set(account: string, secret: string): Promise<void> {
    if (typeof account !== 'string' || account.length === 0) throw new ParleyError('bad_input', 'A vault entry needs a name.')
    if (typeof secret !== 'string') throw new ParleyError('bad_input', `The secret for ${account} must be text.`)
    await this.mutate((secrets) => {
      if (secrets.get(account) === secret) return { changed: false, result: undefined }
      secrets.set(account, secret)
      return { changed: true, result: undefined }
    })
  }

  async delete(account: string): Promise<boolean> {
    return this.mutate((secrets) => {
      const removed = secrets.delete(account)
      return { changed: removed, result: removed }
    })
  }

  /** Read, change, write back: one at a time per file in this process, and under the lock file across processes. */
  private mutate<T>(change: (secrets: Map<string, string>) => { changed: boolean; result: T }): Promise<T> {
    return serialize(this.file, () =>
      withLock(this.file, this.#lockTimeoutMs, async () => {
        const loaded = await this.load()
        const { changed, result } = change(loaded.secrets)
        if (changed) await writeAtomically(this.file, await this.seal(loaded))
        return result
      }),
    )
  }

  private async load(): Promise<Loaded> {
    const raw = await readIfPresent(this.file)
    if (raw === null) return { secrets: new Map(), header: null, key: null }
    const envelope = parseEnvelope(raw, this.file)
    const header = headerOf(envelope)
    const key = await this.key(header)
    let plain: Buffer
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'), { authTagLength: TAG_BYTES })
      decipher.setAAD(aad(header))
      decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'))
      plain = Buffer.concat([decipher.update(Buffer.from(envelope.ciphertext, 'base64')), decipher.final()])
    } catch {
      // The checksum matched, so the bytes are as written: the key is wrong.
      throw new ParleyError('unauthorized', `The vault passphrase is wrong: it does not open ${this.file}. Nothing was changed.`)
    }
    try {
      return { secrets: parseSecrets(plain, this.file), header, key }
    } finally {
      plain.fill(0)
    }
  }

  /** Encrypts the map under the file's current key (or a fresh salt when there is none or it is too weak). */
  private async seal(loaded: Loaded): Promise<Buffer> {
    let header = loaded.header
    let key = loaded.key
    if (!header || !key || !atLeast(header, this.#params)) {
      header = { version: VERSION, kdf: 'scrypt', ...this.#params, salt: randomBytes(SALT_BYTES).toString('base64') }
      key = await this.key(header)
    }
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
    cipher.setAAD(aad(header))
    const plain = padded(JSON.stringify(Object.fromEntries([...loaded.secrets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))))
    let ciphertext: Buffer
    try {
      ciphertext = Buffer.concat([cipher.update(plain), cipher.final()])
    } finally {
      plain.fill(0)
    }
    const body = { ...header, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') }
    const envelope: Envelope = { ...body, checksum: checksum(body) }
    return Buffer.from(JSON.stringify(envelope, null, 2) + '\n', 'utf8')
  }

  /** scrypt once per salt and settings; concurrent callers share the derivation. */
  private key(header: Header): Promise<Buffer> {
    const id = `${header.N}:${header.r}:${header.p}:${header.salt}`
    let key = this.#keys.get(id)
    if (!key) {
      const { N, r, p } = header
      const options: ScryptOptions = { N, r, p, maxmem: 128 * N * r + 128 * r * p + 2 ** 20 }
      key = new Promise<Buffer>((done, fail) =>
        scrypt(this.#passphrase, Buffer.from(header.salt, 'base64'), KEY_BYTES, options, (error, derived) =>
          error ? fail(new ParleyError('internal', 'The vault key could not be derived.')) : done(derived),
        ),
      )
      key.catch(() => this.#keys.delete(id))
      this.#keys.clear() // one file, one salt at a time: keep only the current key
      this.#keys.set(id, key)
    }
    return key
  }
}

/** UTF-8, padded with JSON whitespace to a multiple of PAD_BYTES so the file size does not give away secret lengths. */
function padded(json: string): Buffer {
  const length = Buffer.byteLength(json, 'utf8')
  const plain = Buffer.alloc(Math.ceil((length + 1) / PAD_BYTES) * PAD_BYTES, ' ')
  plain.write(json, 'utf8')
  return plain
}

function validParams({ N, r, p }: ScryptParams): boolean {
  const int = (v: unknown, min: number, max: number): boolean => Number.isInteger(v) && (v as number) >= min && (v as number) <= max
  return int(N, 2 ** 10, 2 ** 20) && (N & (N - 1)) === 0 && int(r, 1, 32) && int(p, 1, 16) && 128 * N * r * p <= 2 ** 30
}

const atLeast = (have: ScryptParams, want: ScryptParams): boolean => have.N >= want.N && have.r >= want.r && have.p >= want.p

const headerOf = (e: Envelope): Header => ({ version: e.version, kdf: e.kdf, N: e.N, r: e.r, p: e.p, salt: e.salt })

const aad = (h: Header): Buffer => Buffer.from(JSON.stringify([h.version, h.kdf, h.N, h.r, h.p, h.salt]), 'utf8')

function checksum(e: Omit<Envelope, 'checksum'>): string {
  const fields = [e.version, e.kdf, e.N, e.r, e.p, e.salt, e.iv, e.tag, e.ciphertext]
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex')
}

function damaged(file: string, detail: string): ParleyError {
  return new ParleyError(
    'unavailable',
    `The vault file ${file} is damaged (${detail}), so Parley cannot read the channel secrets in it. Parley left the ` +
      'file as it is: restore it from a backup, or move it away to start an empty vault and reconnect the channel accounts.',
  )
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

function base64Field(value: unknown, bytes?: { min: number; max: number }): boolean {
  if (typeof value !== 'string' || !BASE64.test(value)) return false
  const length = Buffer.byteLength(value, 'base64')
  return !bytes || (length >= bytes.min && length <= bytes.max)
}

function parseEnvelope(raw: Buffer, file: string): Envelope {
  if (raw.length === 0) throw damaged(file, 'it is empty')
  let value: unknown
  try {
    value = JSON.parse(raw.toString('utf8'))
  } catch {
    throw damaged(file, 'it is not a complete vault file; it may have been cut short')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw damaged(file, 'it is not a vault file')
  const e = value as Partial<Record<keyof Envelope, unknown>>
  if (typeof e.version === 'number' && Number.isInteger(e.version) && e.version > VERSION) {
    throw new ParleyError('unavailable', `The vault file ${file} was written by a newer version of Parley; update Parley to open it.`)
  }
  if (e.version !== VERSION || e.kdf !== 'scrypt') throw damaged(file, 'its format is not one Parley knows')
  if (!validParams({ N: e.N, r: e.r, p: e.p } as ScryptParams)) throw damaged(file, 'its key settings are out of range')
  const wellFormed =
    base64Field(e.salt, { min: SALT_BYTES, max: 64 }) &&
    base64Field(e.iv, { min: IV_BYTES, max: IV_BYTES }) &&
    base64Field(e.tag, { min: TAG_BYTES, max: TAG_BYTES }) &&
    base64Field(e.ciphertext) &&
    typeof e.checksum === 'string'
  if (!wellFormed) throw damaged(file, 'some of its fields are missing or malformed')
  const envelope = e as Envelope
  if (checksum(envelope) !== envelope.checksum) throw damaged(file, 'its contents do not match their checksum')
  return envelope
}

function parseSecrets(plain: Buffer, file: string): Map<string, string> {
  let value: unknown
  try {
    value = JSON.parse(plain.toString('utf8'))
  } catch {
    value = null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw damaged(file, 'its decrypted contents are not a list of secrets')
  const secrets = new Map<string, string>()
  for (const [name, secret] of Object.entries(value)) {
    if (typeof secret !== 'string') throw damaged(file, 'its decrypted contents are not a list of secrets')
    secrets.set(name, secret)
  }
  return secrets
}

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'ENOSPC') return 'the disk is full'
  if (code === 'EROFS') return 'the disk is read-only'
  if (code === 'EISDIR') return 'it is a folder'
  return code ?? 'unknown error'
}

async function readIfPresent(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new ParleyError('unavailable', `Parley cannot read the vault file ${file} (${fsReason(error)}).`)
  }
}

/** Temp file in the same folder (0600), fsync, rename over the old file, fsync the folder: all or nothing. */
async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  const dir = dirname(file)
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const handle = await open(temp, 'wx', 0o600)
    try {
      await handle.chmod(0o600) // whatever the umask
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined)
    throw new ParleyError('unavailable', `Parley cannot write the vault file ${file} (${fsReason(error)}).`)
  }
  await syncFolder(dir)
}

/** Makes the rename durable on POSIX; folders cannot be opened for fsync on Windows, where rename is already durable enough. */
async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  try {
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Some file systems refuse fsync on folders; the data itself is already synced.
  }
}

/** A lock older than this was left by a process that died while writing (a write takes well under a second). */
const STALE_LOCK_MS = 30_000

/**
 * `<file>.lock`, created exclusively, so that two processes (say `parley serve` and `parley accounts add`) never
 * read-modify-write the vault at the same time and lose one another's secrets. Readers need no lock: they see the old
 * or the new file, thanks to the rename.
 */
async function withLock<T>(file: string, timeoutMs: number, task: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`
  const deadline = Date.now() + timeoutMs
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 })
  } catch (error) {
    throw new ParleyError('unavailable', `Parley cannot write the vault file ${file} (${fsReason(error)}).`)
  }
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o600)
      await handle.writeFile(`${process.pid}\n`).finally(() => handle.close())
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new ParleyError('unavailable', `Parley cannot write the vault file ${file} (${fsReason(error)}).`)
      }
    }
    const held = await stat(lock).catch(() => null)
    if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) {
      await rm(lock, { force: true })
      continue
    }
    if (Date.now() >= deadline) {
      throw new ParleyError(
        'conflict',
        `The vault file ${file} is busy: another Parley process is writing it. Try again; if no Parley is running, delete ${lock}.`,
      )
    }
    await sleep(10 + Math.random() * 40)
  }
  try {
    return await task()
  } finally {
    await rm(lock, { force: true }).catch(() => undefined)
  }
}

/** One queue per file in this process: every instance on the same path takes its turn. */
const queues = new Map<string, Promise<void>>()

function serialize<T>(file: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(file) ?? Promise.resolve()
  const run = previous.then(task)
  const settled = run.then(
    () => undefined,
    () => undefined,
  )
  queues.set(file, settled)
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file)
  })
  return run
}
