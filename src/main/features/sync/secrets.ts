import { ParleyError } from '../../../shared/contract'
import type { AccountRecord, AccountStore } from '../../store/accounts'
import { deleteAccountSecrets, secretAccount, type Vault } from '../vault/vault'

export class AccountSecrets {
  constructor(
    private readonly vault: Vault | null,
    private readonly accounts: AccountStore,
  ) {}

  async load(account: AccountRecord): Promise<Record<string, string>> {
    if (account.secretNames.length === 0) return {}
    const vault = this.require()
    const out: Record<string, string> = {}
    for (const name of account.secretNames) {
      const value = await vault.get(secretAccount(account.uid, name))
      if (value !== null) out[name] = value
    }
    return out
  }

  async save(account: { id: number; uid: string; secretNames: string[] }, secrets: Record<string, string>): Promise<void> {
    const names = Object.keys(secrets)
    if (names.length === 0) return
    const vault = this.require()
    for (const name of names) await vault.set(secretAccount(account.uid, name), secrets[name]!)
    const all = [...new Set([...account.secretNames, ...names])].sort()
    if (all.join() !== [...account.secretNames].sort().join()) this.accounts.setSecretNames(account.id, all)
  }

  /** Every entry under the account's prefix goes, including any a crash left unlisted. */
  async remove(account: { uid: string; secretNames: string[] }): Promise<void> {
    if (account.secretNames.length === 0 && !this.vault) return
    await deleteAccountSecrets(this.require(), account.uid)
  }

  private require(): Vault {
    if (!this.vault) {
      throw new ParleyError(
        'unavailable',
        'No secret store is open, so channel credentials cannot be read or saved. Start Parley with the OS keychain available, or with --vault file.',
      )
    }
    return this.vault
  }
}
