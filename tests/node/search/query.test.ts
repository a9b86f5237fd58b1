import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/compose'
import type { ConversationKind } from '../../../src/shared/contract'
import { ParleyError } from '../../../src/shared/contract'
import { brandAccount, item } from '../../support/items'
import { FakeClock, openWorkspace, tempDir } from '../../support/workspace'

const bluesky = {
  platform: 'bluesky' as const,
  displayName: 'Lumen Support',
  handle: 'lumensupport.bsky.social',
  baseUrl: 'https://bsky.social',
}

type Fixture = [key: string, account: 'A' | 'B', kind: ConversationKind, author: [handle: string, name: string], text: string, subject?: string]

// Conversation cN has its one message on 2026-11-N at 12:00 UTC.
const fixtures: Fixture[] = [
  ['c1', 'A', 'comment', ['@ines@fosstodon.org', 'Inês Araújo'], 'My Commuter 2 battery stopped charging after the update'],
  ['c2', 'A', 'comment', ['@ines@fosstodon.org', 'Inês Araújo'], 'Battery life is great now, thanks'],
  ['c3', 'A', 'dm', ['@bob@mastodon.social', 'Bob Stone'], 'Can I get a refund for my battery?'],
  ['c4', 'A', 'mention', ['@carla@hachyderm.io', 'Carla Mendes'], 'Loving the new Commuter frame'],
  ['c5', 'A', 'feed', ['', 'Lumen Blog'], 'Keep the chain clean in the cold', 'Winter maintenance tips'],
  ['c6', 'A', 'dm', ['@dan@mastodon.social', 'Dan Okafor'], 'Warranty claim for a cracked frame'],
  ['c7', 'A', 'comment', ['@erin@mastodon.social', 'Erin Walsh'], 'NEAR the shop? opening hours'],
  ['c8', 'B', 'dm', ['frank.bsky.social', 'Frank Li'], 'battery charger broken'],
  ['c9', 'B', 'comment', ['gina.bsky.social', 'Gina Rossi'], 'charging port loose'],
  ['c10', 'B', 'mention', ['ines.bsky.social', 'Inês Araújo'], 'the battery after the update drains fast'],
  ['c11', 'B', 'dm', ['hugo.bsky.social', 'Hugo Brandt'], 'refund please, money back'],
  ['c12', 'B', 'comment', ['ivan.bsky.social', 'Ivan Petrov'], 'pedal squeaks'],
  ['c13', 'B', 'feed', ['', 'Lumen News'], 'Spring sale starts', 'Spring sale'],
  ['c14', 'B', 'dm', ['jules.bsky.social', 'Jules Obi'], "O'Brien; DROP TABLE conversations; --"],
  ['c15', 'B', 'comment', ['kim.bsky.social', 'Kim Park'], 'email me at kim@example.com re: battery'],
]
const all = fixtures.map((f) => f[0])
const except = (...keys: string[]): string[] => all.filter((k) => !keys.includes(k))
const battery = ['c1', 'c2', 'c3', 'c8', 'c10', 'c15']

