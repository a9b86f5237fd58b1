import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mastodonConnector } from '../../../src/main/features/connectors/mastodon'
import { startMastodonFake, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import { MemoryVault, syncWorkspace } from '../../support/sync-workspace'

type Ws = ReturnType<typeof syncWorkspace>

describe('channel accounts and sync against the Mastodon fake', () => {
  let fake: MastodonFake
  let ws: Ws
  let vault: MemoryVault

  beforeEach(async () => {
    fake = await startMastodonFake()
    vault = new MemoryVault()
    ws = syncWorkspace({ connectors: [mastodonConnector], vault })
  })
  afterEach(async () => {
    await ws.cleanup()
    await fake.close()
  })

  const count = (sql: string): number => (ws.core.db.prepare(sql).get() as { n: number }).n
  const dbBytes = (): string => ['parley.db', 'parley.db-wal'].map((f) => {
    try {
      return readFileSync(join(ws.dir, f)).toString('latin1')
    } catch {
      return ''
    }
  }).join('')

  it('keeps the token in the vault, never in the database', async () => {
    const account = await ws.core.accounts.add('mastodon', { instance: fake.url, token: fake.token })
    expect(account).toMatchObject({ platform: 'mastodon', status: 'active' })
    expect([...vault.entries.values()]).toEqual([fake.token])
    expect([...vault.entries.keys()][0]).toMatch(/^[0-9a-f-]{36}\/accessToken$/)
    await ws.core.sync.runDue()
    expect(dbBytes()).not.toContain(fake.token)
  })

  it('stores nothing when the token is wrong or the server cannot be reached', async () => {
    await expect(ws.core.accounts.add('mastodon', { instance: fake.url, token: 'not-the-token' })).rejects.toThrow(/Mastodon refused the token/)
    await expect(ws.core.accounts.add('mastodon', { instance: 'http://127.0.0.1:9', token: fake.token })).rejects.toThrow(/127\.0\.0\.1:9/)
    expect(count('SELECT count(*) AS n FROM channel_accounts')).toBe(0)
    expect(vault.entries.size).toBe(0)
  })

  it('refuses to connect the same account twice', async () => {
    await ws.core.accounts.add('mastodon', { instance: fake.url, token: fake.token })
    await expect(ws.core.accounts.add('mastodon', { instance: fake.url, token: fake.token })).rejects.toThrow(/already connected/)
  })

  it('backfills, stores each status once across both streams, and picks up a new mention', async () => {
    const { id } = await ws.core.accounts.add('mastodon', { instance: fake.url, token: fake.token })
    const first = await ws.core.sync.runDue()
    expect(first.map((o) => [o.stream, o.error])).toEqual([
      ['conversations', null],
      ['notifications', null],
    ])
    const messages = count('SELECT count(*) AS n FROM messages')
    expect(messages).toBeGreaterThan(3)
    await ws.core.sync.pollOnce([id])
    expect(count('SELECT count(*) AS n FROM messages')).toBe(messages)

    fake.addMention({ from: 'ines', text: 'Is the Trail X back in stock? Asking for a friend 🚲' })
    await ws.core.sync.pollOnce([id])
    expect(count('SELECT count(*) AS n FROM messages')).toBe(messages + 1)
    expect(count("SELECT count(*) AS n FROM messages WHERE text LIKE '%Trail X back in stock%'")).toBe(1)
    const health = ws.core.sync.health(id)!
    expect(health.streams.every((s) => s.lastSuccessAt !== null && s.lastError === null)).toBe(true)
  })

  it('needs reconnecting after repeated 401s, stops polling, and recovers when reconnected', async () => {
    const { id } = await ws.core.accounts.add('mastodon', { instance: fake.url, token: fake.token })
    await ws.core.sync.runDue()
    fake.revokeToken()
    // Both streams fail in one pass: that counts as one failure, not yet enough to give up.
    await ws.core.sync.pollOnce([id])
    expect(ws.core.stores.accounts.get(id)!).toMatchObject({ status: 'active', authFailures: 1 })
    const failed = await ws.core.sync.pollOnce([id])
    expect(failed.map((o) => o.error?.kind)).toEqual(['reauth', 'reauth'])
    const account = ws.core.stores.accounts.get(id)!
    expect(account.status).toBe('needs_reconnect')
    expect(account.statusMessage).toMatch(/Reconnect the account/)

    const requests = fake.requests.length
    ws.clock.advance(60 * 60_000)
    expect(await ws.core.sync.runDue()).toEqual([])
    expect(fake.requests.length).toBe(requests)

    const token = fake.issueToken()
    const back = await ws.core.accounts.add('mastodon', { instance: fake.url, token })
    expect(back).toMatchObject({ id, status: 'active' })
    expect([...vault.entries.values()]).toEqual([token])
    ws.clock.advance(1000)
    const recovered = await ws.core.sync.runDue()
    expect(recovered.every((o) => o.error === null)).toBe(true)
    expect(ws.core.stores.accounts.get(id)!.authFailures).toBe(0)
  })

  it('one auth failure followed by a good poll resets the count', async () => {
    const { id } = await ws.core.accounts.add('mastodon', { instance: fake.url, token: fake.token })
    fake.inject((r) => r.path === '/api/v1/notifications' || r.path === '/api/v1/conversations', (_req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ error: 'The access token is invalid' }))
    }, 2)
    await ws.core.sync.pollOnce([id])
    expect(ws.core.stores.accounts.get(id)!.authFailures).toBe(1)
    await ws.core.sync.pollOnce([id])
    expect(ws.core.stores.accounts.get(id)!).toMatchObject({ authFailures: 0, status: 'active' })
  })

  it('removes the secrets on removal and keeps or deletes the conversations as asked', async () => {
    const { id } = await ws.core.accounts.add('mastodon', { instance: fake.url, token: fake.token })
    await ws.core.sync.runDue()
    const conversations = count('SELECT count(*) AS n FROM conversations')
    expect(await ws.core.accounts.remove(id, false)).toEqual({ id, secretsRemoved: true, dataRemoved: false })
    expect(vault.entries.size).toBe(0)
    expect(count('SELECT count(*) AS n FROM conversations')).toBe(conversations)
    expect(ws.core.accounts.health()).toEqual([])

    await ws.core.accounts.add('mastodon', { instance: fake.url, token: fake.token })
    expect(await ws.core.accounts.remove(id, true)).toMatchObject({ dataRemoved: true })
    expect(count('SELECT count(*) AS n FROM conversations')).toBe(0)
    expect(vault.entries.size).toBe(0)
  })
})
