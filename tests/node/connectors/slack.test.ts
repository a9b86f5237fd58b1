import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient, HttpError } from '../../../src/main/base/http'
import type { ConnectorContext, OutboundReply, PollOptions } from '../../../src/main/model/connector'
import { slackConnector as connector } from '../../../src/main/features/connectors/slack'
import { SlackError } from '../../../src/main/features/connectors/slack/api'
import { THREAD_BUDGET } from '../../../src/main/features/connectors/slack/poll'
import { startSlackFake, type SlackFake, type SlackFakeOptions } from '../../../src/main/features/connectors/slack/fake-server'
import { ParleyError } from '../../../src/shared/contract'

const http = createHttpClient('Parley-test')
const HOUR = 3_600_000

const open: SlackFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

function clock(): { t: number; now(): number } {
  return {
    t: Date.now(),
    now() {
      return this.t
    },
  }
}

async function fake(options: SlackFakeOptions = {}): Promise<SlackFake> {
  const f = await startSlackFake(options)
  open.push(f)
  return f
}

async function ctxFor(f: SlackFake, c: { now(): number }, input: Record<string, string> = {}): Promise<ConnectorContext> {
  const connected = await connector.connect({ botToken: f.token, apiBase: f.apiBase, ...input }, http)
  return {
    http,
    clock: c,
    account: { id: 1, baseUrl: connected.seed.baseUrl, handle: connected.seed.handle, settings: connected.settings, secrets: connected.secrets },
    saveSecrets: async () => undefined,
    saveSettings: async () => undefined,
  }
}

const since = (c: { now(): number }): PollOptions => ({ backfillSince: c.now() - 14 * 24 * HOUR })

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

describe('Slack connect', () => {
  it('checks the bot token with auth.test and picks the channels the bot is in', async () => {
    const f = await fake({ seed: false })
    const result = await connector.connect({ botToken: ` ${f.token} `, apiBase: `${f.apiBase}/`, channels: '#community, support' }, http)
    expect(result.seed).toEqual({ platform: 'slack', displayName: 'lumen_bot in Lumen Riders', handle: '@lumen_bot@Lumen Riders', baseUrl: f.apiBase })
    expect(result.secrets).toEqual({ botToken: f.token })
    expect(result.settings).toMatchObject({
      teamId: 'T0LUMEN01',
      botUserId: f.bot.id,
      botId: 'B0BOT00001',
      channels: [
        { id: f.channel('community').id, name: 'community' },
        { id: f.channel('support').id, name: 'support' },
      ],
    })
    const call = f.requests.find((r) => r.path === '/api/auth.test')!
    expect(call.headers.authorization).toBe(`Bearer ${f.token}`)
    // The token never travels in the URL or the body.
    expect(f.requests.every((r) => !r.body.includes(f.token) && !r.query.toString().includes(f.token))).toBe(true)
  })

  it('takes every channel the bot is in when none are named, and names the ones it is in when one is missing', async () => {
    const f = await fake({ seed: false })
    const all = await connector.connect({ botToken: f.token, apiBase: f.apiBase }, http)
    expect((all.settings.channels as { name: string }[]).map((c) => c.name)).toEqual(['general', 'community', 'support'])
    const missing = (await failure(connector.connect({ botToken: f.token, apiBase: f.apiBase, channels: 'random' }, http))) as ParleyError
    expect(missing.message).toBe('The bot is not in #random. Invite it with /invite @your-bot in that channel. Channels it is in: #general, #community, #support.')
  })

  it('says plainly when Slack refuses the token, or the token is a user token', async () => {
    const f = await fake({ seed: false })
    const refused = (await failure(connector.connect({ botToken: 'xoxb-wrong', apiBase: f.apiBase }, http))) as ParleyError
    expect(refused.code).toBe('unauthorized')
    expect(refused.message).toMatch(/^Slack refused the bot token \(invalid_auth\)/)
    const user = (await failure(connector.connect({ botToken: 'xoxp-123', apiBase: f.apiBase }, http))) as ParleyError
    expect(user.message).toMatch(/user token/)
  })
})

