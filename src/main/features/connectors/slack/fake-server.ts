// Test infrastructure: a Slack workspace's Web API on loopback for connector tests and end-to-end runs; never imported by the app.
import type { ServerResponse } from 'node:http'
import { sendJson, startFakeServer, type FakeServer, type RecordedRequest } from '../testing/fake-http'
import { channelEntity, errorAnswer, historyMessage, postedMessage, replyMessage, searchMatch, userEntity, type SlackAnswers, type SlackMethod } from './fake-entities'
import { FakeSlackState, type FakeSlackChannel, type FakeSlackMessage, type FakeSlackUser } from './fake-store'

export type { FakeSlackChannel, FakeSlackMessage, FakeSlackUser } from './fake-store'
export type { SlackAnswers, SlackMethod } from './fake-entities'

/** What to type in the "add account" form: this token, and the fake's `apiBase`. */
export const DEFAULT_FAKE_BOT_TOKEN = 'xoxb-lumen-fake-bot-token'
/** The user token of Dana, the brand's community manager and a workspace admin (search, deleting others' messages). */
export const DEFAULT_FAKE_USER_TOKEN = 'xoxp-lumen-fake-user-token'

/** Calls a minute per method before 429, after Slack's tiers (Tier 2: 20, Tier 3: 50, Tier 4: 100). */
export const TIER_LIMITS: Record<SlackMethod, number> = {
  'auth.test': 100,
  'conversations.list': 20,
  'conversations.history': 50,
  'conversations.replies': 50,
  'chat.postMessage': 60,
  'chat.delete': 50,
  'users.info': 100,
  'search.messages': 20,
}

export interface SlackFakeOptions {
  seed?: boolean
  now?: () => number
  /** The bot token the workspace accepts. */
  token?: string
  /** Dana's user token (an admin's); default DEFAULT_FAKE_USER_TOKEN. */
  userToken?: string
}

export interface SlackFake extends FakeServer {
  readonly state: FakeSlackState
  /** The Web API base to connect with: `${url}/api`. */
  readonly apiBase: string
  readonly token: string
  /** A user token (Dana's, an admin): search.messages, and chat.delete of anyone's message. */
  readonly userToken: string
  readonly bot: FakeSlackUser
  readonly people: { ana: FakeSlackUser; ben: FakeSlackUser; chloe: FakeSlackUser; dana: FakeSlackUser }
  channel(name: string): FakeSlackChannel
  /** The bot's direct message channel with a person (made on first use). */
  im(user: FakeSlackUser): FakeSlackChannel
  say(input: { from: FakeSlackUser; channel: FakeSlackChannel; text: string; thread?: FakeSlackMessage; broadcast?: boolean; at?: number }): FakeSlackMessage
  messagesBy(user: FakeSlackUser): FakeSlackMessage[]
  revokeToken(): void
  /** Calls a minute allowed for one method (0: every call is answered 429). */
  setLimit(method: SlackMethod, perMinute: number): void
  /** Every answer given, by method, for the response-type test. */
  readonly answers: { method: SlackMethod; status: number; body: SlackAnswers[SlackMethod] }[]
}

const encodeCursor = (ts: string): string => Buffer.from(`next_ts:${ts}`).toString('base64')
const decodeCursor = (raw: string | undefined): string | null => {
  if (!raw) return null
  const match = /^next_ts:(\d+\.\d+)$/.exec(Buffer.from(raw, 'base64').toString('utf8'))
  return match ? match[1]! : null
}
const after = (a: string, b: string): boolean => Number(a) > Number(b)

/** Slack takes form bodies, JSON bodies (writes) and query strings alike. */
function paramsOf(req: RecordedRequest): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(req.query)
  if (String(req.headers['content-type'] ?? '').includes('json')) {
    try {
      for (const [k, v] of Object.entries(JSON.parse(req.body || '{}') as Record<string, unknown>)) out[k] = typeof v === 'string' ? v : JSON.stringify(v)
    } catch {
      out.__invalid = 'json'
    }
  } else Object.assign(out, Object.fromEntries(new URLSearchParams(req.body)))
  return out
}

