// The Telegram connector against the fake Bot API on loopback (src/main/features/connectors/telegram/fake-server.ts),
// whose payloads tests/node/connectors/telegram-types.test.ts checks against @grammyjs/types.
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient, HttpError, NetworkError, type HttpClient } from '../../../src/main/base/http'
import type { ConnectorContext, OutboundReply, PollResult } from '../../../src/main/model/connector'
import { telegramConnector as connector, telegramManifest } from '../../../src/main/features/connectors/telegram'
import { startTelegramFake, type TelegramFake } from '../../../src/main/features/connectors/telegram/fake-server'
import { connectorManifestSchema, ParleyError } from '../../../src/shared/contract'

const http = createHttpClient('Parley-test')
const open: TelegramFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

async function fake(seed = true): Promise<TelegramFake> {
  const f = await startTelegramFake({ seed })
  open.push(f)
  return f
}

function ctxFor(f: TelegramFake, over: { http?: HttpClient; token?: string } = {}): ConnectorContext & { saved: Record<string, unknown>[] } {
  const saved: Record<string, unknown>[] = []
  return {
    http: over.http ?? http,
    clock: { now: () => Date.now() },
    account: { id: 1, baseUrl: f.url, handle: '@lumenbikes_bot', settings: { botId: f.bot.id, username: f.bot.username, chats: [] }, secrets: { botToken: over.token ?? f.token } },
    saveSecrets: async () => undefined,
    async saveSettings(settings) {
      saved.push(settings)
    },
    saved,
  }
}

async function pollAll(ctx: ConnectorContext, cursor: string | null = null): Promise<PollResult> {
  return connector.poll('updates', cursor, ctx, { backfillSince: 0 })
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

describe('Telegram connect', () => {
  it('has a manifest the contract accepts, with the token as the only secret', () => {
    const m = connectorManifestSchema.parse(telegramManifest)
    expect(m.connect.fields.filter((f) => f.secret).map((f) => f.cliFlag)).toEqual(['bot-token'])
  })

  it('checks the bot token with getMe and describes the bot', async () => {
    const f = await fake(false)
    const result = await connector.connect({ botToken: `  bot${f.token} `, apiBase: `${f.url}/` }, http)
    expect(result).toEqual({
      seed: { platform: 'telegram', displayName: 'Lumen Bikes', handle: '@lumenbikes_bot', baseUrl: f.url },
      secrets: { botToken: f.token },
      settings: { botId: f.bot.id, username: 'lumenbikes_bot', chats: [] },
    })
    expect(f.requests.map((r) => r.path)).toEqual([`/bot${f.token}/getMe`])
  })

  it('says plainly when the token is wrong, malformed, or the API cannot be reached', async () => {
    const f = await fake(false)
    const wrong = (await failure(connector.connect({ botToken: '7000000001:AAwrongwrongwrongwrongwrongwrongwrong', apiBase: f.url }, http))) as ParleyError
    expect(wrong).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/Telegram refused the bot token/) })
    await expect(connector.connect({ botToken: 'hello', apiBase: f.url }, http)).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/does not look like a bot token/) })
    await expect(connector.connect({ botToken: '', apiBase: f.url }, http)).rejects.toMatchObject({ code: 'bad_input' })
    await f.close()
    const down = (await failure(connector.connect({ botToken: f.token, apiBase: f.url }, http))) as ParleyError
    expect(down.code).toBe('unavailable')
    // The token is in the Bot API's path: no message may carry it.
    expect(down.message).not.toContain(f.token.split(':')[1])
  })
})

