import { IdleThread } from '../../base/idle-thread'
import type { NormalizedItem } from '../../model/items'
import { prepareItems, type PreparedItem } from '../../model/prepared-item'

/** Makes channel items ready to store (model/prepared-item.ts): neutralised, sanitised, previewed. */
export interface ItemPreparer {
  prepare(items: readonly NormalizedItem[]): Promise<PreparedItem[]>
  close(): Promise<void>
}

/** Prepares on the calling thread: the CLI, tests, and the fallback when the thread cannot be used. */
export const inlinePreparer: ItemPreparer = {
  prepare: async (items) => prepareItems(items),
  close: async () => {},
}

/**
 * Prepares items on a thread of its own, so sanitising a poll's HTML runs on the second core while the
 * database worker writes the batch before it. Anything the thread cannot do (an item that cannot be
 * posted to it, a failure, a thread that stopped) is prepared here instead: the thread only ever makes
 * ingest faster, never the reason an item is not stored. It starts with the first batch and stops after
 * a minute without one.
 */
export class ThreadItemPreparer implements ItemPreparer {
  private readonly thread

  constructor(
    entry: string,
    private readonly log: (line: string) => void = (line) => void process.stderr.write(`${line}\n`),
  ) {
    this.thread = new IdleThread<readonly NormalizedItem[], PreparedItem[]>(entry, { name: 'item preparer', idleMs: 60_000 })
  }

  async prepare(items: readonly NormalizedItem[]): Promise<PreparedItem[]> {
    if (!items.length) return []
    try {
      return await this.thread.request(items)
    } catch (error) {
      // Prepared here, as they would have been before the thread existed; an item that fails here fails the poll as it always did.
      this.log(`ingest: preparing ${items.length} item(s) on the database thread instead (${(error as Error).message})`)
      return prepareItems(items)
    }
  }

  close(): Promise<void> {
    return this.thread.close()
  }
}
