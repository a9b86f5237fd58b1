import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { ChatPostMessageArguments, ConversationsHistoryArguments, ConversationsRepliesArguments, SearchMessagesArguments } from '@slack/web-api'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../src/main/base/http'
import type { ConnectorContext } from '../../../src/main/model/connector'
import { slackConnector as connector } from '../../../src/main/features/connectors/slack'
import type { NewMessage } from '../../../src/main/features/connectors/slack/api'
import { startSlackFake, type SlackFake, type SlackMethod } from '../../../src/main/features/connectors/slack/fake-server'

/**
 * The fake Slack against the maintained @slack/web-api response types. At compile time the fake's
 * answers are built as those types (fake-entities.ts), so `vue-tsc` fails on a wrong field or type;
 * here every answer the fake gave while the connector went through connect, both streams, reply,
 * reconcile, delete, refusals and a rate limit is checked at run time: its fields are ones the
 * types declare, and the fields the connector relies on are there.
 */

// The parameter names the connector sends exist in Slack's request types (a renamed one fails vue-tsc);
// `text` belongs to only some variants of ChatPostMessageArguments, so it is checked on one of them.
const postParams: (keyof ChatPostMessageArguments & keyof NewMessage)[] = ['channel', 'thread_ts', 'metadata']
const textParam: keyof Extract<ChatPostMessageArguments, { text: string }> & keyof NewMessage = 'text'
const historyParams: (keyof ConversationsHistoryArguments)[] = ['channel', 'oldest', 'limit', 'cursor', 'include_all_metadata']
const repliesParams: (keyof ConversationsRepliesArguments)[] = ['channel', 'ts', 'oldest', 'limit', 'cursor', 'include_all_metadata']
const searchParams: (keyof SearchMessagesArguments)[] = ['query', 'sort', 'sort_dir', 'count', 'page']

const require = createRequire(import.meta.url)
const typesDir = join(dirname(require.resolve('@slack/web-api/package.json')), 'dist', 'types', 'response')

/** The property names a declaration in the package's .d.ts lists at its first level. */
function declaredKeys(file: string, declaration: RegExp): Set<string> {
  const text = readFileSync(join(typesDir, file), 'utf8')
  const start = text.search(declaration)
  if (start < 0) throw new Error(`${file}: no ${String(declaration)}`)
  const open = text.indexOf('{', start)
  let depth = 0
  let end = open
  for (; end < text.length; end++) {
    if (text[end] === '{') depth++
    if (text[end] === '}' && --depth === 0) break
  }
  const body = text.slice(open + 1, end)
  return new Set([...body.matchAll(/^ {4}(\w+)\??:/gm)].map((m) => m[1]!))
}

const RESPONSE_FILES: Record<SlackMethod, string> = {
  'auth.test': 'AuthTestResponse',
  'conversations.list': 'ConversationsListResponse',
  'conversations.history': 'ConversationsHistoryResponse',
  'conversations.replies': 'ConversationsRepliesResponse',
  'chat.postMessage': 'ChatPostMessageResponse',
  'chat.delete': 'ChatDeleteResponse',
  'users.info': 'UsersInfoResponse',
  'search.messages': 'SearchMessagesResponse',
}

function topKeys(method: SlackMethod): Set<string> {
  const name = RESPONSE_FILES[method]
  // WebAPICallResult adds ok and response_metadata to every answer.
  return new Set([...declaredKeys(`${name}.d.ts`, new RegExp(`export type ${name} =`)), 'ok', 'response_metadata'])
}