describe('Telegram updates', () => {
  it('reads the pending updates: group messages, a mention, a reply, a channel post, a DM and an edit', async () => {
    const f = await fake()
    const ctx = ctxFor(f)
    const r = await pollAll(ctx)
    const riders = String(f.chats.riders.id)
    const texts = r.items.map((i) => [i.kind, i.conversationKey, i.text])
    expect(texts).toContainEqual(['comment', riders, 'Does the Commuter 3 fit a child seat on the rear rack?'])
    const mention = r.items.find((i) => i.kind === 'mention')!
    expect(mention).toMatchObject({ conversationKey: `${riders}/mention/${mention.remoteId.split('/')[1]}`, text: '@lumenbikes_bot when do the winter tyres ship?' })
    expect(texts).toContainEqual(['comment', String(f.chats.news.id), expect.stringMatching(/^The Commuter 3 is here/)])
    expect(texts).toContainEqual(['dm', `dm:${f.people.ines.id}`, 'Hi! My order #4411 has not shipped yet. Can you check?'])
    const question = r.items.find((i) => i.text.startsWith('Does the Commuter'))!
    const answer = r.items.find((i) => i.text === '同じ質問です！')!
    expect(answer.parentRemoteId).toBe(question.remoteId)
    expect(answer.author).toMatchObject({ remoteId: String(f.people.hanako.id), displayName: '花子 山田' })
    expect(question.permalink).toBe(`https://t.me/lumenriders/${question.remoteId.split('/')[1]}`)
    // The edit comes as the same message with the new words (ingest updates it).
    const edited = r.items.filter((i) => i.text.startsWith('Battery lasts'))
    expect(edited.map((i) => i.text)).toEqual(['Battery lasts 60km in the cold', 'Battery lasts 60 km in the cold, for what it is worth'])
    expect(new Set(edited.map((i) => i.remoteId)).size).toBe(1)
    // Groups seen are remembered for moderation.
    expect(ctx.saved.at(-1)?.chats).toEqual(expect.arrayContaining([f.chats.riders.id, f.chats.news.id]))
    expect(r.nextCursor).toBe(String(Math.max(...f.pending().map((u) => u.update_id)) + 1))
  })

  it('moves the offset on, so Telegram forgets confirmed updates and nothing comes twice', async () => {
    const f = await fake()
    const ctx = ctxFor(f)
    const first = await pollAll(ctx)
    const again = await pollAll(ctx, first.nextCursor)
    expect(again.items).toEqual([])
    expect(f.pending()).toEqual([])
    expect(again.nextCursor).toBe(first.nextCursor)
    f.post({ chat: f.chats.riders, from: f.people.juergen, text: 'New one' })
    const third = await pollAll(ctx, again.nextCursor)
    expect(third.items.map((i) => i.text)).toEqual(['New one'])
    expect(f.requests.filter((q) => q.path.endsWith('/getUpdates')).map((q) => JSON.parse(q.body).offset)).toEqual([undefined, Number(first.nextCursor), Number(first.nextCursor)])
  })

  it('asks for more at once when a page is full', async () => {
    const f = await fake(false)
    for (let i = 0; i < 120; i++) f.post({ chat: f.chats.riders, from: f.people.ines, text: `message ${i}` })
    const first = await pollAll(ctxFor(f))
    expect(first.items).toHaveLength(100)
    expect(first.more).toBe(true)
    const second = await pollAll(ctxFor(f), first.nextCursor)
    expect(second.items).toHaveLength(20)
    expect(second.more).toBeUndefined()
  })

  it('honours retry_after from a 429 and names a revoked token', async () => {
    const f = await fake()
    const ctx = ctxFor(f)
    f.throttle(17)
    const slow = await failure(pollAll(ctx))
    expect(slow).toBeInstanceOf(HttpError)
    expect(connector.classifyError(slow, 1_000_000)).toEqual({ kind: 'rate_limited', until: 1_017_000, message: expect.stringMatching(/wait 17 s/) })
    f.revokeToken()
    const revoked = await failure(pollAll(ctx))
    expect(connector.classifyError(revoked, 0)).toMatchObject({ kind: 'reauth' })
    expect(String((revoked as HttpError).url)).not.toContain(ctx.account.secrets.botToken)
    expect(String((revoked as HttpError).url)).toContain('<bot token>')
  })

  it('keeps the token out of errors when the connection drops', async () => {
    const f = await fake()
    const ctx = ctxFor(f)
    f.fault((r) => r.path.endsWith('/getUpdates'), { kind: 'reset' })
    const error = (await failure(pollAll(ctx))) as NetworkError
    expect(error).toBeInstanceOf(NetworkError)
    expect(`${error.url} ${error.message}`).not.toContain(f.token)
  })
})

