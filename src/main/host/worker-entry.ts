import { parentPort, workerData } from 'node:worker_threads'
import { createCore, type Core } from '../core/compose'
import { systemClock } from '../core/clock'
import { createRouter } from '../core/router'
import { openVault } from '../vault/open-vault'
import type { FromWorker, ToWorker, WorkerData } from './messages'

/** The database worker: the one owner of the workspace database. */
function main(): void {
  const port = parentPort
  if (!port) throw new Error('worker-entry must run as a worker thread')
  const send = (message: FromWorker): void => port.postMessage(message)
  const data = workerData as WorkerData
  let core: Core
  try {
    core = createCore({
      dataDir: data.dataDir,
      version: data.version,
      clock: systemClock,
      vault: openVault({ kind: data.vault, dataDir: data.dataDir, passphrase: data.passphrase }),
      autoSync: data.autoSync,
    })
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
    return
  }
  const router = createRouter(core)
  core.events.subscribe((name, payload) => send({ type: 'event', name, payload }))
  port.on('message', (message: ToWorker) => {
    if (message.type === 'close') {
      void core.close().finally(() => {
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
