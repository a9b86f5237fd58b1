import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { telegramConnector } from '../../../src/main/features/connectors/telegram'
import { startTelegramFake, type TelegramFake } from '../../../src/main/features/connectors/telegram/fake-server'
import { MemoryVault, syncWorkspace } from '../../support/sync-workspace'

type Ws = ReturnType<typeof syncWorkspace>

describe('channel accounts and sync against the fake Telegram Bot API', () => {
  let fake: TelegramFake
  let ws: Ws
  let vault: MemoryVault

  beforeEach(async () => {
    fake = await startTelegramFake()
    vault = new MemoryVault()
    ws = syncWorkspace({ connectors: [telegramConnector], vault })
  })
  afterEach(async () => {
    await ws.cleanup()
    await fake.close()
  })

  const rows = <T>(sql: string, ...args: unknown[]): T[] => ws.core.db.prepare(sql).all(...args) as T[]
  const dbBytes = (): string =>
    ['parley.db', 'parley.db-wal']
      .map((f) => {
        try {
          return readFileSync(join(ws.dir, f)).toString('latin1')
        } catch {
          return ''
        }
      })
      .join('')

  it('keeps the bot token in the vault only, and stores the groups, mentions and DMs once', async () => {
    const account = await ws.core.accounts.add('telegram', { botToken: fake.token, apiBase: fake.url })
    expect(account).toMatchObject({ platform: 'telegram', status: 'active', handle: '@lumenbikes_bot' })
    expect([...vault.entries.values()]).toEqual([fake.token])
    expect([...vault.entries.keys()][0]).toMatch(/\/botToken$/)
    const first = await ws.core.sync.runDue()
    expect(first.map((o) => [o.stream, o.error])).toEqual([['updates', null]])
    expect(dbBytes()).not.toContain(fake.token.split(':')[1])

    const kinds = rows<{ kind: string; n: number }>('SELECT kind, count(*) AS n FROM conversations GROUP BY kind ORDER BY kind')
    expect(kinds.map((k) => k.kind)).toEqual(['comment', 'dm', 'mention'])
    // The edited message is one message with the new words.
    expect(rows<{ text: string }>("SELECT text FROM messages WHERE text LIKE 'Battery lasts%'").map((r) => r.text)).toEqual(['Battery lasts 60 km in the cold, for what it is worth'])
    const before = rows<{ n: number }>('SELECT count(*) AS n FROM messages')[0]!.n
    await ws.core.sync.pollOnce([account.id])
    expect(rows<{ n: number }>('SELECT count(*) AS n FROM messages')[0]!.n).toBe(before)
    fake.post({ chat: fake.chats.riders, from: fake.people.hanako, text: 'Is the shop open on Sunday?' })
    await ws.core.sync.pollOnce([account.id])
    expect(rows<{ n: number }>('SELECT count(*) AS n FROM messages')[0]!.n).toBe(before + 1)
  })

  it('merges settings saved by a poll and a send of the same account, so neither undoes the other', async () => {
    const { id } = await ws.core.accounts.add('telegram', { botToken: fake.token, apiBase: fake.url })
    // Two contexts made before either saves, as a poll and a reply running side by side get them.
    const poll = (await ws.core.sync.connectorContext(id))!
    const send = (await ws.core.sync.connectorContext(id))!
    await send.saveSettings({ sendMarks: { 'outbox-1': { at: 1 } } })
    await poll.saveSettings({ chats: [fake.chats.riders.id] })
    expect(ws.core.stores.accounts.get(id)!.settings).toMatchObject({ botId: fake.bot.id, chats: [fake.chats.riders.id], sendMarks: { 'outbox-1': { at: 1 } } })
  })

  it('needs reconnecting after the token is revoked, and waits out a 429', async () => {
    const { id } = await ws.core.accounts.add('telegram', { botToken: fake.token, apiBase: fake.url })
    await ws.core.sync.runDue()
    fake.throttle(45)
    const slowed = await ws.core.sync.pollOnce([id])
    expect(slowed.map((o) => o.error?.kind)).toEqual(['rate_limited'])
    expect(ws.core.sync.health(id)!.streams[0]!.nextPollAt).toBeGreaterThanOrEqual(ws.clock.now() + 45_000)
    fake.revokeToken()
    await ws.core.sync.pollOnce([id])
    await ws.core.sync.pollOnce([id])
    expect(ws.core.stores.accounts.get(id)!).toMatchObject({ status: 'needs_reconnect', statusMessage: expect.stringMatching(/BotFather/) })
  })
})
