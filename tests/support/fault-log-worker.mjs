// Runs the database worker's fault logging (Node strips the types of the .ts module) and fails on request.
import { parentPort } from 'node:worker_threads'
import { logWorkerFaults } from '../../src/main/hosts/worker/fault-log.ts'

logWorkerFaults((line) => parentPort.postMessage({ type: 'log', line }))
parentPort.on('message', (message) => {
  if (message === 'reject') void Promise.reject(new Error('a forgotten promise failed'))
  else if (message === 'throw') setImmediate(() => { throw new Error('worker state is broken') })
  else parentPort.postMessage({ type: 'pong' })
})
