import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { databaseFile } from '../../../src/main/base/paths'
import { brandAccount, item } from '../../support/items'
import { FakeClock, openWorkspace, tempDir } from '../../support/workspace'
import Database from 'better-sqlite3'

const COMPLAINT = 'I was charged twice for the same order and nobody is helping me.'

describe('signals scored with an earlier rule are scored again after the upgrade', () => {
  let dir: string
  let cleanup: () => void
  beforeEach(() => ({ dir, cleanup } = tempDir()))
  afterEach(() => cleanup())

  it('clears them in migration 8 and rescores them in the background once, keeping "not rated" items scored', async () => {
    const clock = new FakeClock()
    let ws = openWorkspace(dir, clock)
    const account = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: clock.now() })
    ;[COMPLAINT, 'Cykeln kom med en spricka i ramen.'].forEach((text, i) =>
      ws.core.stores.ingest.ingest(account, [
        item({
          remoteId: `r${i}`,
          conversationKey: `c${i}`,
          kind: 'comment',
          text,
          html: null,
          subject: null,
          author: { remoteId: `a${i}`, handle: `@a${i}@example.social`, displayName: `A${i}`, avatarUrl: null, profileUrl: null },
          createdAt: Date.UTC(2026, 10, i + 1, 12),
        }),
      ]),
    )
    ws.core.listeningProcessor.runPending()
    await ws.close()

    // What the earlier rule stored: the complaint as neutral and not needing a reply, schema 7.
    const raw = new Database(databaseFile(dir))
    raw.prepare("UPDATE messages SET sentiment = 'neutral', needs_reply = 0 WHERE text = ?").run(COMPLAINT)
    raw.pragma('user_version = 7')
    raw.close()

    ws = openWorkspace(dir, clock)
    await ws.core.signalsBackfill.idle()
    const rows = ws.core.db.prepare("SELECT text, sentiment, needs_reply AS needsReply FROM messages WHERE direction = 'in' ORDER BY id").all()
    expect(rows).toEqual([
      { text: COMPLAINT, sentiment: 'negative', needsReply: 1 },
      { text: 'Cykeln kom med en spricka i ramen.', sentiment: null, needsReply: 1 },
    ])
    expect(ws.core.stores.settings.get('signals.rescore', null)).toBe(false)
    expect(ws.core.signalsBackfill.status()).toMatchObject({ unscored: 0, scored: 2 })
    await ws.close()
  })
})
