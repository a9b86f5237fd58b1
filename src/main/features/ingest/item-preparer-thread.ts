import type { MessagePort } from 'node:worker_threads'
import { answerRequests } from '../../base/idle-thread'
import type { NormalizedItem } from '../../model/items'
import { prepareItems } from '../../model/prepared-item'

/** The preparer thread's side: prepares each batch it is sent, one at a time, and answers with it. */
export function runItemPreparer(port: MessagePort): void {
  answerRequests(port, (items: readonly NormalizedItem[]) => prepareItems(items))
}
