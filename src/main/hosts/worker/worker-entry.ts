import { parentPort, workerData } from 'node:worker_threads'
import type { CallResult } from '../../../shared/contract'
import { createCore, type Core } from '../../core/compose'
import { systemClock } from '../../base/clock'
import { createRouter, type Router } from '../../core/router'
import { DamagedWorkspaceError } from '../../store/integrity'
import { integrityOf } from '../../store/background-check'
import { acquireWorkspaceLock, type WorkspaceLock } from '../../store/workspace-lock'
import { openVault } from '../../features/vault/open-vault'
import { describeFault, logWorkerFaults } from './fault-log'
import type { FromWorker, ToWorker, WorkerData } from './messages'
import { recoveryRouter } from './recovery'

/** The database worker: the one owner of the workspace database. */
function main(): void {
  const port = parentPort
  if (!port) throw new Error('worker-entry must run as a worker thread')
  logWorkerFaults()
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
      itemPreparerEntry: data.itemPreparerEntry,
      // A long-lived host: after an unclean close it serves first and checks the file in the background.
      integrityCheck: 'background',
    })
    const opened = core
    router = createRouter(core)
    core.events.subscribe((name, payload) => send({ type: 'event', name, payload }))
    // Damage found after opening: writes are already stopped; the core closes and recovery takes over.
    integrityOf(core.db)?.onDamage((damage) => {
      if (core !== opened) return
      core = null
      closing = opened.close().catch((error: unknown) => console.error(`[parley] Closing the damaged workspace failed: ${describeFault(error)}`))
      recover(damage)
    })
  }
  /** The close of a core that found its file damaged, which a restore waits for. */
  let closing: Promise<void> = Promise.resolve()
  /** A damaged database is not a crash: the worker answers the recovery operations until a backup is restored. */
  const recover = (damage: DamagedWorkspaceError): void => {
    console.error(`[parley] ${damage.message} (${damage.file}: ${damage.detail})`)
    recoveryLock ??= acquireWorkspaceLock(data.dataDir)
    router = recoveryRouter(data.dataDir, damage, closing, () => {
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
      void Promise.all([closing, core?.close()]).finally(() => {
        send({ type: 'closed' })
        port.close()
      })
      return
    }
    // Every call gets an answer, even when the router itself fails, so nothing waits forever in the host.
    void router
      .handle(message.op, message.input)
      .catch((error: unknown): CallResult<unknown> => {
        console.error(`[parley] The call ${String(message.op).slice(0, 80)} failed: ${describeFault(error)}`)
        return { ok: false, error: { code: 'internal', message: 'Parley could not finish that request; the details are in its log.' } }
      })
      .then((result) => {
        try {
          send({ type: 'result', id: message.id, result })
        } catch (error) {
          console.error(`[parley] The answer to ${String(message.op).slice(0, 80)} could not be sent: ${describeFault(error)}`)
          send({ type: 'result', id: message.id, result: { ok: false, error: { code: 'internal', message: 'Parley could not send that answer back.' } } })
        }
      })
  })
  send({ type: 'ready' })
}

main()