describe('Telegram replies', () => {
  async function setup() {
    const f = await fake()
    const ctx = ctxFor(f)
    const r = await pollAll(ctx)
    const question = r.items.find((i) => i.text.startsWith('Does the Commuter'))!
    return { f, ctx, question }
  }

  it('replies once with the approved bytes, as a reply to the message, and a repeat returns the same message', async () => {
    const { f, ctx, question } = await setup()
    const text = '  Yes — with the MIK adapter 👍🏽\n\n*not bold* <b>not html</b> _x_  '
    const reply: OutboundReply = { text, inReplyTo: question.remoteId, conversationKey: question.conversationKey, kind: 'comment' }
    const sent = await connector.send(reply, 'outbox-1', ctx)
    const again = await connector.send(reply, 'outbox-1', ctx)
    expect(again.remoteId).toBe(sent.remoteId)
    expect(f.sentByBot()).toHaveLength(1)
    const posted = f.sentByBot()[0]!
    expect(Buffer.from(posted.text!)).toEqual(Buffer.from(text))
    expect(posted.reply_to_message?.message_id).toBe(Number(question.remoteId.split('/')[1]))
    const body = JSON.parse(f.requests.find((q) => q.path.endsWith('/sendMessage'))!.body)
    expect(body).not.toHaveProperty('parse_mode')
    expect(sent.item).toMatchObject({ direction: 'out', conversationKey: question.conversationKey, text })
    expect(await connector.reconcile(reply, 'outbox-1', ctx)).toEqual({ state: 'sent', remoteId: sent.remoteId, permalink: sent.permalink })
  })

  it('answers a DM in the private chat', async () => {
    const f = await fake()
    const ctx = ctxFor(f)
    const dm = (await pollAll(ctx)).items.find((i) => i.kind === 'dm')!
    await connector.send({ text: 'Checking now.', inReplyTo: dm.remoteId, conversationKey: dm.conversationKey, kind: 'dm' }, 'outbox-dm', ctx)
    expect(f.sentByBot()[0]).toMatchObject({ chat: { id: f.people.ines.id, type: 'private' }, text: 'Checking now.' })
  })

  it('never sends twice after a lost answer: the retry is refused and reconcile says unknown', async () => {
    const { f, ctx, question } = await setup()
    const reply: OutboundReply = { text: 'On its way.', inReplyTo: question.remoteId, conversationKey: question.conversationKey, kind: 'comment' }
    expect(await connector.reconcile(reply, 'outbox-lost', ctx)).toEqual({ state: 'not_sent' })
    // Telegram posts the message, then the connection breaks before the answer arrives.
    f.fault((r) => r.path.endsWith('/sendMessage'), { kind: 'truncate' })
    const first = await failure(connector.send(reply, 'outbox-lost', ctx))
    expect(connector.classifyError(first, 0).kind).toBe('retry')
    expect(await connector.reconcile(reply, 'outbox-lost', ctx)).toEqual({ state: 'unknown' })
    const second = await failure(connector.send(reply, 'outbox-lost', ctx))
    expect(connector.classifyError(second, 0)).toMatchObject({ kind: 'bad_request', message: expect.stringMatching(/will not send it twice/) })
    expect(f.sentByBot()).toHaveLength(1)
  })

  it('sends again when Telegram clearly refused the first try', async () => {
    const { f, ctx, question } = await setup()
    const reply: OutboundReply = { text: 'Retry me.', inReplyTo: question.remoteId, conversationKey: question.conversationKey, kind: 'comment' }
    f.throttle(3, 1, 'sendMessage')
    const first = await failure(connector.send(reply, 'outbox-429', ctx))
    expect(connector.classifyError(first, 0)).toMatchObject({ kind: 'rate_limited', until: 3000 })
    expect(await connector.reconcile(reply, 'outbox-429', ctx)).toEqual({ state: 'not_sent' })
    await connector.send(reply, 'outbox-429', ctx)
    expect(f.sentByBot().map((m) => m.text)).toEqual(['Retry me.'])
  })

  it('says plainly when the message answered is gone or the person blocked the bot', async () => {
    const { f, ctx, question } = await setup()
    const [chatId, messageId] = question.remoteId.split('/').map(Number)
    await fetch(`${f.url}/bot${f.token}/deleteMessage`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ chat_id: chatId, message_id: messageId }) })
    await expect(connector.send({ text: 'x', inReplyTo: question.remoteId, conversationKey: question.conversationKey, kind: 'comment' }, 'k-gone', ctx)).rejects.toMatchObject({ code: 'not_found' })
    f.blockBot(f.people.ines)
    const dm = f.dm(f.people.ines, 'hello?')
    const blocked = await failure(connector.send({ text: 'hi', inReplyTo: `${dm.chat.id}/${dm.message_id}`, conversationKey: `dm:${dm.chat.id}`, kind: 'dm' }, 'k-blocked', ctx))
    expect(connector.classifyError(blocked, 0)).toMatchObject({ kind: 'bad_request', message: expect.stringMatching(/bot was blocked by the user/) })
    expect(f.sentByBot()).toEqual([])
  })
})

