import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { databaseFile } from '../paths'
import { vaultFile } from './file-vault'
import type { VaultKind } from './open-vault'

/** The settings key under which a workspace records where its channel secrets live. */
export const VAULT_KIND_SETTING = 'vault.kind'

/**
 * The vault this workspace uses, so `--vault file` is needed once and not on every later command:
 * what was recorded, else "file" when the workspace has a vault file (its first secret went there), else the keychain.
 * Read before the core opens, because the vault (and its passphrase) comes first.
 */
export function rememberedVaultKind(dataDir: string): VaultKind {
  const recorded = readSetting(dataDir)
  if (recorded === 'keychain' || recorded === 'file') return recorded
  return existsSync(vaultFile(dataDir)) ? 'file' : 'keychain'
}

/**
 * Records the vault the user chose with --vault; later commands use it without being told.
 * A convenience: a workspace that cannot take it now (damaged, being recovered) is left as it is.
 */
export function recordVaultKind(dataDir: string, kind: VaultKind): boolean {
  if (kind === 'none') return false
  if (readSetting(dataDir) === kind) return true
  let db: Database.Database | null = null
  try {
    db = new Database(databaseFile(dataDir), { fileMustExist: true, timeout: 5000 })
    db.prepare('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      VAULT_KIND_SETTING,
      JSON.stringify(kind),
    )
    return true
  } catch {
    return false
  } finally {
    db?.close()
  }
}

function readSetting(dataDir: string): unknown {
  const file = databaseFile(dataDir)
  if (!existsSync(file)) return undefined
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 })
    const row = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(VAULT_KIND_SETTING)
    return row ? (JSON.parse(row.value) as unknown) : undefined
  } catch {
    // A workspace from before settings existed, or one too damaged to read: the other signals decide.
    return undefined
  } finally {
    db?.close()
  }
}
