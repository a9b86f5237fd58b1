import { parseArgs } from 'node:util'
import { ParleyError } from '../../../shared/contract'
import { checkBindAddress } from '../../server/bind'
import { startServer } from '../../server/http-server'
import { startWorkerCore } from '../../host/worker-core'
import { resolveDataDir } from '../data-dir'
import { vaultKind, vaultPassphrase } from '../vault-options'
import { err, out, progressPrinter, UsageError } from '../output'
import { waitForSignals } from '../signals-wait'
import type { CliContext } from '../context'

export const serveHelp = `parley serve [--demo] [--data-dir DIR] [--port N] [--host ADDR --allow-remote]

Starts Parley for a web browser on this machine and prints the address to open.
  --demo            load the demo workspace first (once per data folder)
  --data-dir DIR    workspace folder (default: PARLEY_DATA_DIR or the per-user app data folder)
  --port N          port to listen on (default: a free one)
  --host ADDR       address to listen on (default 127.0.0.1)
  --allow-remote    required with a --host that is not loopback
  --vault KIND      where channel secrets live: keychain (default, the OS keychain) or file
                    (an encrypted file; passphrase from PARLEY_VAULT_PASSPHRASE or a prompt)`

export async function serve(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      demo: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-remote': { type: 'boolean', default: false },
      vault: { type: 'string', default: 'keychain' },
    },
    strict: true,
  })
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port}".`)
  // Refuse an unsafe address before anything opens the workspace.
  checkBindAddress(values.host, values['allow-remote'])
  const dataDir = resolveDataDir(values['data-dir'])

  const vault = vaultKind(values.vault)
  const passphrase = await vaultPassphrase(vault, dataDir)
  const client = await startWorkerCore(
    { dataDir, version: ctx.version, vault, passphrase, autoSync: true, reportReaderEntry: ctx.reportReaderEntry },
    ctx.workerEntry,
  )
  try {
    if (vault === 'file') {
      const described = await client.call('vault.describe', {})
      const state = described.ok ? (described.value as { available: boolean; problem: string | null }) : null
      if (state && !state.available) throw new ParleyError('unauthorized', state.problem ?? 'The vault cannot be opened.')
    }
    const server = await startServer({
      client,
      rendererDir: ctx.rendererDir,
      host: values.host,
      port,
      allowRemote: values['allow-remote'],
    })
    // A damaged database still serves the recovery screen; the terminal gets the same news and the restore command.
    const status = await client.call('system.status', {})
    const damage = status.ok ? (status.value as { state: string; problem: string | null; restoreCommand: string }) : null
    if (damage?.state === 'damaged') {
      err(`${damage.problem}\nOpen the address below to restore the latest backup, or quit and run:\n  ${damage.restoreCommand}`)
    }
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