describe('Telegram moderation', () => {
  it('deletes a message (twice harmlessly), bans and mutes in the groups it has seen where it is admin', async () => {
    const f = await fake()
    const ctx = ctxFor(f)
    const r = await pollAll(ctx)
    const spam = r.items.find((i) => i.text.startsWith('Cheap watches'))!
    await connector.moderate({ kind: 'delete', remoteId: spam.remoteId }, ctx)
    await connector.moderate({ kind: 'delete', remoteId: spam.remoteId }, ctx)
    expect(f.messagesIn(f.chats.riders.id).some((m) => m.text?.startsWith('Cheap watches'))).toBe(false)
    await connector.moderate({ kind: 'block', authorRemoteId: spam.author.remoteId }, ctx)
    await connector.moderate({ kind: 'block', authorRemoteId: spam.author.remoteId }, ctx)
    expect([...(f.banned.get(f.chats.riders.id) ?? [])]).toEqual([f.people.zed.id])
    await connector.moderate({ kind: 'mute', authorRemoteId: String(f.people.juergen.id) }, ctx)
    expect([...(f.restricted.get(f.chats.riders.id) ?? [])]).toEqual([f.people.juergen.id])
    const body = JSON.parse(f.requests.find((q) => q.path.endsWith('/restrictChatMember'))!.body)
    expect(Object.values(body.permissions).every((v) => v === false)).toBe(true)
  })

  it('refuses in plain words where the bot is no admin, and for what Telegram cannot do', async () => {
    const f = await fake()
    const ctx = ctxFor(f)
    await pollAll(ctx)
    f.setAdmin(f.chats.riders.id, false)
    f.setAdmin(f.chats.news.id, false)
    await expect(connector.moderate({ kind: 'block', authorRemoteId: String(f.people.zed.id) }, ctx)).rejects.toMatchObject({ message: expect.stringMatching(/Make it an admin/) })
    await expect(connector.moderate({ kind: 'block', authorRemoteId: String(f.chats.news.id) }, ctx)).rejects.toMatchObject({ message: expect.stringMatching(/channel or an anonymous admin/) })
    await expect(connector.moderate({ kind: 'hide', remoteId: '1/1', conversationKey: '1' }, ctx)).rejects.toBeInstanceOf(ParleyError)
  })
})
