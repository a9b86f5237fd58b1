/** Where channel secrets live. Never SQLite, logs or anything the renderer receives. */
export interface Vault {
  /** Plain words for the UI: which backend holds the secrets. */
  readonly description: string
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

export const VAULT_SERVICE = 'Parley'
