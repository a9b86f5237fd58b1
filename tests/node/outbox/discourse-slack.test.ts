import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { discourseConnector } from '../../../src/main/features/connectors/discourse'
import { startDiscourseFake } from '../../../src/main/features/connectors/discourse/fake-server'
import { slackConnector } from '../../../src/main/features/connectors/slack'
import { startSlackFake } from '../../../src/main/features/connectors/slack/fake-server'
import type { FakeServer, Handler, RecordedRequest } from '../../../src/main/features/connectors/testing/fake-http'
import type { Connector } from '../../../src/main/model/connector'
import { addPeople, openApprovalCore, PASSPHRASES } from '../../support/approval-workspace'
import { tempDir } from '../../support/workspace'

/**
 * The outbox against the Discourse and Slack fakes, where the platform has no idempotency key: a
 * reply the platform stored but whose answer was lost (a 502 after storing, a dropped connection)
 * is retried by the outbox, and the connector finds its first post instead of posting again.
 */
interface Platform {
  label: string
  connector: Connector
  start(): Promise<{ server: FakeServer; input: Record<string, string>; isPost(r: RecordedRequest): boolean; ours(): string[]; route: Handler }>
}

/** Lets the fake's own route answer into a throwaway response, then answers differently: the post is stored, the answer lost. */
function storeThen(route: Handler, answer: (res: ServerResponse) => void): Handler {
  return async (req, res) => {
    const sink = { writeHead: () => sink, setHeader: () => sink, end: () => sink, write: () => true, headersSent: false } as unknown as ServerResponse
    await route(req, sink)
    answer(res)
  }
}

const platforms: Platform[] = [
  {
    label: 'Discourse',
    connector: discourseConnector,
    async start() {
      const fake = await startDiscourseFake()
      const before = fake.postsBy(fake.brand).length
      return {
        server: fake,
        input: { url: fake.url, apiKey: fake.apiKey, username: fake.brand.username },
        isPost: (r) => r.method === 'POST' && r.path === '/posts.json',
        ours: () => fake.postsBy(fake.brand).slice(before).map((p) => p.raw),
        route: (req, res) => {
          // The fake's route, reached without the injections: inject() would match this request again.
          return fakeRoute(fake, req, res)
        },
      }
    },
  },
  {
    label: 'Slack',
    connector: slackConnector,
    async start() {
      const fake = await startSlackFake()
      return {
        server: fake,
        input: { botToken: fake.token, apiBase: fake.apiBase },
        isPost: (r) => r.path === '/api/chat.postMessage',
        ours: () => fake.messagesBy(fake.bot).map((m) => m.text),
        route: (req, res) => fakeRoute(fake, req, res),
      }
    },
  },
]

/** Replays a recorded request against the fake over loopback, so its real route stores it. */
async function fakeRoute(fake: FakeServer, req: RecordedRequest, _res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v
  await fetch(`${fake.url}${req.path}?${req.query.toString()}`, { method: req.method, headers, body: req.body || undefined })
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe.each(platforms)('the outbox against the $label fake', ({ connector, start }) => {
  async function workspace() {
    const fake = await start()
    cleanups.push(() => fake.server.close())
    const t = tempDir('parley-board-outbox-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [connector] } })
    cleanups.push(async () => {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    })
    const account = await ws.core.accounts.add(connector.platform, fake.input)
    await ws.core.sync.pollOnce([account.id])
    const people = await addPeople(ws.ok)
    const { id: conversationId } = ws.core.db
      .prepare("SELECT id FROM conversations WHERE channel_account_id = ? AND kind IN ('comment', 'mention') ORDER BY id LIMIT 1")
      .get(account.id) as { id: number }
    const approvedReply = async (text: string) => {
      await ws.ok('profiles.switch', { profileId: people.alex })
      await ws.ok('drafts.save', { conversationId, body: text })
      const { approval } = await ws.ok('approvals.submit', { conversationId })
      await ws.ok('profiles.switch', { profileId: people.sam, passphrase: PASSPHRASES.sam })
      return (await ws.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })).outboxItem!
    }
    return { fake, ws, approvedReply, item: async (id: string) => (await ws.ok('outbox.list', { conversationId })).find((i) => i.id === id)! }
  }

  it('a 502 after the platform stored the reply: the retry finds it, and the platform keeps one', async () => {
    const { fake, ws, approvedReply, item } = await workspace()
    const queued = await approvedReply('We will check the cable and come back to you.')
    fake.server.inject(fake.isPost, storeThen(fake.route, (res) => void res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>Bad Gateway</html>')))
    ws.clock.advance(10_000)
    expect((await ws.core.outboxEngine.runDue()).map((r) => r.outcome)).toEqual(['requeued'])
    expect(fake.ours()).toHaveLength(1)
    const posts = fake.server.requests.filter(fake.isPost).length
    ws.clock.advance(60_000)
    expect((await ws.core.outboxEngine.runDue()).map((r) => r.outcome)).toEqual(['sent'])
    expect(fake.ours()).toEqual(['We will check the cable and come back to you.'])
    // The retry read the thread and found the post: it never asked to post again.
    expect(fake.server.requests.filter(fake.isPost)).toHaveLength(posts)
    expect(await item(queued.id)).toMatchObject({ state: 'sent', remoteId: expect.any(String) })
  })

  it('a connection dropped after the platform stored the reply: the same', async () => {
    const { fake, ws, approvedReply, item } = await workspace()
    const queued = await approvedReply('Thanks, a replacement part is on its way.')
    fake.server.inject(fake.isPost, storeThen(fake.route, (res) => void res.destroy()))
    ws.clock.advance(10_000)
    expect((await ws.core.outboxEngine.runDue()).map((r) => r.outcome)).toEqual(['requeued'])
    ws.clock.advance(60_000)
    expect((await ws.core.outboxEngine.runDue()).map((r) => r.outcome)).toEqual(['sent'])
    expect(fake.ours()).toEqual(['Thanks, a replacement part is on its way.'])
    expect((await item(queued.id)).state).toBe('sent')
  })
})
