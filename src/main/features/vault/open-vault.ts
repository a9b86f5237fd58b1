import { ParleyError } from '../../../shared/contract'
import { FileVault, vaultFile, type ScryptParams } from './file-vault'
import { KeytarVault } from './keytar-vault'
import { PASSPHRASE_ENV } from './passphrase'
import type { Vault } from './vault'

export const VAULT_KINDS = ['keychain', 'file', 'none'] as const
export type VaultKind = (typeof VAULT_KINDS)[number]

export interface OpenVaultOptions {
  kind: VaultKind
  dataDir: string
  /**
   * File vault only. Read it first with `readPassphrase()` (environment or terminal) in the process that owns the
   * terminal; when absent, PARLEY_VAULT_PASSPHRASE from `env` is used, and otherwise opening fails in plain words.
   */
  passphrase?: string
  env?: NodeJS.ProcessEnv
  /** Tests only: cheaper key settings for new files. */
  scrypt?: ScryptParams
}

/**
 * The vault the user chose. 'keychain' is the OS keychain — it never falls back to a file, whatever happens; the file
 * vault exists only when asked for (`--vault file`). 'none' answers null: no secrets at all.
 * Nothing is read here, so a missing keychain matters only to code that needs a secret; call `check()` to fail early.
 */
export function openVault(options: OpenVaultOptions): Vault | null {
  switch (options.kind) {
    case 'none':
      return null
    case 'keychain':
      return new KeytarVault()
    case 'file': {
      const passphrase = options.passphrase || (options.env ?? process.env)[PASSPHRASE_ENV]
      if (!passphrase) {
        throw new ParleyError('unauthorized', `The file vault needs its passphrase: set ${PASSPHRASE_ENV}, or run Parley in a terminal to be asked for it.`)
      }
      return new FileVault({ file: vaultFile(options.dataDir), passphrase, scrypt: options.scrypt })
    }
    default:
      throw new ParleyError('bad_input', `Unknown vault "${String(options.kind as unknown)}": use keychain, file or none.`)
  }
}
