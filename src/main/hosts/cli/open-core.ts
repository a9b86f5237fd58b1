import { systemClock } from '../../base/clock'
import { inProcessCore } from '../worker/in-process'
import { openVault } from '../../features/vault/open-vault'
import { recordVaultKind } from '../../features/vault/workspace-vault'
import type { CliContext } from './context'
import { prepareDataDir, resolveDataDir } from './data-dir'
import { refuseIfRunning } from './running'
import { vaultKind, vaultPassphrase } from './vault-options'

export { workspaceOptions } from './vault-options'

/** One-shot commands run the core in this process; no schedule, no database worker (the weekly summary still reads the previous week in a second thread). */
export async function openCliCore(values: { 'data-dir'?: string; vault?: string }, ctx: CliContext) {
  const dataDir = resolveDataDir(values['data-dir'])
  prepareDataDir(dataDir)
  // Before any question is asked: a workspace another Parley owns is refused with its address.
  refuseIfRunning(dataDir)
  const kind = vaultKind(values.vault, dataDir)
  const passphrase = await vaultPassphrase(kind, dataDir)
  const vault = openVault({ kind, dataDir, passphrase })
  // A wrong passphrase or a locked keychain is reported now, not halfway through a command.
  if (kind === 'file') await vault?.check()
  const client = inProcessCore({ dataDir, version: ctx.version, clock: systemClock, vault, reportReaderEntry: ctx.reportReaderEntry, itemPreparerEntry: ctx.itemPreparerEntry, ...(ctx.connectors ? { connectors: ctx.connectors } : {}) })
  // An explicit --vault is remembered, so later commands on this workspace need not repeat it.
  if (values.vault !== undefined) recordVaultKind(dataDir, kind)
  return client
}
