/** Entry of the ingest preparer thread (features/ingest/item-preparer.ts): a small bundle of its own. */
import { parentPort } from 'node:worker_threads'
import { runItemPreparer } from '../features/ingest/item-preparer-thread'

if (!parentPort) throw new Error('item-preparer must run as a worker thread')
runItemPreparer(parentPort)
