import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { BudgetSnapshot } from '../../../src/main/features/connectors/budget'
import { redditConnector } from '../../../src/main/features/connectors/reddit'
import { FAKE_REDDIT_CLIENT_ID, startRedditFake } from '../../../src/main/features/connectors/reddit/fake-server'
import { xConnector } from '../../../src/main/features/connectors/x'
import { FAKE_X_CLIENT_ID, startXFake, X_CAST } from '../../../src/main/features/connectors/x/fake-server'
import { youtubeConnector } from '../../../src/main/features/connectors/youtube'
import { FAKE_YT_CLIENT_ID, FAKE_YT_CLIENT_SECRET, startYouTubeFake } from '../../../src/main/features/connectors/youtube/fake-server'
import { accountHealthSchema } from '../../../src/shared/contract'
import { MemoryVault, syncWorkspace } from '../../support/sync-workspace'

type Ws = ReturnType<typeof syncWorkspace>

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function workspace(): { ws: Ws; vault: MemoryVault } {
  const vault = new MemoryVault()
  const ws = syncWorkspace({ connectors: [youtubeConnector, xConnector, redditConnector], vault, maxConcurrent: 3 })
  cleanups.push(() => ws.cleanup())
  return { ws, vault }
}

const budgetOf = (ws: Ws, id: number) => ws.core.stores.accounts.get(id)!.settings.budget as BudgetSnapshot
const dbBytes = (ws: Ws): string =>
  ['parley.db', 'parley.db-wal']
    .map((f) => {
      try {
        return readFileSync(join(ws.dir, f)).toString('latin1')
      } catch {
        return ''
      }
    })
    .join('')