export async function startSlackFake(options: SlackFakeOptions = {}): Promise<SlackFake> {
  const now = options.now ?? (() => Date.now())
  const state = new FakeSlackState(now)
  const bot = state.addUser('U0BOT00001', 'lumen_bot', 'Lumen Bot', true)
  const botId = 'B0BOT00001'
  const people = {
    ana: state.addUser('U0ANA00001', 'ana', 'Ana Silva'),
    ben: state.addUser('U0BEN00001', 'ben', 'Ben Okafor'),
    chloe: state.addUser('U0CHL00001', 'chloe', 'Chloé Martin'),
    dana: state.addUser('U0DAN00001', 'dana', 'Dana Lumen'),
  }
  const everyone = [bot.id, people.ana.id, people.ben.id, people.chloe.id, people.dana.id]
  state.addChannel('general', everyone)
  state.addChannel('community', everyone)
  state.addChannel('support', everyone, { private: true })
  // The bot is not in #random: only a user token's search finds what is said there.
  state.addChannel('random', [people.ana.id, people.ben.id, people.dana.id])
  const ims = new Map<string, FakeSlackChannel>()
  const botToken = options.token ?? DEFAULT_FAKE_BOT_TOKEN
  const userToken = options.userToken ?? DEFAULT_FAKE_USER_TOKEN
  let tokens = new Set([botToken, userToken])
  const limits: Record<SlackMethod, number> = { ...TIER_LIMITS }
  const windows = new Map<string, { start: number; count: number }>()
  const answers: SlackFake['answers'] = []
  let origin = ''

  const channelByName = (name: string): FakeSlackChannel => {
    const found = [...state.channels.values()].find((c) => c.name === name)
    if (!found) throw new Error(`fake Slack: no channel ${name}`)
    return found
  }
  const im = (user: FakeSlackUser): FakeSlackChannel => {
    let channel = ims.get(user.id)
    if (!channel) ims.set(user.id, (channel = state.addIm(user.id, bot.id)))
    return channel
  }
  const say: SlackFake['say'] = ({ from, channel, text, thread, broadcast, at }) =>
    state.post({
      channel: channel.id,
      user: from.id,
      text,
      at,
      ...(thread ? { threadTs: thread.ts } : {}),
      ...(broadcast ? { subtype: 'thread_broadcast' } : {}),
      ...(from.bot ? { botId } : {}),
    })

  if (options.seed !== false) {
    const t = now()
    const hour = 3_600_000
    const community = channelByName('community')
    const q = say({ from: people.ana, channel: community, text: 'Has anyone tried the new Trail 2 saddle on long rides?', at: t - 30 * hour })
    say({ from: people.ben, channel: community, text: 'Yes! Comfortable after 80 km. &lt;3', thread: q, at: t - 29 * hour })
    say({ from: people.chloe, channel: community, text: `<@${bot.id}> when does the winter light ship? See <https://lumen.example/lights|the page>`, at: t - 5 * hour })
    state.post({ channel: community.id, user: people.ben.id, text: '<@U0BEN00001> has joined the channel', subtype: 'channel_join', at: t - 4 * hour })
    say({ from: people.ana, channel: im(people.ana), text: 'Hi, my order #1042 has not arrived yet.', at: t - 2 * hour })
    const random = channelByName('random')
    say({ from: people.ben, channel: random, text: 'Is the Lumen winter light worth it for commuting?', at: t - 3 * hour })
    say({ from: people.ana, channel: random, text: 'Cheap watches for Lumen riders, 90% off at spam.example', at: t - 90 * 60_000 })
  }

  function limited(method: SlackMethod, res: ServerResponse): boolean {
    const key = method
    const t = now()
    let w = windows.get(key)
    if (!w || t - w.start >= 60_000) windows.set(key, (w = { start: t, count: 0 }))
    w.count++
    if (w.count <= limits[method]) return false
    const wait = Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000))
    const body = errorAnswer('ratelimited')
    answers.push({ method, status: 429, body })
    sendJson(res, 429, body, { 'Retry-After': String(wait) })
    return true
  }

  function route(req: RecordedRequest, res: ServerResponse): void {
    const match = /^\/api\/([a-zA-Z.]+)$/.exec(req.path)
    const method = match?.[1] as SlackMethod | undefined
    if (!method || !(method in TIER_LIMITS)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      return void res.end('Not Found')
    }
    const answer = <M extends SlackMethod>(body: SlackAnswers[M]): void => {
      answers.push({ method, status: 200, body })
      sendJson(res, 200, body)
    }
    const fail = (error: string, needed?: string): void => answer(errorAnswer(error, needed))
    const auth = String(req.headers.authorization ?? '')
    const token = auth.replace(/^Bearer\s+/i, '')
    if (!auth) return fail('not_authed')
    if (!tokens.has(token)) return fail(token === botToken || token === userToken ? 'token_revoked' : 'invalid_auth')
    // Who the token acts as: the bot, or Dana (a person and a workspace admin).
    const asUser = token === userToken
    if (limited(method, res)) return
    const p = paramsOf(req)
    if (p.__invalid) return fail('invalid_json')
    const channel = p.channel ? state.channels.get(p.channel) : undefined
    const readable = (): boolean => Boolean(channel && channel.members.includes(bot.id))
    const limit = Math.min(Math.max(parseInt(p.limit ?? '', 10) || 100, 1), 999)
    const withMetadata = p.include_all_metadata === 'true' || p.include_all_metadata === '1'

    switch (method) {
      case 'auth.test':
        if (asUser) return answer<'auth.test'>({ ok: true, url: `${origin}/`, team: state.team, user: people.dana.name, team_id: state.teamId, user_id: people.dana.id, is_enterprise_install: false })
        return answer<'auth.test'>({ ok: true, url: `${origin}/`, team: state.team, user: bot.name, team_id: state.teamId, user_id: bot.id, bot_id: botId, is_enterprise_install: false })
      case 'users.info': {
        const user = state.users.get(p.user ?? '')
        if (!user) return fail('user_not_found')
        return answer<'users.info'>({ ok: true, user: userEntity(user, state.teamId, origin) })
      }
      case 'conversations.list': {
        const types = (p.types ?? 'public_channel').split(',')
        const all = [...state.channels.values()].filter((c) => {
          if (c.im) return types.includes('im') && c.members.includes(bot.id)
          if (p.exclude_archived === 'true' && c.archived) return false
          return types.includes(c.private ? 'private_channel' : 'public_channel') && (!c.private || c.members.includes(bot.id))
        })
        const start = Number(Buffer.from(p.cursor ?? '', 'base64').toString('utf8').replace('offset:', '')) || 0
        const page = all.slice(start, start + limit)
        const next = start + limit < all.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : ''
        return answer<'conversations.list'>({ ok: true, channels: page.map((c) => channelEntity(c, bot.id, Math.floor(now() / 1000) - 86_400)), response_metadata: { next_cursor: next } })
      }
      case 'conversations.history': {
        if (!channel) return fail('channel_not_found')
        if (!readable()) return fail('not_in_channel')
        const oldest = p.oldest ?? '0'
        const latest = decodeCursor(p.cursor) ?? p.latest ?? '9999999999.999999'
        const pool = state.history(channel.id).filter((m) => after(m.ts, oldest) && after(latest, m.ts)).sort((a, b) => Number(b.ts) - Number(a.ts))
        const page = pool.slice(0, limit)
        const more = pool.length > limit
        const body: SlackAnswers['conversations.history'] = { ok: true, messages: page.map((m) => historyMessage(state, m, withMetadata)), has_more: more, pin_count: 0, channel_actions_count: 0 }
        if (more) body.response_metadata = { next_cursor: encodeCursor(page.at(-1)!.ts) }
        return answer<'conversations.history'>(body)
      }
      case 'conversations.replies': {
        if (!channel) return fail('channel_not_found')
        if (!readable()) return fail('not_in_channel')
        const root = state.find(channel.id, p.ts ?? '')
        if (!root) return fail('thread_not_found')
        const oldest = decodeCursor(p.cursor) ?? p.oldest ?? '0'
        const pool = state.repliesOf(root).filter((m) => after(m.ts, oldest))
        const page = pool.slice(0, limit)
        const more = pool.length > limit
        const body: SlackAnswers['conversations.replies'] = { ok: true, messages: [root, ...page].map((m) => replyMessage(state, m, withMetadata)), has_more: more }
        if (more) body.response_metadata = { next_cursor: encodeCursor(page.at(-1)!.ts) }
        return answer<'conversations.replies'>(body)
      }
      case 'chat.postMessage': {
        if (!channel) return fail('channel_not_found')
        if (!readable()) return fail('not_in_channel')
        if (channel.archived) return fail('is_archived')
        const text = p.text ?? ''
        if (!text.trim()) return fail('no_text')
        if ([...text].length > 40_000) return fail('msg_too_long')
        let metadata: FakeSlackMessage['metadata']
        if (p.metadata) {
          try {
            const parsed = JSON.parse(p.metadata) as { event_type?: unknown; event_payload?: unknown }
            if (typeof parsed.event_type !== 'string' || !parsed.event_payload || typeof parsed.event_payload !== 'object') return fail('invalid_metadata_schema')
            metadata = { event_type: parsed.event_type, event_payload: parsed.event_payload as Record<string, unknown> }
          } catch {
            return fail('invalid_metadata_format')
          }
        }
        if (p.thread_ts && !state.find(channel.id, p.thread_ts)) return fail('thread_not_found')
        const message = state.post({ channel: channel.id, user: bot.id, botId, text, ...(p.thread_ts ? { threadTs: p.thread_ts } : {}), ...(metadata ? { metadata } : {}) })
        return answer<'chat.postMessage'>({ ok: true, channel: channel.id, ts: message.ts, message: postedMessage(state, message) })
      }
      case 'search.messages': {
        if (!asUser) return fail('not_allowed_token_type')
        const query = (p.query ?? '').replace(/"/g, '').trim().toLowerCase()
        if (!query) return fail('no_query')
        const count = Math.min(Math.max(parseInt(p.count ?? '', 10) || 20, 1), 100)
        const pageNo = Math.max(parseInt(p.page ?? '', 10) || 1, 1)
        const seen = [...state.messages].filter((m) => {
          const c = state.channels.get(m.channel)
          return !m.deleted && c && c.members.includes(people.dana.id) && m.text.toLowerCase().includes(query)
        })
        seen.sort((a, b) => (p.sort === 'timestamp' && p.sort_dir !== 'asc' ? Number(b.ts) - Number(a.ts) : Number(a.ts) - Number(b.ts)))
        const pages = Math.max(1, Math.ceil(seen.length / count))
        const slice = seen.slice((pageNo - 1) * count, pageNo * count)
        return answer<'search.messages'>({
          ok: true,
          query: p.query,
          messages: {
            matches: slice.map((m) => searchMatch(state, m, origin)),
            total: seen.length,
            paging: { count, page: pageNo, pages, total: seen.length },
            pagination: { first: (pageNo - 1) * count + 1, last: (pageNo - 1) * count + slice.length, page: pageNo, page_count: pages, per_page: count, total_count: seen.length },
          },
        })
      }
      case 'chat.delete': {
        if (!channel) return fail('channel_not_found')
        const message = state.find(channel.id, p.ts ?? '')
        if (!message) return fail('message_not_found')
        // A bot deletes its own messages; Dana, an admin, anyone's.
        if (!asUser && message.user !== bot.id) return fail('cant_delete_message')
        message.deleted = true
        return answer<'chat.delete'>({ ok: true, channel: channel.id, ts: message.ts })
      }
    }
  }

  const server = await startFakeServer(route)
  origin = server.url
  return {
    ...server,
    state,
    apiBase: `${server.url}/api`,
    token: botToken,
    userToken,
    bot,
    people,
    answers,
    channel: channelByName,
    im,
    say,
    messagesBy: (user) => state.messages.filter((m) => m.user === user.id && !m.deleted),
    revokeToken() {
      tokens = new Set()
    },
    setLimit(method, perMinute) {
      limits[method] = perMinute
    },
  }
}