describe('inbox query language over a real workspace', () => {
  let cleanup: () => void
  let close: () => Promise<void>
  let core: Core
  let ana: number
  const ids = new Map<string, number>()
  const keys = new Map<number, string>()

  beforeAll(() => {
    const t = tempDir()
    cleanup = t.cleanup
    const clock = new FakeClock()
    const ws = openWorkspace(t.dir, clock)
    core = ws.core
    close = ws.close
    const accounts = {
      A: core.stores.accounts.ensure(brandAccount, { isDemo: false, at: clock.now() }),
      B: core.stores.accounts.ensure(bluesky, { isDemo: false, at: clock.now() }),
    }
    fixtures.forEach(([key, account, kind, [handle, name], text, subject], i) => {
      core.stores.ingest.ingest(accounts[account], [
        item({
          remoteId: `r-${key}`,
          conversationKey: key,
          kind,
          text,
          html: null,
          subject: subject ?? null,
          author: { remoteId: `a-${handle || name}`, handle, displayName: name, avatarUrl: null, profileUrl: null },
          createdAt: Date.UTC(2026, 10, i + 1, 12),
        }),
      ])
    })
    for (const r of core.db.prepare('SELECT id, conversation_key FROM conversations').all() as { id: number; conversation_key: string }[]) {
      ids.set(r.conversation_key, r.id)
      keys.set(r.id, r.conversation_key)
    }
    const db = core.db
    const addProfile = (name: string): number =>
      Number(db.prepare("INSERT INTO profiles (name, role, created_at) VALUES (?, 'agent', 0)").run(name).lastInsertRowid)
    ana = addProfile('Ana Costa')
    const bruno = addProfile('Bruno Reis')
    const set = (sql: string, key: string, ...args: unknown[]): void => void db.prepare(sql).run(...args, ids.get(key))
    set("UPDATE conversations SET status = 'pending' WHERE id = ?", 'c3')
    set("UPDATE conversations SET status = 'snoozed', snoozed_until = 1 WHERE id = ?", 'c6')
    for (const k of ['c12', 'c13']) set("UPDATE conversations SET status = 'done' WHERE id = ?", k)
    for (const k of ['c1', 'c2', 'c4']) set('UPDATE conversations SET unread = 0 WHERE id = ?', k)
    for (const k of ['c3', 'c8']) set('UPDATE conversations SET assignee_id = ? WHERE id = ?', k, ana)
    set('UPDATE conversations SET assignee_id = ? WHERE id = ?', 'c6', bruno)
    const tag = (name: string): number => Number(db.prepare('INSERT INTO tags (name) VALUES (?)').run(name).lastInsertRowid)
    const warranty = tag('warranty')
    const refund = tag('refund')
    for (const [k, t] of [['c1', warranty], ['c6', warranty], ['c3', refund], ['c11', refund]] as const) {
      db.prepare('INSERT INTO conversation_tags (conversation_id, tag_id) VALUES (?, ?)').run(ids.get(k), t)
    }
  })
  afterAll(async () => {
    await close()
    cleanup()
  })

  const run = (query: string, timeZone?: string): string[] =>
    core.stores.conversations
      .query(query, { limit: 100, profileId: ana, timeZone })
      .map((c) => keys.get(c.id)!)
      .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))

  const cases: [string, string[], string?][] = [
    ['', all],
    ['battery', battery],
    ['BATTERY', battery],
    ['batt*', battery],
    ['charg*', ['c1', 'c8', 'c9']],
    ['"after the update"', ['c1', 'c10']],
    ['"update after"', []],
    ['battery -refund', ['c1', 'c2', 'c8', 'c10', 'c15']],
    ['-battery', except(...battery)],
    ['-battery -refund', except(...battery, 'c11')],
    ['-"after the update"', except('c1', 'c10')],
    ['Winter', ['c5']],
    ['from:ines', ['c1', 'c2', 'c10']],
    ['from:@ines', ['c1', 'c2', 'c10']],
    ['from:"Inês Araújo"', ['c1', 'c2', 'c10']],
    ['from:inês', ['c1', 'c2', 'c10']],
    ['from:ines -channel:bluesky', ['c1', 'c2']],
    ['from:"Lumen"', ['c5', 'c13']],
    ['channel:bluesky', except('c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7')],
    ['channel:MASTODON battery', ['c1', 'c2', 'c3']],
    ['channel:"Lumen Bikes"', ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']],
    ['channel:lumensupport kind:dm', ['c8', 'c11', 'c14']],
    ['kind:dm', ['c3', 'c6', 'c8', 'c11', 'c14']],
    ['-kind:dm channel:mastodon', ['c1', 'c2', 'c4', 'c5', 'c7']],
    ['kind:feed', ['c5', 'c13']],
    ['is:pending', ['c3']],
    ['is:snoozed', ['c6']],
    ['is:done', ['c12', 'c13']],
    ['is:open', except('c3', 'c6', 'c12', 'c13')],
    ['is:unread', except('c1', 'c2', 'c4')],
    ['-is:unread', ['c1', 'c2', 'c4']],
    ['tag:warranty', ['c1', 'c6']],
    ['tag:WARRANTY', ['c1', 'c6']],
    ['-tag:warranty battery', ['c2', 'c3', 'c8', 'c10', 'c15']],
    ['assignee:me', ['c3', 'c8']],
    ['assignee:bruno', ['c6']],
    ['assignee:"Ana Costa"', ['c3', 'c8']],
    ['assignee:none', except('c3', 'c6', 'c8')],
    ['-assignee:me', except('c3', 'c8')],
    ['after:2026-11-12', ['c13', 'c14', 'c15']],
    ['before:2026-11-03', ['c1', 'c2']],
    ['after:2026-11-02 before:2026-11-05', ['c3', 'c4']],
    ['-before:2026-11-14', ['c14', 'c15']],
    ['before:2026-11-03', ['c1'], 'Pacific/Auckland'],
    ['after:2026-11-14', ['c15'], 'America/New_York'],
    ['battery from:ines is:unread', ['c10']],
    ["O'Brien", ['c14']],
    ['kim@example.com', ['c15']],
  ]

  it.each(cases)('%j → %j', (query, expected, timeZone) => {
    expect(run(query, timeZone)).toEqual(expected)
  })

  it('treats SQL in every filter value as a plain value', () => {
    const attacks = ["x' OR 1=1 --", "'; DROP TABLE conversations; --", '%', '_', '\\', '" OR ""="', 'a) OR (1=1']
    for (const attack of attacks) {
      const quoted = `"${attack.replaceAll('"', '')}"`
      for (const key of ['from', 'channel', 'tag', 'assignee']) {
        expect(run(`${key}:${quoted}`), `${key}:${quoted}`).toEqual([])
        expect(run(`-${key}:${quoted}`).length, `-${key}:${quoted}`).toBeGreaterThan(0)
      }
      for (const key of ['kind', 'is', 'before', 'after']) {
        expect(() => run(`${key}:${quoted}`)).toThrow(ParleyError)
      }
      expect(() => run(quoted)).not.toThrow()
    }
    expect(run('')).toEqual(all)
  })

  it('handles FTS5 syntax characters in words without an FTS error', () => {
    const specials = ['NEAR(', 'NEAR(battery, 2)', '*', '-', ':', '^battery', 'battery)', '(battery', 'AND', 'OR', 'NOT battery',
      'battery OR', '{text}', 'text:battery'.replace(':', ' : '), '"*"', '"-"', '" "', 'battery**', '-*', '+', '#', '\\"']
    for (const query of specials) {
      let result: string[] = []
      try {
        result = run(query)
      } catch (e) {
        // Only our own, well-worded errors may escape (never an SQLite/FTS5 syntax error).
        expect(e, query).toBeInstanceOf(ParleyError)
        expect((e as ParleyError).code).toBe('bad_input')
      }
      expect(Array.isArray(result)).toBe(true)
    }
    expect(run('NEAR(')).toEqual(['c7'])
    expect(run('NEAR(battery, 2)')).toEqual([])
    expect(run('*')).toEqual(all)
    expect(run('battery)')).toEqual(battery)
    expect(() => run('"')).toThrow(/Unclosed quote starting at column 1/)
  })

  it('reports bad queries through the inbox service as bad_input', () => {
    expect(() => core.search.conversations('kin:dm', 10)).toThrow(/Unknown filter "kin:" at column 1\. Did you mean "kind:"\?/)
    expect(core.search.conversations('battery', 2)).toHaveLength(2)
    expect(() => run('before:2026-11-03', 'Mars/Olympus')).toThrow(ParleyError)
  })
})
