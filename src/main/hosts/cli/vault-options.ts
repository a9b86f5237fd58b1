import { existsSync } from 'node:fs'
import { vaultFile } from '../../features/vault/file-vault'
import type { VaultKind } from '../../features/vault/open-vault'
import { rememberedVaultKind } from '../../features/vault/workspace-vault'
import { readPassphrase } from '../../features/vault/passphrase'
import { UsageError } from './output'

// Apart from open-core.ts so `serve` (whose core runs in the worker) does not load the core on the main thread.

/** Shared options of commands that open a workspace. */
export const workspaceOptions = {
  'data-dir': { type: 'string' },
  // No default: without --vault the workspace's remembered vault is used.
  vault: { type: 'string' },
} as const

/** The vault --vault names; without the flag, the one this workspace remembers (keychain for a new one). */
export function vaultKind(value: string | undefined, dataDir: string): VaultKind {
  if (value === undefined) return rememberedVaultKind(dataDir)
  if (value === 'keychain' || value === 'file') return value
  throw new UsageError(`--vault must be "keychain" (the OS keychain) or "file" (an encrypted file), not "${value}".`)
}

/**
 * The passphrase of the file vault, from PARLEY_VAULT_PASSPHRASE or a prompt; never a flag (it would show in ps).
 * A vault being created asks twice, so a typo cannot lock the user out.
 */
export async function vaultPassphrase(kind: VaultKind, dataDir: string): Promise<string | undefined> {
  if (kind !== 'file') return undefined
  const confirm = !existsSync(vaultFile(dataDir))
  return readPassphrase({ env: process.env, confirm })
}

