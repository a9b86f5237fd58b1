import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

/** A complaint from the demo's templates in each language, by a fragment that only that template has. */
const COMPLAINTS: [lang: string, fragment: string][] = [
  ['ja', 'まだ返事がありません。がっかりです。'],
  ['es', 'dejó de funcionar. Muy decepcionado.'],
  ['de', 'Echt enttäuschend.'],
]

describe('the demo workspace scored on load', () => {
  let cleanup: () => void
  let ws: ReturnType<typeof openWorkspace>
  let rows: { text: string; sentiment: string | null; needs_reply: number | null }[] = []

  beforeAll(async () => {
    const t = tempDir()
    cleanup = t.cleanup
    ws = openWorkspace(t.dir, new FakeClock())
    expect((await typed(ws)('workspace.loadDemo', { conversations: 2_000 })).ok).toBe(true)
    await ws.core.signalsBackfill.idle()
    rows = ws.core.db
      .prepare("SELECT text, sentiment, needs_reply FROM messages WHERE direction = 'in'")
      .all() as typeof rows
  }, 120_000)
  afterAll(async () => {
    await ws.close()
    cleanup()
  })

  it('scores every inbound message', () => {
    expect(rows.length).toBeGreaterThan(1000)
    expect(rows.filter((r) => r.needs_reply === null)).toEqual([])
  })

  it.each(COMPLAINTS)('shows a %s complaint as negative and needing a reply', (_lang, fragment) => {
    const found = rows.filter((r) => r.text.includes(fragment))
    expect(found.length).toBeGreaterThan(0)
    for (const r of found) expect({ text: r.text, sentiment: r.sentiment, needsReply: r.needs_reply }).toEqual({ text: r.text, sentiment: 'negative', needsReply: 1 })
  })
})
