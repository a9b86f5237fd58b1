// A stand-in database worker speaking the host protocol, with calls that fail the ways a real worker can.
import { parentPort, threadId } from 'node:worker_threads'

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    parentPort.postMessage({ type: 'closed' })
    parentPort.close()
    return
  }
  const { id, op } = message
  if (op === 'crash') setImmediate(() => { throw new Error('worker crashed on purpose') })
  else if (op === 'exit') process.exit(3)
  else if (op === 'hang') return
  else parentPort.postMessage({ type: 'result', id, result: { ok: true, value: { threadId } } })
})
parentPort.postMessage({ type: 'ready' })
