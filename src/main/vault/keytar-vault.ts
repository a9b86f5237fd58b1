import { createRequire } from 'node:module'
import { ParleyError } from '../../shared/contract'
import { VAULT_SERVICE, type Vault } from './vault'

type Keytar = typeof import('keytar')

/** Loaded on first use so a missing Secret Service only matters to code that needs a secret. */
function loadKeytar(): Keytar {
  const require = createRequire(import.meta.url)
  return require('keytar') as Keytar
}

function explain(error: unknown): ParleyError {
  const message = error instanceof Error ? error.message : String(error)
  if (/D-Bus|org\.freedesktop\.secrets|Secret Service/i.test(message)) {
    return new ParleyError(
      'unavailable',
      'No keychain is available: Parley needs a Secret Service (GNOME Keyring or KWallet) on this Linux session to keep ' +
        'channel secrets. Start one, or run browser mode with --vault file. Parley never stores secrets in plain text.',
    )
  }
  return new ParleyError('unavailable', `The OS keychain refused the request: ${message}`)
}

/** The OS keychain via keytar: one entry per channel account and secret under service "Parley". */
export class KeytarVault implements Vault {
  readonly description = process.platform === 'darwin' ? 'macOS Keychain' : process.platform === 'win32' ? 'Windows Credential Manager' : 'Secret Service (GNOME Keyring / KWallet)'
  private keytar: Keytar | null = null

  private lib(): Keytar {
    this.keytar ??= loadKeytar()
    return this.keytar
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
      throw explain(error)
    }
  }

  async delete(account: string): Promise<boolean> {
    try {
      return await this.lib().deletePassword(VAULT_SERVICE, account)
    } catch (error) {
      throw explain(error)
    }
  }
}