const messageKeys = (method: 'conversations.history' | 'conversations.replies'): Set<string> => declaredKeys(`${RESPONSE_FILES[method]}.d.ts`, /export interface MessageElement \{/)
const postedKeys = (): Set<string> => declaredKeys('ChatPostMessageResponse.d.ts', /export interface ChatPostMessageResponseMessage \{/)
const channelKeys = (): Set<string> => declaredKeys('ConversationsListResponse.d.ts', /export interface Channel \{/)
const userKeys = (): Set<string> => declaredKeys('UsersInfoResponse.d.ts', /export interface User \{/)
const searchMessagesKeys = (): Set<string> => declaredKeys('SearchMessagesResponse.d.ts', /export interface Messages \{/)
const matchKeys = (): Set<string> => declaredKeys('SearchMessagesResponse.d.ts', /export interface Match \{/)
const matchChannelKeys = (): Set<string> => declaredKeys('SearchMessagesResponse.d.ts', /export interface Channel \{/)
const pagingKeys = (): Set<string> => declaredKeys('SearchMessagesResponse.d.ts', /export interface Paging \{/)

const unknownKeys = (value: unknown, allowed: Set<string>): string[] => Object.keys(value as object).filter((k) => !allowed.has(k))
const TS = /^\d+\.\d{6}$/

/** What the connector relies on in each successful answer. */
function required(method: SlackMethod, body: Record<string, unknown>): string[] {
  const problems: string[] = []
  const need = (ok: boolean, what: string): void => {
    if (!ok) problems.push(`${method}: ${what}`)
  }
  const messages = (body.messages ?? []) as Record<string, unknown>[]
  switch (method) {
    case 'auth.test':
      need(typeof body.user_id === 'string' && typeof body.team_id === 'string', 'user_id, team_id')
      // A bot token's answer names the bot; a user token's has none.
      need(typeof body.bot_id === 'string' || (body.bot_id === undefined && body.user === 'dana'), 'bot_id for a bot token')
      break
    case 'conversations.list':
      need(Array.isArray(body.channels) && (body.channels as { id?: unknown }[]).every((c) => typeof c.id === 'string'), 'channels[].id')
      need(typeof (body.response_metadata as { next_cursor?: unknown } | undefined)?.next_cursor === 'string', 'response_metadata.next_cursor')
      break
    case 'conversations.history':
    case 'conversations.replies':
      need(Array.isArray(body.messages), 'messages')
      need(typeof body.has_more === 'boolean', 'has_more')
      need(messages.every((m) => typeof m.ts === 'string' && TS.test(m.ts) && m.type === 'message'), 'messages[].ts and type')
      if (body.has_more) need(typeof (body.response_metadata as { next_cursor?: unknown } | undefined)?.next_cursor === 'string', 'next_cursor when has_more')
      if (method === 'conversations.replies') need(messages[0]?.thread_ts === messages[0]?.ts, 'the thread root first')
      break
    case 'chat.postMessage':
      need(typeof body.channel === 'string' && typeof body.ts === 'string' && (body.message as { ts?: unknown }).ts === body.ts, 'channel, ts, message.ts')
      break
    case 'chat.delete':
      need(typeof body.channel === 'string' && typeof body.ts === 'string', 'channel, ts')
      break
    case 'users.info':
      need(typeof (body.user as { id?: unknown }).id === 'string', 'user.id')
      break
    case 'search.messages': {
      const found = body.messages as { matches?: Record<string, unknown>[]; paging?: { page?: unknown; pages?: unknown } } | undefined
      need(Array.isArray(found?.matches), 'messages.matches')
      need(typeof found?.paging?.page === 'number' && typeof found.paging.pages === 'number', 'messages.paging.page and pages')
      need((found?.matches ?? []).every((m) => typeof m.ts === 'string' && TS.test(m.ts) && typeof (m.channel as { id?: unknown } | undefined)?.id === 'string'), 'matches[].ts and channel.id')
      break
    }
  }
  return problems
}

const open: SlackFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

async function exercise(): Promise<SlackFake> {
  const f = await startSlackFake()
  open.push(f)
  const http = createHttpClient('Parley-test')
  const now = Date.now()
  const connected = await connector.connect({ botToken: f.token, apiBase: f.apiBase }, http)
  const ctx: ConnectorContext = {
    http,
    clock: { now: () => now },
    account: { id: 1, baseUrl: f.apiBase, handle: connected.seed.handle, settings: connected.settings, secrets: connected.secrets },
    saveSecrets: async () => undefined,
    saveSettings: async () => undefined,
  }
  const options = { backfillSince: now - 14 * 86_400_000 }
  const first = await connector.poll('channels', null, ctx, options)
  await connector.poll('dms', null, ctx, options)
  const root = first.items[0]!
  const reply = { text: 'Thanks for asking!', inReplyTo: root.remoteId, conversationKey: root.conversationKey, kind: 'comment' as const }
  const sent = await connector.send(reply, 'spec-key', ctx)
  await connector.reconcile(reply, 'spec-key', ctx)
  await connector.moderate({ kind: 'delete', remoteId: sent.remoteId }, ctx)
  await connector.moderate({ kind: 'delete', remoteId: sent.remoteId }, ctx)
  await connector.moderate({ kind: 'delete', remoteId: root.remoteId }, ctx).catch(() => undefined)
  await connector.connect({ botToken: f.token, apiBase: f.apiBase, channels: 'nowhere' }, http).catch(() => undefined)
  await connector.connect({ botToken: 'xoxb-wrong', apiBase: f.apiBase }, http).catch(() => undefined)
  // The optional user token: search across the workspace, and delete someone else's message (an admin's token).
  const withSearch = await connector.connect({ botToken: f.token, apiBase: f.apiBase, userToken: f.userToken, searchTerms: 'Lumen' }, http)
  const searchCtx: ConnectorContext = { ...ctx, account: { ...ctx.account, settings: withSearch.settings, secrets: withSearch.secrets } }
  const found = await connector.poll('search', null, searchCtx, options)
  await connector.moderate({ kind: 'delete', remoteId: found.items[0]!.remoteId }, searchCtx)
  await connector.connect({ botToken: f.token, apiBase: f.apiBase, userToken: f.token, searchTerms: 'Lumen' }, http).catch(() => undefined)
  f.setLimit('conversations.history', 0)
  await connector.poll('channels', first.nextCursor, ctx, options).catch(() => undefined)
  return f
}

describe('the fake Slack against @slack/web-api', () => {
  it('gives only fields the response types declare, and every field the connector relies on', async () => {
    const f = await exercise()
    const problems: string[] = []
    for (const { method, status, body } of f.answers) {
      const record = body as unknown as Record<string, unknown>
      problems.push(...unknownKeys(record, topKeys(method)).map((k) => `${method}: undeclared field ${k}`))
      if (typeof record.ok !== 'boolean') problems.push(`${method}: ok`)
      if (!record.ok) {
        if (typeof record.error !== 'string') problems.push(`${method}: error`)
        if (status === 429 && record.error !== 'ratelimited') problems.push(`${method}: 429 without ratelimited`)
        continue
      }
      problems.push(...required(method, record))
      if (method === 'conversations.history' || method === 'conversations.replies') {
        for (const m of record.messages as object[]) problems.push(...unknownKeys(m, messageKeys(method)).map((k) => `${method}: message field ${k}`))
      }
      if (method === 'chat.postMessage') problems.push(...unknownKeys(record.message, postedKeys()).map((k) => `${method}: message field ${k}`))
      if (method === 'conversations.list') for (const c of record.channels as object[]) problems.push(...unknownKeys(c, channelKeys()).map((k) => `${method}: channel field ${k}`))
      if (method === 'users.info') problems.push(...unknownKeys(record.user, userKeys()).map((k) => `${method}: user field ${k}`))
      if (method === 'search.messages') {
        const found = record.messages as { matches: { channel: object }[]; paging: object }
        problems.push(...unknownKeys(found, searchMessagesKeys()).map((k) => `${method}: messages field ${k}`))
        problems.push(...unknownKeys(found.paging, pagingKeys()).map((k) => `${method}: paging field ${k}`))
        for (const m of found.matches) {
          problems.push(...unknownKeys(m, matchKeys()).map((k) => `${method}: match field ${k}`))
          problems.push(...unknownKeys(m.channel, matchChannelKeys()).map((k) => `${method}: match channel field ${k}`))
        }
      }
    }
    expect(problems).toEqual([])
    expect(new Set(f.answers.map((a) => a.method))).toEqual(new Set(Object.keys(RESPONSE_FILES)))
    const errors = new Set(f.answers.filter((a) => !(a.body as { ok: boolean }).ok).map((a) => (a.body as { error: string }).error))
    expect(errors).toEqual(new Set(['message_not_found', 'cant_delete_message', 'invalid_auth', 'ratelimited']))
    expect([...postParams, textParam, ...historyParams, ...repliesParams, ...searchParams]).toHaveLength(20)
  })

  it('catches drift: an undeclared field fails the check', () => {
    expect(unknownKeys({ ok: true, channel: 'C1', ts: '1.000001', permalink_url: 'x' }, topKeys('chat.postMessage'))).toEqual(['permalink_url'])
  })
})
