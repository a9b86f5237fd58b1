import { systemClock } from '../core/clock'
import { inProcessCore } from '../host/in-process'
import { openVault } from '../vault/open-vault'
import type { CliContext } from './context'
import { resolveDataDir } from './data-dir'
import { vaultKind, vaultPassphrase } from './vault-options'

export { workspaceOptions } from './vault-options'

/** One-shot commands run the core in this process; no schedule, no database worker (the weekly summary still reads the previous week in a second thread). */
export async function openCliCore(values: { 'data-dir'?: string; vault?: string }, ctx: CliContext) {
  const kind = vaultKind(values.vault)
  const dataDir = resolveDataDir(values['data-dir'])
  const passphrase = await vaultPassphrase(kind, dataDir)
  const vault = openVault({ kind, dataDir, passphrase })
  // A wrong passphrase or a locked keychain is reported now, not halfway through a command.
  if (kind === 'file') await vault?.check()
  return inProcessCore({ dataDir, version: ctx.version, clock: systemClock, vault, reportReaderEntry: ctx.reportReaderEntry })
}
