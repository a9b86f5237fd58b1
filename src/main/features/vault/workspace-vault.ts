import { existsSync } from 'node:fs'
import { databaseFile } from '../../base/paths'
import { readSettingFile, writeSettingFile } from '../../store/settings-file'
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
  const recorded = readSettingFile(databaseFile(dataDir), VAULT_KIND_SETTING)
  if (recorded === 'keychain' || recorded === 'file') return recorded
  return existsSync(vaultFile(dataDir)) ? 'file' : 'keychain'
}

/**
 * Records the vault the user chose with --vault; later commands use it without being told.
 * A convenience: a workspace that cannot take it now (damaged, being recovered) is left as it is.
 */
export function recordVaultKind(dataDir: string, kind: VaultKind): boolean {
  if (kind === 'none') return false
  const file = databaseFile(dataDir)
  if (readSettingFile(file, VAULT_KIND_SETTING) === kind) return true
  return writeSettingFile(file, VAULT_KIND_SETTING, kind)
}
