import { parseArgs } from 'node:util'
import { ParleyError } from '../../../../shared/contract'
import { checkBindAddress } from '../../server/bind'
import { startServer } from '../../server/http-server'
import { startWorkerCore } from '../../worker/worker-core'
import { announceInstance } from '../../../store/writer-lock'
import { recordVaultKind } from '../../../features/vault/workspace-vault'
import { prepareDataDir, resolveDataDir } from '../data-dir'
import { parsePort, portProblem } from '../port'
import { addressWithoutToken, refuseIfRunning } from '../running'
import { vaultKind, vaultPassphrase } from '../vault-options'
import { err, out, progressPrinter } from '../output'
import { waitForSignals } from '../signals-wait'
import type { CliContext } from '../context'

export const serveHelp = `parley serve [--demo] [--data-dir DIR] [--port N] [--host ADDR --allow-remote]

Starts Parley for a web browser on this machine and prints the address to open.
  --demo            load the demo workspace first (once per data folder)
  --data-dir DIR    workspace folder (default: PARLEY_DATA_DIR or the per-user app data folder)
  --port N          port to listen on, digits only (default: a free one)
  --host ADDR       address to listen on (default 127.0.0.1)
  --allow-remote    required with a --host that is not loopback
  --vault KIND      where channel secrets live: keychain (the OS keychain) or file (an encrypted
                    file; passphrase from PARLEY_VAULT_PASSPHRASE or a prompt). Remembered by the
                    workspace: without --vault, the one it used last (the keychain for a new one).

One Parley at a time uses a workspace: a second "parley serve" (or a command that changes the
workspace) on the same data folder is refused with the address of the one running.`

export async function serve(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      demo: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-remote': { type: 'boolean', default: false },
      vault: { type: 'string' },
    },
    strict: true,
  })
  const port = parsePort(values.port)
  // Refuse an unsafe address before anything opens the workspace.
  checkBindAddress(values.host, values['allow-remote'])
  const dataDir = resolveDataDir(values['data-dir'])
  prepareDataDir(dataDir)
  // A second `parley serve` on the same folder would poll and send beside the first: name the first instead.
  refuseIfRunning(dataDir)

  const vault = vaultKind(values.vault, dataDir)
  const passphrase = await vaultPassphrase(vault, dataDir)
  const client = await startWorkerCore(
    { dataDir, version: ctx.version, vault, passphrase, autoSync: true, reportReaderEntry: ctx.reportReaderEntry, itemPreparerEntry: ctx.itemPreparerEntry },
    ctx.workerEntry,
  )
  // A damaged database still serves the recovery screen; the terminal gets the same news and the restore command,
  // once: at start, or when the check that runs in the background after an unclean close finds it (its event
  // always comes before a status that says so, hence listening from the start).
  let foundWhileRunning = false
  let told = false
  const tellDamage = async (): Promise<{ state: string } | null> => {
    const status = await client.call('system.status', {})
    const damage = status.ok ? (status.value as { state: string; problem: string | null; restoreCommand: string }) : null
    if (damage?.state === 'damaged' && !told) {
      told = true
      const found = foundWhileRunning ? '\nParley found this while running and stopped writing to the workspace at once.' : ''
      err(`${damage.problem}${found}\nOpen the address below to restore the latest backup, or quit and run:\n  ${damage.restoreCommand}`)
    }
    return damage
  }
  client.subscribe((name) => {
    if (name !== 'system.damaged') return
    foundWhileRunning = true
    void tellDamage()
  })
  try {
    if (vault === 'file') {
      const described = await client.call('vault.describe', {})
      const state = described.ok ? (described.value as { available: boolean; problem: string | null }) : null
      if (state && !state.available) throw new ParleyError('unauthorized', state.problem ?? 'The vault cannot be opened.')
    }
    if (values.vault !== undefined) recordVaultKind(dataDir, vault)
    const server = await startServer({
      client,
      rendererDir: ctx.rendererDir,
      host: values.host,
      port,
      allowRemote: values['allow-remote'],
    }).catch((error: unknown) => {
      throw portProblem(error, values.host, port) ?? error
    })
    // Another command refused on this workspace names this address (never the token).
    announceInstance(dataDir, { command: 'parley serve', address: addressWithoutToken(server.url) })
    const damage = await tellDamage()
    if (values.demo && damage?.state !== 'damaged') {
      const info = await client.call('app.info', {})
      if (info.ok && !(info.value as { hasDemo: boolean }).hasDemo) {
        const progress = progressPrinter('Building the demo workspace')
        const off = client.subscribe((name, payload) => {
          if (name === 'demo.progress') {
            const p = payload as { done: number; total: number }
            progress(p.done, p.total)
          }
        })
        const loaded = await client.call('workspace.loadDemo', {})
        off()
        if (!loaded.ok) err(`The demo workspace could not be built: ${loaded.error.message}`)
        else await waitForSignals((op, input) => client.call(op, input), progressPrinter('Scoring sentiment and needs-reply'))
      }
    }
    // Listen for the stop signals before announcing readiness, so a quick Ctrl-C still shuts down cleanly.
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    })
    out(`Parley is ready at ${server.url}`)
    await stopped
    err('Stopping Parley…')
    await server.close()
    return 0
  } finally {
    await client.close()
  }
}
