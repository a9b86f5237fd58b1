import { createRequire } from 'node:module'
import { ParleyError } from '../../../shared/contract'
import { VAULT_SERVICE, type Vault } from './vault'

type Keytar = typeof import('keytar')

/** Loaded on first use so a missing Secret Service only matters to code that needs a secret. */
function loadKeytar(): Keytar {
  const require = createRequire(import.meta.url)
  return require('keytar') as Keytar
}

const NO_KEYCHAIN =
  'No keychain is available: Parley needs a Secret Service (GNOME Keyring or KWallet) on this Linux session to keep ' +
  'channel secrets. Start one, or keep them in Parley\'s encrypted file vault instead: add --vault file to the parley command ' +
  '(the workspace then remembers it). Parley never stores secrets in plain text.'

const LOCKED =
  'The keychain is locked: unlock it (log in to the desktop session, or unlock GNOME Keyring / KWallet) and try again.'

/**
 * Our own words for a keytar failure. The backend's reason is kept only for unknown failures, on one short line,
 * with the secret being written cut out should a backend ever echo its input.
 */
export function explain(error: unknown, secret?: string): ParleyError {
  let reason = error instanceof Error ? error.message : String(error)
  if (/D-Bus|DBus|org\.freedesktop\.secrets|Secret Service|ServiceUnknown/i.test(reason)) {
    return new ParleyError('unavailable', NO_KEYCHAIN)
  }
  if (/\blocked\b/i.test(reason)) return new ParleyError('unavailable', LOCKED)
  if (secret) reason = reason.split(secret).join('[secret]')
  reason = reason.replace(/\s+/g, ' ').trim().slice(0, 200)
  return new ParleyError('unavailable', `The OS keychain refused the request${reason ? ` (${reason})` : ''}.`)
}

export interface KeytarVaultOptions {
  /** Tests only: another keytar-shaped module. */
  load?: () => Keytar
}

/** The OS keychain via keytar: one entry per channel account and secret under service "Parley". */
export class KeytarVault implements Vault {
  readonly kind = 'keychain' as const
  readonly description = process.platform === 'darwin' ? 'macOS Keychain' : process.platform === 'win32' ? 'Windows Credential Manager' : 'Secret Service (GNOME Keyring / KWallet)'
  private keytar: Keytar | null = null
  private readonly load: () => Keytar

  constructor(options: KeytarVaultOptions = {}) {
    this.load = options.load ?? loadKeytar
  }

  private lib(): Keytar {
    this.keytar ??= this.load()
    return this.keytar
  }

  /** A read of an entry that never exists: reaches the backend without loading any secret. */
  async check(): Promise<void> {
    try {
      await this.lib().getPassword(VAULT_SERVICE, '.parley-vault-check')
    } catch (error) {
      throw explain(error)
    }
  }

  async get(account: string): Promise<string | null> {
    try {
      return await this.lib().getPassword(VAULT_SERVICE, account)
    } catch (error) {
      throw explain(error)
    }
  }

  async set(account: string, secret: string): Promise<void> {
    try {
      await this.lib().setPassword(VAULT_SERVICE, account, secret)
    } catch (error) {
      throw explain(error, secret)
    }
  }

  async delete(account: string): Promise<boolean> {
    try {
      return await this.lib().deletePassword(VAULT_SERVICE, account)
    } catch (error) {
      throw explain(error)
    }
  }

  async list(prefix: string): Promise<string[]> {
    try {
      const found = await this.lib().findCredentials(VAULT_SERVICE)
      // findCredentials also answers the passwords: keep only the names.
      return found.map((c) => c.account).filter((a) => a.startsWith(prefix)).sort()
    } catch (error) {
      throw explain(error)
    }
  }
}
