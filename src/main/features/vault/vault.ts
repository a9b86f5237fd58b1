/** Where channel secrets live. Never SQLite, logs or anything the renderer receives. */
export interface Vault {
  /** Which backend: the OS keychain, or the opt-in encrypted file of browser mode (`--vault file`). */
  readonly kind: 'keychain' | 'file'
  /** Plain words for the UI: which backend holds the secrets. */
  readonly description: string
  /** Resolves when the backend is usable; otherwise throws a ParleyError that says what to do, in plain words. */
  check(): Promise<void>
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  /** True when an entry was removed, false when there was none. */
  delete(account: string): Promise<boolean>
  /** Names of the entries that start with `prefix`, sorted. Never the secrets themselves. */
  list(prefix: string): Promise<string[]>
}

export const VAULT_SERVICE = 'Parley'

/** Vault entry names are `<account uid>/<secret name>`, so one channel account's secrets share a prefix. */
export function secretAccount(accountUid: string, secretName: string): string {
  return `${accountUid}/${secretName}`
}

/** The prefix of every entry of one channel account (with the slash, so "a1" never matches "a10/…"). */
export function accountPrefix(accountUid: string): string {
  return `${accountUid}/`
}

/** Removes every secret of one channel account; answers how many entries were removed. */
export async function deleteAccountSecrets(vault: Vault, accountUid: string): Promise<number> {
  let removed = 0
  for (const name of await vault.list(accountPrefix(accountUid))) {
    if (await vault.delete(name)) removed++
  }
  return removed
}
