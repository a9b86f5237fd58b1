import type { Stores } from '../../store/stores'
import type { EventBus } from '../../base/event-bus'
import type { DemoSeedWriter } from '../../store/demo-seed'
import { demoAccounts, generateDemo, type DemoConversation } from './index'
import { inlinePreparer, type ItemPreparer } from '../ingest/item-preparer'
import type { PreparedItem } from '../../model/prepared-item'

export const DEFAULT_DEMO_CONVERSATIONS = 2_000
const BATCH = 250
/** Longest a write transaction holds the database worker, so calls from the UI wait at most about this long. */
const SLICE_MS = 20

const yieldToCalls = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve))

export interface DemoLoadResult {
  conversations: number
  messages: number
}

/**
 * Builds a clearly labelled demo workspace through the same ingest path a
 * connector uses, in batches, yielding between them so calls and progress flow.
 */
export class DemoLoader {
  constructor(
    private readonly seed: DemoSeedWriter,
    private readonly stores: Stores,
    private readonly events: EventBus,
    private readonly now: () => number,
    private readonly preparer: ItemPreparer = inlinePreparer,
  ) {}

  async load(conversations = DEFAULT_DEMO_CONVERSATIONS, onProgress?: (done: number, total: number) => void): Promise<DemoLoadResult> {
    const at = this.now()
    const accountIds = new Map<string, number>()
    for (const account of demoAccounts()) {
      const { key, ...seed } = account
      accountIds.set(key, this.stores.accounts.ensure(seed, { isDemo: true, at }))
    }
    let done = 0
    let messages = 0
    let batch: DemoConversation[] = []
    let writing: Promise<void> = Promise.resolve()
    // A batch is prepared (on the preparer's thread) while the one before it is written.
    const flush = async (): Promise<void> => {
      const ready = batch
      batch = []
      const prepared = this.preparer.prepare(ready.flatMap((c) => c.items))
      prepared.catch(() => {})
      await writing
      const items = await prepared
      writing = this.writeBatch(ready, items, accountIds).then((inserted) => {
        messages += inserted
        done += ready.length
        onProgress?.(done, conversations)
        this.events.emit('demo.progress', { done, total: conversations, phase: 'building' })
      })
      // Awaited by the next flush or at the end; marked handled so a failure waits for that.
      writing.catch(() => {})
    }
    for (const conversation of generateDemo({ conversations, now: at })) {
      batch.push(conversation)
      if (batch.length === BATCH) await flush()
    }
    if (batch.length) await flush()
    await writing
    this.events.emit('demo.progress', { done, total: conversations, phase: 'finished' })
    this.events.emit('conversations.changed', { ids: [], reason: 'demo' })
    return { conversations: done, messages }
  }

  /** Commits in slices of about SLICE_MS and yields between them, so a list or count call never waits long. */
  private async writeBatch(batch: DemoConversation[], prepared: PreparedItem[], accountIds: Map<string, number>): Promise<number> {
    let inserted = 0
    let next = 0
    // The batch's conversations' items, in order, are consecutive runs of `prepared`.
    let offset = 0
    const db = this.stores
    const writeSlice = (): void => {
      const started = performance.now()
      while (next < batch.length && performance.now() - started < SLICE_MS) {
        const conversation = batch[next++]!
        const items = prepared.slice(offset, offset + conversation.items.length)
        offset += conversation.items.length
        const account = accountIds.get(conversation.accountKey)
        if (account === undefined) continue
        inserted += db.ingest.ingestPrepared(account, items).inserted
        const key = conversation.items[0]?.conversationKey
        if (key === undefined) continue
        this.seed.setTriageState({ account, key, status: conversation.status, unread: conversation.unread })
      }
    }
    while (next < batch.length) {
      // Nested transactions become savepoints: one commit per slice.
      this.transaction(writeSlice)
      await yieldToCalls()
    }
    return inserted
  }

  private transaction(fn: () => void): void {
    this.stores.ingest.inTransaction(fn)
  }
}
