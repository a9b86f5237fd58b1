import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/compose'
import { parseQuery } from '../../../src/main/model/search/parse'
import type { ConversationKind } from '../../../src/shared/contract'
import { brandAccount, item } from '../../support/items'
import { FakeClock, openWorkspace, tempDir } from '../../support/workspace'

// key, kind, text: scored by the listening processor as on ingest, then found with needs:/sentiment: filters.
const fixtures: [string, ConversationKind, string][] = [
  ['refund', 'comment', 'I was charged twice for the same order and nobody is helping me.'],
  ['size', 'comment', 'What size frame would you recommend for someone who is 180 cm?'],
  ['love', 'comment', 'Love my new bike, riding it to work every day!'],
  ['chatter', 'comment', 'Picked up my bike today.'],
  ['ja', 'comment', '同じ注文で二重に請求されています。誰も対応してくれません。'],
  ['sv', 'comment', 'Cykeln kom med en spricka i ramen. Jag vill ha pengarna tillbaka.'],
  ['dm', 'dm', 'Order 55120'],
]

describe('needs:reply and sentiment: over scored conversations', () => {
  let cleanup: () => void
  let close: () => Promise<void>
  let core: Core
  const keys = new Map<number, string>()

  beforeAll(() => {
    const t = tempDir()
    cleanup = t.cleanup
    const clock = new FakeClock()
    const ws = openWorkspace(t.dir, clock)
    core = ws.core
    close = ws.close
    const account = core.stores.accounts.ensure(brandAccount, { isDemo: false, at: clock.now() })
    fixtures.forEach(([key, kind, text], i) => {
      core.stores.ingest.ingest(account, [
        item({
          remoteId: `r-${key}`,
          conversationKey: key,
          kind,
          text,
          html: null,
          subject: null,
          author: { remoteId: `a-${key}`, handle: `@${key}@example.social`, displayName: key, avatarUrl: null, profileUrl: null },
          createdAt: Date.UTC(2026, 10, i + 1, 12),
        }),
      ])
    })
    core.listeningProcessor.runPending()
    for (const r of core.db.prepare('SELECT id, conversation_key FROM conversations').all() as { id: number; conversation_key: string }[])
      keys.set(r.id, r.conversation_key)
  })
  afterAll(async () => {
    await close()
    cleanup()
  })

  const run = (query: string): string[] =>
    core.stores.conversations
      .query(query, { limit: 100 })
      .map((c) => keys.get(c.id)!)
      .sort()

  it('parses the filters and points at a wrong value', () => {
    expect(parseQuery('needs:reply -sentiment:Positive').nodes).toEqual([
      { type: 'filter', key: 'needs', value: 'reply', negated: false },
      { type: 'filter', key: 'sentiment', value: 'positive', negated: true },
    ])
    expect(() => parseQuery('needs:love')).toThrow(/use needs:reply/)
    expect(() => parseQuery('sentiment:angry')).toThrow(/negative, neutral, positive or unrated/)
  })

  it.each([
    ['needs:reply', ['dm', 'ja', 'refund', 'size', 'sv']],
    ['-needs:reply', ['chatter', 'love']],
    ['sentiment:negative', ['ja', 'refund']],
    ['sentiment:positive', ['love']],
    ['sentiment:neutral', ['chatter', 'dm', 'size']],
    ['sentiment:unrated', ['sv']],
    ['needs:reply sentiment:negative', ['ja', 'refund']],
    ['needs:reply -sentiment:negative', ['dm', 'size', 'sv']],
  ])('%s', (query, expected) => {
    expect(run(query)).toEqual([...expected].sort())
  })
})
