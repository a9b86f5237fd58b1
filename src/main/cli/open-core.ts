import { existsSync } from 'node:fs'
import { systemClock } from '../core/clock'
import { inProcessCore } from '../host/in-process'
import { vaultFile } from '../vault/file-vault'
import { openVault, type VaultKind } from '../vault/open-vault'
import { readPassphrase } from '../vault/passphrase'
import type { CliContext } from './context'
import { resolveDataDir } from './data-dir'
import { UsageError } from './output'

/** Shared options of commands that open a workspace. */
export const workspaceOptions = {
  'data-dir': { type: 'string' },
  vault: { type: 'string', default: 'keychain' },
} as const

export function vaultKind(value: string | undefined): VaultKind {
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

/** One-shot commands run the core in this process; no schedule, no worker. */
export async function openCliCore(values: { 'data-dir'?: string; vault?: string }, ctx: CliContext) {
  const kind = vaultKind(values.vault)
  const dataDir = resolveDataDir(values['data-dir'])
  const passphrase = await vaultPassphrase(kind, dataDir)
  const vault = openVault({ kind, dataDir, passphrase })
  // A wrong passphrase or a locked keychain is reported now, not halfway through a command.
  if (kind === 'file') await vault?.check()
  return inProcessCore({ dataDir, version: ctx.version, clock: systemClock, vault })
}
