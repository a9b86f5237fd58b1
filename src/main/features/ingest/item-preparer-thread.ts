import type { MessagePort } from 'node:worker_threads'
import { prepareItems } from '../../model/prepared-item'
import type { PrepareAnswer, PrepareRequest } from './item-preparer'

/** The preparer thread's side: prepares each batch it is sent, one at a time, and answers with it. */
export function runItemPreparer(port: MessagePort): void {
  port.on('message', (request: PrepareRequest) => {
    let answer: PrepareAnswer
    try {
      answer = { id: request.id, ok: true, items: prepareItems(request.items) }
    } catch (error) {
      answer = { id: request.id, ok: false, message: (error as Error).message }
    }
    port.postMessage(answer)
  })
}
