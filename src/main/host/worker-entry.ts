import { parentPort, workerData } from 'node:worker_threads'
import { createCore, type Core } from '../core/compose'
import { systemClock } from '../core/clock'
import { createRouter, type Router } from '../core/router'
import { DamagedWorkspaceError } from '../store/integrity'
import { acquireWorkspaceLock, type WorkspaceLock } from '../store/workspace-lock'
import { openVault } from '../vault/open-vault'
import type { FromWorker, ToWorker, WorkerData } from './messages'
import { recoveryRouter } from './recovery'

/** The database worker: the one owner of the workspace database. */
function main(): void {
  const port = parentPort
  if (!port) throw new Error('worker-entry must run as a worker thread')
  const send = (message: FromWorker): void => port.postMessage(message)
  const data = workerData as WorkerData
  let core: Core | null = null
  let router: Router
  /** Held while recovering, so another process's `parley restore` waits for this one. */
  let recoveryLock: WorkspaceLock | null = null

  const open = (): void => {
    core = createCore({
      dataDir: data.dataDir,
      version: data.version,
      clock: systemClock,
      vault: openVault({ kind: data.vault, dataDir: data.dataDir, passphrase: data.passphrase }),
      autoSync: data.autoSync,
      reportReaderEntry: data.reportReaderEntry,
    })
    router = createRouter(core)
    core.events.subscribe((name, payload) => send({ type: 'event', name, payload }))
  }
  /** A damaged database is not a crash: the worker answers the recovery operations until a backup is restored. */
  const recover = (damage: DamagedWorkspaceError): void => {
    console.error(`[parley] ${damage.message} (${damage.file}: ${damage.detail})`)
    recoveryLock ??= acquireWorkspaceLock(data.dataDir)
    router = recoveryRouter(data.dataDir, damage, () => {
      try {
        recoveryLock?.release()
        recoveryLock = null
        open()
      } catch (error) {
        if (error instanceof DamagedWorkspaceError) recover(error)
        else throw error
      }
    })
  }

  try {
    open()
  } catch (error) {
    if (error instanceof DamagedWorkspaceError) recover(error)
    else {
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
      return
    }
  }
  port.on('message', (message: ToWorker) => {
    if (message.type === 'close') {
      recoveryLock?.release()
      void (core?.close() ?? Promise.resolve()).finally(() => {
        send({ type: 'closed' })
        port.close()
      })
      return
    }
    void router.handle(message.op, message.input).then((result) => send({ type: 'result', id: message.id, result }))
  })
  send({ type: 'ready' })
}

main()
