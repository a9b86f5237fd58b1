// Test infrastructure: the X API v2 and its OAuth 2 endpoints on loopback, for connector tests and
// end-to-end runs; never imported by the app. Answers follow tests/fixtures/x/openapi.json.
import type { ServerResponse } from 'node:http'
import { sendJson, startFakeServer, type FakeServer, type RecordedRequest } from '../testing/fake-http'
import { createFakeOAuth2, type FakeOAuth2 } from '../testing/fake-oauth2'
import { seedX, X_BRAND } from './fake-seed'
import { compareIds, FakeXState, type FakeDmEvent, type FakePost, type FakeXUser } from './fake-store'

export { X_BRAND, X_CAST } from './fake-seed'
export type { FakePost, FakeDmEvent, FakeXUser } from './fake-store'

export const FAKE_X_CLIENT_ID = 'cGFybGV5LXRlc3QtY2xpZW50'

export interface XFakeOptions {
  seed?: boolean
  now?: () => number
  /** Requests per 15-minute window on each endpoint before 429 (X's limits vary by endpoint and plan). */
  rateLimit?: number
  /** Whether the developer account's access level includes recent search (some plans do not). */
  search?: boolean
  /** The callback URI registered with the app: X refuses any other, exactly (port and path included). */
  redirectUri?: string
}

export interface XFake extends FakeServer {
  readonly state: FakeXState
  readonly oauth: FakeOAuth2
  readonly tokens: { accessToken: string; refreshToken: string }
  /** Requests the fake would bill (every authenticated API call). */
  readonly billed: number
  readonly answers: { operation: string; status: number; body: unknown }[]
  setRateLimit(limit: number): void
  setSearch(allowed: boolean): void
}

const WINDOW_MS = 15 * 60_000
const iso = (ms: number) => new Date(ms).toISOString()

function problem(status: number, title: string, detail: string): Record<string, unknown> {
  return { title, detail, type: 'about:blank', status }
}

/** The specification's InvalidRequestProblem. */
function invalid(detail: string, parameter?: string): Record<string, unknown> {
  return { title: 'Invalid Request', detail, type: 'https://api.x.com/2/problems/invalid-request', status: 400, ...(parameter ? { parameter } : {}) }
}