describe('Slack poll', () => {
  it('brings channel messages and thread replies after the cursor, each thread one conversation, each message once', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = await ctxFor(f, c, { channels: 'community' })
    const first = await connector.poll('channels', null, ctx, since(c))
    const community = f.channel('community').id
    expect(first.items.map((i) => [i.kind, i.text])).toEqual([
      ['comment', 'Has anyone tried the new Trail 2 saddle on long rides?'],
      ['comment', 'Yes! Comfortable after 80 km. <3'],
      ['mention', '@Lumen when does the winter light ship? See the page (https://lumen.example/lights)'],
    ])
    const [question, answer] = first.items
    expect(answer!.conversationKey).toBe(question!.conversationKey)
    expect(question!.conversationKey).toBe(`thread:${community}:${question!.remoteId.split('/')[1]}`)
    expect(answer!.parentRemoteId).toBe(question!.remoteId)
    expect(answer!.author).toMatchObject({ remoteId: f.people.ben.id, displayName: 'Ben' })
    expect(answer!.html).toBeNull()
    expect(question!.permalink).toBe(`${f.url}/archives/${community}/p${question!.remoteId.split('/')[1]!.replace('.', '')}`)

    const again = await connector.poll('channels', first.nextCursor, ctx, since(c))
    expect(again.items).toEqual([])
    const root = f.state.find(community, question!.remoteId.split('/')[1]!)!
    c.t += 1000
    f.say({ from: f.people.chloe, channel: f.channel('community'), text: 'Mine squeaks a little.', thread: root })
    f.say({ from: f.people.ana, channel: f.channel('community'), text: 'New topic: winter tyres?' })
    const third = await connector.poll('channels', again.nextCursor, ctx, since(c))
    expect(third.items.map((i) => i.text)).toEqual(['Mine squeaks a little.', 'New topic: winter tyres?'])
    // history asked from the cursor on, not from the start
    const history = f.requests.filter((r) => r.path === '/api/conversations.history').at(-1)!
    expect(Number(new URLSearchParams(history.body).get('oldest'))).toBeGreaterThan(c.now() / 1000 - 6 * 3600)
  })

  it('pages through a busy channel with the cursor and follows at most the thread budget per poll', async () => {
    const c = clock()
    const f = await fake({ seed: false, now: () => c.now() })
    const channel = f.channel('general')
    f.setLimit('conversations.replies', 1000)
    for (let i = 0; i < 450; i++) {
      const m = f.say({ from: f.people.ana, channel, text: `message ${i}`, at: c.now() - 3 * HOUR + i * 1000 })
      if (i < THREAD_BUDGET + 5) f.say({ from: f.people.ben, channel, text: `reply to ${i}`, thread: m, at: c.now() - HOUR + i * 1000 })
    }
    const ctx = await ctxFor(f, c, { channels: 'general' })
    const first = await connector.poll('channels', null, ctx, since(c))
    expect(f.requests.filter((r) => r.path === '/api/conversations.history')).toHaveLength(3)
    expect(first.items.filter((i) => i.text.startsWith('message'))).toHaveLength(450)
    expect(first.items.filter((i) => i.text.startsWith('reply'))).toHaveLength(THREAD_BUDGET)
    expect(first.more).toBe(true)
    const second = await connector.poll('channels', first.nextCursor, ctx, since(c))
    const replies = [...first.items, ...second.items].filter((i) => i.text.startsWith('reply'))
    expect(second.items).toHaveLength(5)
    expect(new Set(replies.map((i) => i.text)).size).toBe(THREAD_BUDGET + 5)
  })

  it('brings direct messages to the bot as one conversation per person', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = await ctxFor(f, c)
    const result = await connector.poll('dms', null, ctx, since(c))
    expect(result.items.map((i) => [i.kind, i.conversationKey, i.text])).toEqual([['dm', `dm:${f.im(f.people.ana).id}`, 'Hi, my order #1042 has not arrived yet.']])
  })
})

function threadReply(f: SlackFake, text: string): OutboundReply {
  const community = f.channel('community')
  const root = f.state.history(community.id)[0]!
  return { text, inReplyTo: `${community.id}/${root.ts}`, conversationKey: `thread:${community.id}:${root.ts}`, kind: 'comment' }
}

