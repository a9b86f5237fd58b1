import { systemClock } from '../core/clock'
import { inProcessCore } from '../host/in-process'
import { openVault } from '../vault/open-vault'
import { readPassphrase } from '../vault/passphrase'
import type { CliContext } from './context'
import { resolveDataDir } from './data-dir'
import { UsageError } from './output'

export type VaultKind = 'keychain' | 'file' | 'none'

/** Shared options of commands that open a workspace. */
export const workspaceOptions = {
  'data-dir': { type: 'string' },
  vault: { type: 'string', default: 'keychain' },
} as const

export function vaultKind(value: string | undefined): VaultKind {
  if (value === 'keychain' || value === 'file') return value
  throw new UsageError(`--vault must be "keychain" (the OS keychain) or "file" (an encrypted file), not "${value}".`)
}

/** The passphrase of the file vault, from PARLEY_VAULT_PASSPHRASE or a prompt; never a flag (it would show in ps). */
export async function vaultPassphrase(kind: VaultKind): Promise<string | undefined> {
  return kind === 'file' ? readPassphrase({ env: process.env }) : undefined
}

/** One-shot commands run the core in this process; no schedule, no worker. */
export async function openCliCore(values: { 'data-dir'?: string; vault?: string }, ctx: CliContext) {
  const kind = vaultKind(values.vault)
  const dataDir = resolveDataDir(values['data-dir'])
  const passphrase = await vaultPassphrase(kind)
  return inProcessCore({
    dataDir,
    version: ctx.version,
    clock: systemClock,
    vault: openVault({ kind, dataDir, passphrase }),
  })
}