describe('YouTube and X through the sync engine', () => {
  it('keeps OAuth tokens in the vault, stores the budget with the account, and polls every stream', async () => {
    const youtube = await startYouTubeFake()
    const x = await startXFake()
    cleanups.push(() => youtube.close(), () => x.close())
    const { ws, vault } = workspace()
    const yt = await ws.core.accounts.add('youtube', { clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: youtube.url, refreshToken: youtube.tokens.refreshToken })
    const xa = await ws.core.accounts.add('x', { clientId: FAKE_X_CLIENT_ID, apiBase: x.url, refreshToken: x.tokens.refreshToken, monthlyCap: '500' })
    const outcomes = await ws.core.sync.runDue()
    expect(outcomes.map((o) => `${o.stream}:${o.error?.message ?? 'ok'}`).sort()).toEqual(['comments:ok', 'dms:ok', 'held:ok', 'mentions:ok', 'replies:ok'])
    expect(budgetOf(ws, yt.id)).toMatchObject({ unit: 'units', used: 3, limit: 10_000 })
    expect(budgetOf(ws, xa.id)).toMatchObject({ unit: 'requests', used: 5, limit: 500 })
    const secrets = [...vault.entries.values()]
    expect(secrets).toEqual(expect.arrayContaining([FAKE_YT_CLIENT_SECRET]))
    // X rotated the refresh token at connect: the vault holds the new one, and no token reaches the database.
    expect(secrets).not.toContain(x.tokens.refreshToken)
    for (const s of secrets.filter((v) => v.length >= 16)) expect(dbBytes(ws)).not.toContain(s)
  })

  it('pauses X polling at the monthly cap with the reason on the health panel, without holding replies back', async () => {
    const x = await startXFake()
    cleanups.push(() => x.close())
    const { ws } = workspace()
    // Connecting costs one request; the first pass three (mentions, dms) + two (replies): the cap of 4 stops the replies stream.
    const { id } = await ws.core.accounts.add('x', { clientId: FAKE_X_CLIENT_ID, apiBase: x.url, refreshToken: x.tokens.refreshToken, monthlyCap: '4' })
    await ws.core.sync.runDue()
    const billed = x.billed
    const health = ws.core.sync.health(id)!
    const paused = health.streams.filter((s) => s.lastError?.startsWith('Polling X is paused'))
    expect(paused.length).toBeGreaterThan(0)
    expect(paused[0]!.lastError).toMatch(/of the 4 requests of your monthly cap are spent\. It resumes by itself at \d{4}-\d\d-01 00:00 UTC/)
    // Paused is not rate-limited: replies are not held back, and the account needs nothing from the person.
    expect(ws.core.sync.cooldownUntil(id)).toBe(0)
    expect(ws.core.stores.accounts.get(id)!.status).toBe('active')
    x.state.addPost({ author: X_CAST.ines, text: '@lumenbikes still there?' })
    ws.clock.advance(60 * 60_000)
    await ws.core.sync.runDue()
    expect(x.billed).toBe(billed)
  })

  it('slows YouTube polling as the day’s quota runs low', async () => {
    const youtube = await startYouTubeFake()
    cleanups.push(() => youtube.close())
    const { ws } = workspace()
    const { id } = await ws.core.accounts.add('youtube', {
      clientId: FAKE_YT_CLIENT_ID,
      clientSecret: FAKE_YT_CLIENT_SECRET,
      apiBase: youtube.url,
      refreshToken: youtube.tokens.refreshToken,
      dailyQuota: '40',
    })
    await ws.core.sync.runDue()
    const comments = () => ws.core.sync.health(id)!.streams.find((s) => s.stream === 'comments')!
    // 40 units, 20 kept for replies, 3 spent: about 8 polls per stream left for the rest of the Pacific day.
    const wait = comments().nextPollAt! - ws.clock.now()
    expect(wait).toBeGreaterThan(5 * 60_000)
    expect(budgetOf(ws, id).note).toMatch(/slowed/)
  })

  it('shows on sync health what each metered account has left and when it resets: units today, requests this month, requests in Reddit’s window', async () => {
    const youtube = await startYouTubeFake()
    const x = await startXFake()
    const reddit = await startRedditFake({ rateLimit: 600 })
    cleanups.push(() => youtube.close(), () => x.close(), () => reddit.close())
    const { ws } = workspace()
    const events: unknown[] = []
    ws.subscribe((name, payload) => {
      if (name === 'sync.health') events.push(payload)
    })
    const yt = await ws.core.accounts.add('youtube', { clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: youtube.url, refreshToken: youtube.tokens.refreshToken })
    const xa = await ws.core.accounts.add('x', { clientId: FAKE_X_CLIENT_ID, apiBase: x.url, refreshToken: x.tokens.refreshToken, monthlyCap: '500' })
    const rd = await ws.core.accounts.add('reddit', { clientId: FAKE_REDDIT_CLIENT_ID, apiBase: reddit.url, refreshToken: reddit.tokens.refreshToken, subreddits: 'lumenbikes' })
    await ws.core.sync.runDue()
    const health = (id: number) => accountHealthSchema.parse(ws.core.sync.health(id))
    const now = ws.clock.now()
    expect(health(yt.id).budget).toMatchObject({ unit: 'units', period: 'day', used: 3, limit: 10_000, left: 9_997, note: null })
    expect(health(yt.id).budget!.resetsAt).toBeGreaterThan(now)
    expect(health(xa.id).budget).toMatchObject({ unit: 'requests', period: 'month', used: 5, limit: 500, left: 495 })
    expect(new Date(health(xa.id).budget!.resetsAt).getUTCDate()).toBe(1)
    // Reddit counts itself: 1 request at connect and 3 polls, of 600 in its ten-minute window.
    expect(health(rd.id).budget).toMatchObject({ unit: 'requests', period: 'window', used: 4, limit: 600, left: 596 })
    // The health panel hears it with each poll.
    expect(events.some((e) => (e as { accountId: number; budget?: unknown }).accountId === rd.id && (e as { budget?: unknown }).budget)).toBe(true)
    // A day later YouTube's count has started again, even before the next call.
    ws.clock.advance(25 * 60 * 60_000)
    expect(health(yt.id).budget).toMatchObject({ used: 0, left: 10_000 })
  })
})