export async function startXFake(options: XFakeOptions = {}): Promise<XFake> {
  const now = options.now ?? (() => Date.now())
  const state = new FakeXState(X_BRAND, now)
  if (options.seed !== false) seedX(state, now())
  const oauth = createFakeOAuth2({ clientId: FAKE_X_CLIENT_ID, rotateRefreshTokens: true, accessTtlSeconds: 7200, now })
  const tokens = oauth.issue()
  const answers: XFake['answers'] = []
  const windows = new Map<string, { start: number; used: number }>()
  let limit = options.rateLimit ?? 180
  let search = options.search ?? true
  let billed = 0

  const userObject = (u: FakeXUser) => ({ id: u.id, name: u.name, username: u.username })
  const postObject = (p: FakePost) => {
    const out: Record<string, unknown> = {
      id: p.id,
      text: p.text,
      author_id: p.author.id,
      created_at: iso(p.createdAt),
      conversation_id: p.conversationId,
      edit_history_post_ids: [p.id],
    }
    if (p.repliedTo) {
      out.in_reply_to_user_id = p.inReplyToUserId
      out.referenced_posts = [{ type: 'replied_to', id: p.repliedTo }]
    }
    return out
  }
  const dmObject = (e: FakeDmEvent) => ({ id: e.id, event_type: 'MessageCreate', text: e.text, sender_id: e.sender.id, dm_conversation_id: e.conversationId, created_at: iso(e.createdAt) })

  /** X's rate-limit headers on every answer: the window per endpoint, its remaining calls and reset (unix seconds). */
  const rateHeaders = (operation: string): { headers: Record<string, string>; exhausted: boolean } => {
    const t = now()
    let w = windows.get(operation)
    if (!w || t - w.start >= WINDOW_MS) {
      w = { start: t, used: 0 }
      windows.set(operation, w)
    }
    const exhausted = w.used >= limit
    if (!exhausted) w.used += 1
    return {
      exhausted,
      headers: {
        'x-rate-limit-limit': String(limit),
        'x-rate-limit-remaining': String(Math.max(0, limit - w.used)),
        'x-rate-limit-reset': String(Math.ceil((w.start + WINDOW_MS) / 1000)),
      },
    }
  }

  const answer = (res: ServerResponse, operation: string, status: number, body: unknown, headers: Record<string, string> = {}) => {
    answers.push({ operation, status, body })
    sendJson(res, status, body, headers)
  }

  const page = <T extends { id: string }>(req: RecordedRequest, all: T[], min: number, max: number, fallback: number) => {
    const size = Math.min(max, Math.max(min, Number(req.query.get('max_results') ?? fallback) || fallback))
    const token = req.query.get('pagination_token') ?? req.query.get('next_token')
    const start = token ? Number(Buffer.from(token, 'base64url').toString()) || 0 : 0
    const items = all.slice(start, start + size)
    const next = start + size < all.length ? Buffer.from(String(start + size)).toString('base64url') : null
    return { items, next }
  }

  const listBody = (items: Record<string, unknown>[], users: FakeXUser[], next: string | null, withIds: boolean) => {
    const meta: Record<string, unknown> = { result_count: items.length }
    if (withIds && items.length) {
      meta.newest_id = items[0]!.id
      meta.oldest_id = items.at(-1)!.id
    }
    if (next) meta.next_token = next
    if (!items.length) return { meta }
    const unique = [...new Map(users.map((u) => [u.id, userObject(u)])).values()]
    return { data: items, includes: { users: unique }, meta }
  }

  const sinceFilter = (req: RecordedRequest) => {
    const since = req.query.get('since_id')
    const startTime = req.query.get('start_time')
    return (p: { id: string; createdAt: number }) => (!since || compareIds(p.id, since) > 0) && (!startTime || p.createdAt >= Date.parse(startTime))
  }

  const route = (req: RecordedRequest, res: ServerResponse): void => {
    const { method, path } = req
    if (method === 'GET' && path === '/i/oauth2/authorize') {
      if (options.redirectUri && req.query.get('redirect_uri') !== options.redirectUri) return sendJson(res, 400, { error: 'invalid_request', error_description: 'Something went wrong: the redirect_uri is not a callback URL registered with this app.' })
      return oauth.authorize(req, res)
    }
    if (method === 'POST' && path === '/2/oauth2/token') return oauth.token(req, res)
    if (method === 'POST' && path === '/2/oauth2/revoke') return oauth.revoke(req, res)

    const operation = `${method} ${path.replace(/\/\d[\d-]{2,}(?=\/|$)/g, '/:id')}`
    const token = /^Bearer\s+(.+)$/.exec(String(req.headers.authorization ?? ''))?.[1] ?? ''
    if (!oauth.accepts(token)) return answer(res, operation, 401, problem(401, 'Unauthorized', 'Unauthorized'))
    const rate = rateHeaders(operation)
    if (rate.exhausted) return answer(res, operation, 429, problem(429, 'Too Many Requests', 'Too Many Requests'), rate.headers)
    billed += 1
    const reply = (status: number, body: unknown) => answer(res, operation, status, body, rate.headers)
    let body: Record<string, unknown> = {}
    if (method === 'POST' || method === 'PUT') {
      try {
        body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {}
      } catch {
        return reply(400, invalid('Request body is not valid JSON.'))
      }
    }

    if (method === 'GET' && path === '/2/users/me') return reply(200, { data: userObject(state.brand) })

    let m = /^\/2\/users\/(\d+)\/mentions$/.exec(path)
    if (method === 'GET' && m) {
      if (m[1] !== state.brand.id) return reply(403, problem(403, 'Forbidden', 'You can only read the mentions of the signed-in user.'))
      const handle = `@${state.brand.username}`.toLowerCase()
      const all = state.newestFirst((p) => p.author.id !== state.brand.id && p.text.toLowerCase().includes(handle)).filter(sinceFilter(req))
      const { items, next } = page(req, all, 5, 100, 10)
      return reply(200, listBody(items.map(postObject), items.map((p) => p.author), next, true))
    }

    m = /^\/2\/users\/(\d+)\/tweets$/.exec(path)
    if (method === 'GET' && m) {
      const excludeReplies = (req.query.get('exclude') ?? '').includes('replies')
      const all = state.postsBy(m[1]!).filter((p) => !excludeReplies || !p.repliedTo).filter(sinceFilter(req))
      const { items, next } = page(req, all, 5, 100, 10)
      return reply(200, listBody(items.map(postObject), items.map((p) => p.author), next, true))
    }

    if (method === 'GET' && path === '/2/tweets/search/recent') {
      if (!search) {
        return reply(403, {
          title: 'Client Forbidden',
          detail: 'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project.',
          type: 'https://api.x.com/2/problems/client-forbidden',
          reason: 'client-not-enrolled',
          registration_url: 'https://developer.x.com/en/docs/projects/overview',
          required_enrollment: 'Appropriate Level of API Access',
        })
      }
      const query = req.query.get('query') ?? ''
      const conversations = [...query.matchAll(/conversation_id:(\d+)/g)].map((x) => x[1]!)
      if (!conversations.length) return reply(400, invalid('Parley’s fake understands conversation_id: queries only.', 'query'))
      const notFrom = /-from:(\w+)/.exec(query)?.[1]?.toLowerCase()
      // Recent search covers the last seven days.
      const week = now() - 7 * 86_400_000
      const all = state
        .newestFirst((p) => conversations.includes(p.conversationId) && p.id !== p.conversationId && p.createdAt >= week)
        .filter((p) => !notFrom || p.author.username.toLowerCase() !== notFrom)
        .filter(sinceFilter(req))
      const { items, next } = page(req, all, 10, 100, 10)
      return reply(200, listBody(items.map(postObject), items.map((p) => p.author), next, true))
    }

    if (method === 'GET' && path === '/2/dm_events') {
      const all = [...state.dms].sort((a, b) => compareIds(b.id, a.id))
      const { items, next } = page(req, all, 1, 100, 100)
      return reply(200, listBody(items.map(dmObject), items.map((e) => e.sender), next, false))
    }

    if (method === 'POST' && path === '/2/tweets') {
      const text = typeof body.text === 'string' ? body.text : ''
      const replyTo = (body.reply as { in_reply_to_tweet_id?: unknown } | undefined)?.in_reply_to_tweet_id
      if (!text) return reply(400, invalid('text must be present.', 'text'))
      if (typeof replyTo === 'string' && !state.posts.has(replyTo)) return reply(400, invalid('The post you are replying to does not exist or is not visible.', 'reply.in_reply_to_tweet_id'))
      // X refuses the same text twice in a row from one account.
      if (state.postsBy(state.brand.id).some((p) => p.text === text)) {
        return reply(403, problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.'))
      }
      const post = state.addPost({ author: state.brand, text, replyTo: typeof replyTo === 'string' ? replyTo : null })
      return reply(201, { data: { id: post.id, text: post.text, edit_history_post_ids: [post.id] } })
    }

    m = /^\/2\/dm_conversations\/([\d-]+)\/messages$/.exec(path)
    if (method === 'POST' && m) {
      const text = typeof body.text === 'string' ? body.text : ''
      if (!text) return reply(400, invalid('text must be present.', 'text'))
      const conversation = m[1]!
      const other = conversation.split('-').find((id) => id !== state.brand.id)
      const to = other ? state.users.get(other) : undefined
      if (!to) return reply(400, invalid('The conversation does not exist.', 'dm_conversation_id'))
      if (state.dmBlocked.has(to.id)) return reply(403, problem(403, 'Forbidden', 'You cannot send messages to this user.'))
      const event = state.addDm({ from: state.brand, to, text, conversationId: conversation })
      return reply(201, { data: { dm_conversation_id: conversation, dm_event_id: event.id } })
    }

    m = /^\/2\/tweets\/(\d+)\/hidden$/.exec(path)
    if (method === 'PUT' && m) {
      const post = state.posts.get(m[1]!)
      const root = post ? state.posts.get(post.conversationId) : undefined
      if (!post) return reply(404, { title: 'Not Found Error', detail: `Could not find post with id: [${m[1]}].`, type: 'https://api.x.com/2/problems/resource-not-found', resource_type: 'post', resource_id: m[1], parameter: 'tweet_id', value: m[1] })
      if (!root || root.author.id !== state.brand.id || post.id === root.id) return reply(403, problem(403, 'Forbidden', 'You can only hide replies to conversations you started.'))
      post.hidden = body.hidden === true
      return reply(200, { data: { hidden: post.hidden } })
    }

    m = /^\/2\/users\/(\d+)\/muting$/.exec(path)
    if (method === 'POST' && m) {
      const target = typeof body.target_user_id === 'string' ? body.target_user_id : ''
      if (!/^\d{1,19}$/.test(target)) return reply(400, invalid('target_user_id must be a user id.', 'target_user_id'))
      state.muted.add(target)
      return reply(200, { data: { muting: true } })
    }

    m = /^\/2\/users\/(\d+)\/dm\/block$/.exec(path)
    if (method === 'POST' && m) {
      state.dmBlocked.add(m[1]!)
      return reply(200, { data: { blocked: true } })
    }

    reply(404, problem(404, 'Not Found', `No route for ${method} ${path}`))
  }

  const server = await startFakeServer(route)
  const extra = {
    state,
    oauth,
    tokens,
    answers,
    get billed() {
      return billed
    },
    setRateLimit: (n: number) => {
      limit = n
    },
    setSearch: (allowed: boolean) => {
      search = allowed
    },
  }
  // defineProperties keeps `billed` a live getter (Object.assign would copy today's number).
  return Object.defineProperties(server, Object.getOwnPropertyDescriptors(extra)) as XFake
}