describe('Slack reply', () => {
  it('posts the approved text in the thread with the outbox key in its metadata, exactly once', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = await ctxFor(f, c)
    const text = 'Thanks Ana! <b>not bold</b> & *stars* stay as typed.'
    const reply = threadReply(f, text)
    expect(await connector.reconcile(reply, 'outbox-7', ctx)).toEqual({ state: 'not_sent' })
    const sent = await connector.send(reply, 'outbox-7', ctx)
    const post = f.requests.filter((r) => r.path === '/api/chat.postMessage')
    expect(post).toHaveLength(1)
    const body = new URLSearchParams(post[0]!.body)
    expect(body.get('text')).toBe(text)
    expect(body.get('thread_ts')).toBe(reply.conversationKey.split(':')[2])
    expect(JSON.parse(body.get('metadata')!)).toEqual({ event_type: 'parley_reply', event_payload: { outbox_key: 'outbox-7' } })
    expect(sent.item).toMatchObject({ direction: 'out', conversationKey: reply.conversationKey, parentRemoteId: reply.inReplyTo })

    expect(await connector.reconcile(reply, 'outbox-7', ctx)).toEqual({ state: 'sent', remoteId: sent.remoteId, permalink: sent.permalink })
    // A resend with the same key finds the first message in the thread instead of posting again.
    const resent = await connector.send(reply, 'outbox-7', ctx)
    expect(resent.remoteId).toBe(sent.remoteId)
    expect(f.requests.filter((r) => r.path === '/api/chat.postMessage')).toHaveLength(1)
    expect(f.messagesBy(f.bot)).toHaveLength(1)
    // Another outbox item with the same words is another message.
    await connector.send(reply, 'outbox-8', ctx)
    expect(f.messagesBy(f.bot)).toHaveLength(2)
  })

  it('answers a direct message in the conversation, not in a thread', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = await ctxFor(f, c)
    const dm = f.im(f.people.ana)
    const parent = f.state.history(dm.id)[0]!
    const reply: OutboundReply = { text: 'Sorry Ana, checking now.', inReplyTo: `${dm.id}/${parent.ts}`, conversationKey: `dm:${dm.id}`, kind: 'dm' }
    await connector.send(reply, 'dm-1', ctx)
    const body = new URLSearchParams(f.requests.filter((r) => r.path === '/api/chat.postMessage')[0]!.body)
    expect(body.get('channel')).toBe(dm.id)
    expect(body.has('thread_ts')).toBe(false)
    expect(await connector.reconcile(reply, 'dm-1', ctx)).toMatchObject({ state: 'sent' })
  })

  it("names Slack's refusal in words", async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = await ctxFor(f, c)
    const error = await failure(connector.send(threadReply(f, 'x'.repeat(40_001)), 'k', ctx))
    expect(error).toBeInstanceOf(SlackError)
    expect(connector.classifyError(error, c.now())).toEqual({ kind: 'bad_request', message: 'Slack did not accept it: the message is too long for Slack.' })
  })
})

describe('Slack moderation', () => {
  it("deletes the bot's own messages, treats gone as done, and refuses the rest plainly", async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = await ctxFor(f, c)
    const sent = await connector.send(threadReply(f, 'A reply to take back.'), 'k', ctx)
    await connector.moderate({ kind: 'delete', remoteId: sent.remoteId }, ctx)
    expect(f.messagesBy(f.bot)).toEqual([])
    await connector.moderate({ kind: 'delete', remoteId: sent.remoteId }, ctx)
    const someone = f.state.history(f.channel('community').id)[0]!
    const theirs = (await failure(connector.moderate({ kind: 'delete', remoteId: `${someone.channel}/${someone.ts}` }, ctx))) as ParleyError
    expect(theirs.message).toMatch(/only its own messages/)
    const block = (await failure(connector.moderate({ kind: 'block', authorRemoteId: f.people.ben.id }, ctx))) as ParleyError
    expect(block.message).toMatch(/workspace's admins/)
  })
})

describe('Slack errors', () => {
  it('honours Retry-After on a tier limit and asks to reconnect after the token is revoked', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = await ctxFor(f, c)
    f.setLimit('conversations.history', 0)
    const limited = await failure(connector.poll('channels', null, ctx, since(c)))
    expect(limited).toBeInstanceOf(HttpError)
    expect((limited as HttpError).status).toBe(429)
    expect(connector.classifyError(limited, c.now())).toMatchObject({ kind: 'rate_limited', until: c.now() + 60_000 })
    f.revokeToken()
    const revoked = await failure(connector.poll('dms', null, ctx, since(c)))
    expect(connector.classifyError(revoked, c.now())).toMatchObject({ kind: 'reauth', message: expect.stringMatching(/token_revoked/) })
  })

  it('names the missing scope', () => {
    const error = new SlackError('missing_scope', 'conversations.history', 'http://127.0.0.1/api/conversations.history', 'groups:history')
    expect(connector.classifyError(error, 0).message).toMatch(/lacks the groups:history scope/)
  })
})
