// Test infrastructure: a Discourse forum on loopback for connector tests and end-to-end runs; never imported by the app.
import { constants, publicEncrypt, randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { sendJson, startFakeServer, type FakeServer, type RecordedRequest } from '../testing/fake-http'
import { addCast, seedStory, type Cast } from './fake-seed'
import {
  currentUserEntity,
  FakeDiscourseState,
  notificationEntity,
  postEntity,
  reviewableEntity,
  topicEntity,
  userSummary,
  type FakePost,
  type FakeTopic,
  type FakeUser,
} from './fake-store'

export type { Cast } from './fake-seed'
export { SUPPORT, FEEDBACK } from './fake-seed'
export type { FakePost, FakeTopic, FakeUser } from './fake-store'

/** What to type in the "add account" form: the fake's URL, this key and the brand's username. */
export const DEFAULT_FAKE_KEY = 'lumen-forum-admin-key'

export interface DiscourseFakeOptions {
  /** Seed the "Lumen Bikes" forum story. Default true. */
  seed?: boolean
  /** Requests a minute per key before 429 (Discourse's default max_admin_api_reqs_per_minute is 60). */
  rateLimit?: number
  now?: () => number
  /** The admin-issued key the forum accepts. */
  apiKey?: string
  /** allowed_user_api_auth_redirects: redirect addresses the user-api-key page may send keys to (prefixes). */
  allowedRedirects?: string[]
}

export interface DiscourseFake extends FakeServer {
  readonly state: FakeDiscourseState
  readonly cast: Cast
  readonly brand: FakeUser
  /** The admin-issued key: acts as whoever Api-Username names. */
  readonly apiKey: string
  /** Issues a User API Key bound to one user (what the user-api-key flow ends with). */
  issueUserApiKey(user: FakeUser, key?: string): string
  revokeKeys(): void
  setRateLimit(limit: number): void
  addTopic(input: { from: FakeUser; title: string; raw: string; categoryId?: number; tags?: string[]; at?: number }): { topic: FakeTopic; post: FakePost }
  addPost(input: { from: FakeUser; topic: FakeTopic; raw: string; replyTo?: number; at?: number; cooked?: string }): FakePost
  addPrivateMessage(input: { from: FakeUser; title: string; raw: string; at?: number }): { topic: FakeTopic; post: FakePost }
  postsBy(user: FakeUser): FakePost[]
  /** Keys the user-api-key page issued (to the brand, the user signed in to the forum in the browser). */
  readonly userApiKeys: ReadonlyMap<string, number>
  /** Every JSON answer the fake gave, by request (the spec test checks each against the OpenAPI description). */
  readonly answers: { method: string; route: string; status: number; body: unknown }[]
}

const PER_PAGE = 30
const CHUNK = 20
const MIN_POST_LENGTH = 20
const MAX_POST_LENGTH = 32_000
const UNIQUE_POST_MS = 5 * 60_000

const errors = (res: ServerResponse, status: number, messages: string[], errorType: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void =>
  sendJson(res, status, { errors: messages, error_type: errorType, ...extra }, headers)

const INVALID_KEY = 'You are not permitted to view the requested resource. The API username or key is invalid.'
const NOT_PERMITTED = 'You are not permitted to view the requested resource.'
const NOT_FOUND = 'The requested URL or resource could not be found.'

function readBody(req: RecordedRequest): Record<string, unknown> | null {
  if (String(req.headers['content-type'] ?? '').includes('json')) {
    try {
      const value = JSON.parse(req.body || '{}') as unknown
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
    } catch {
      return null
    }
  }
  return Object.fromEntries(new URLSearchParams(req.body))
}

export async function startDiscourseFake(options: DiscourseFakeOptions = {}): Promise<DiscourseFake> {
  const now = options.now ?? (() => Date.now())
  const state = new FakeDiscourseState(now)
  const cast = addCast(state)
  if (options.seed !== false) seedStory(state, cast, now())
  const adminKey = options.apiKey ?? DEFAULT_FAKE_KEY
  const adminKeys = new Set<string>([adminKey])
  const userKeys = new Map<string, number>()
  let rateLimit = options.rateLimit ?? 60
  const windows = new Map<string, { start: number; count: number }>()
  const answers: DiscourseFake['answers'] = []

  /** The user a request acts as, or why not. */
  function actingUser(req: RecordedRequest): FakeUser | 'invalid' | 'anonymous' {
    const userKey = req.headers['user-api-key']
    if (typeof userKey === 'string') {
      const id = userKeys.get(userKey)
      return id ? state.users.get(id)! : 'invalid'
    }
    const key = req.headers['api-key']
    if (typeof key !== 'string') return 'anonymous'
    const username = req.headers['api-username']
    if (!adminKeys.has(key) || typeof username !== 'string') return 'invalid'
    return state.userByName(username) ?? 'invalid'
  }

  /** Discourse's per-minute limit per key, answered with Retry-After and wait_seconds. */
  function limited(req: RecordedRequest, res: ServerResponse): boolean {
    const key = String(req.headers['api-key'] ?? req.headers['user-api-key'] ?? 'anonymous')
    const t = now()
    let w = windows.get(key)
    if (!w || t - w.start >= 60_000) windows.set(key, (w = { start: t, count: 0 }))
    w.count++
    if (w.count <= rateLimit) return false
    const wait = Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000))
    errors(res, 429, [`You’ve performed this action too many times. Please wait ${wait} seconds before trying again.`], 'rate_limit', { extras: { wait_seconds: wait, time_left: `${wait} seconds` } }, { 'Retry-After': String(wait) })
    return true
  }

  function topicList(res: ServerResponse, topics: FakeTopic[], page: number, morePath: string, extra: Record<string, unknown> = {}, withTags = false): void {
    const sorted = [...topics].sort((a, b) => b.bumpedAt - a.bumpedAt || b.id - a.id)
    const slice = sorted.slice(page * PER_PAGE, (page + 1) * PER_PAGE)
    const userIds = new Set(slice.flatMap((t) => state.postsOf(t.id).map((p) => p.userId)))
    const topicList: Record<string, unknown> = { can_create_topic: true, per_page: PER_PAGE, topics: slice.map((t) => topicEntity(state, t, withTags)), ...extra }
    if (sorted.length > (page + 1) * PER_PAGE) topicList.more_topics_url = `${morePath}?page=${page + 1}`
    respond(res, 200, { users: [...userIds].map((id) => userSummary(state.users.get(id)!)), primary_groups: [], topic_list: topicList })
  }

  let currentRoute = ''
  let currentMethod = ''
  function respond(res: ServerResponse, status: number, body: unknown): void {
    answers.push({ method: currentMethod, route: currentRoute, status, body })
    sendJson(res, status, body)
  }

  /**
   * GET /user-api-key/new as a browser sees it after the signed-in user (the brand) approves: a redirect
   * to auth_redirect with the key encrypted for the given public key. Refusals are Discourse's error pages.
   */
  function userApiKeyNew(req: RecordedRequest, res: ServerResponse): void {
    const q = req.query
    const page = (status: number, text: string): void => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(`<html><body><p>${text}</p></body></html>`)
    }
    const publicKey = q.get('public_key') ?? ''
    const redirect = q.get('auth_redirect') ?? ''
    for (const name of ['application_name', 'client_id', 'scopes', 'public_key', 'nonce']) if (!q.get(name)) return page(400, `param is missing or the value is empty: ${name}`)
    if (!(options.allowedRedirects ?? ['http://127.0.0.1']).some((prefix) => redirect.startsWith(prefix))) {
      return page(403, 'The redirect is not allowed. Ask the site admin to add it to allowed_user_api_auth_redirects.')
    }
    const scopes = q.get('scopes')!.split(',')
    if (scopes.some((s) => !['read', 'write', 'notifications', 'session_info', 'message_bus', 'push', 'one_time_password'].includes(s))) return page(400, 'Invalid scopes')
    const key = randomBytes(16).toString('hex')
    userKeys.set(key, cast.brand.id)
    let encrypted: Buffer
    try {
      encrypted = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(JSON.stringify({ key, nonce: q.get('nonce'), push: false, api: 4 })))
    } catch {
      return page(400, 'The public key is invalid.')
    }
    // Ruby's Base64.encode64: lines of 60 characters.
    const payload = (encrypted.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n'
    const target = new URL(redirect)
    target.searchParams.append('payload', payload)
    res.writeHead(302, { Location: target.href })
    res.end()
  }

  function route(req: RecordedRequest, res: ServerResponse): void {
    const { method, path, query } = req
    if (method === 'GET' && path === '/user-api-key/new') return userApiKeyNew(req, res)
    currentMethod = method.toLowerCase()
    const as = actingUser(req)
    if (as === 'invalid') return errors(res, 403, [INVALID_KEY], 'invalid_access')
    if (as === 'anonymous') return errors(res, 403, [NOT_PERMITTED], 'invalid_access')
    if (limited(req, res)) return
    const me = as
    const page = Math.max(0, parseInt(query.get('page') ?? '0', 10) || 0)
    const notFound = (): void => errors(res, 404, [NOT_FOUND], 'not_found')
    const forbidden = (): void => errors(res, 403, [NOT_PERMITTED], 'invalid_access')
    let m: RegExpExecArray | null

    // Discourse's user_api_keys#revoke: the key in the User-Api-Key header revokes itself.
    if (method === 'POST' && path === '/user-api-key/revoke') {
      currentRoute = '/user-api-key/revoke'
      const key = req.headers['user-api-key']
      if (typeof key !== 'string') return notFound()
      userKeys.delete(key)
      return respond(res, 200, { success: 'OK' })
    }
    if (method === 'GET' && path === '/session/current.json') {
      currentRoute = '/session/current.json'
      return respond(res, 200, currentUserEntity(me))
    }
    if (method === 'GET' && path === '/notifications.json') {
      currentRoute = '/notifications.json'
      const mine = state.notifications.filter((n) => n.userId === me.id && state.posts.get(n.postId)?.deletedAt === null).sort((a, b) => b.id - a.id)
      return respond(res, 200, {
        notifications: mine.slice(0, 60).map((n) => notificationEntity(state, n)),
        total_rows_notifications: mine.length,
        seen_notification_id: mine[0]?.id ?? 0,
        load_more_notifications: `/notifications?offset=60&username=${me.username}`,
      })
    }
    if (method === 'GET' && path === '/latest.json') {
      currentRoute = '/latest.json'
      const topics = [...state.topics.values()].filter((t) => t.archetype === 'regular')
      return topicList(res, topics, page, '/latest', { draft: null, draft_key: 'new_topic', draft_sequence: 0 })
    }
    if (method === 'GET' && (m = /^\/c\/([^/]+)\/(\d+)\.json$/.exec(path))) {
      currentRoute = '/c/{slug}/{id}.json'
      const category = state.categories.get(Number(m[2]))
      if (!category || category.slug !== m[1]) return notFound()
      const topics = [...state.topics.values()].filter((t) => t.archetype === 'regular' && t.categoryId === category.id)
      return topicList(res, topics, page, `/c/${category.slug}/${category.id}`)
    }
    if (method === 'GET' && (m = /^\/tag\/([^/]+)\.json$/.exec(path))) {
      currentRoute = '/tag/{name}.json'
      const tag = decodeURIComponent(m[1]!)
      const topics = [...state.topics.values()].filter((t) => t.archetype === 'regular' && t.tags.includes(tag))
      if (!topics.length && ![...state.topics.values()].some((t) => t.tags.includes(tag))) return notFound()
      return topicList(res, topics, page, `/tag/${tag}`, { draft: null, draft_key: 'new_topic', draft_sequence: 0 }, true)
    }
    if (method === 'GET' && (m = /^\/topics\/private-messages\/([^/]+)\.json$/.exec(path))) {
      currentRoute = '/topics/private-messages/{username}.json'
      const user = state.userByName(decodeURIComponent(m[1]!))
      if (!user) return notFound()
      if (user.id !== me.id && !me.admin) return forbidden()
      const topics = [...state.topics.values()].filter((t) => t.archetype === 'private_message' && t.allowedUserIds.includes(user.id))
      return topicList(res, topics, page, `/topics/private-messages/${user.username}`, { draft: null, draft_key: 'new_private_message', draft_sequence: 0 })
    }
    if (method === 'GET' && (m = /^\/t\/(\d+)\/posts\.json$/.exec(path))) {
      currentRoute = '/t/{id}/posts.json'
      const topic = state.topics.get(Number(m[1]))
      if (!state.canSee(me.id, topic)) return notFound()
      let posts = state.postsOf(topic!.id).filter((p) => !p.hidden || state.isStaff(me.id) || p.userId === me.id)
      const ids = query.getAll('post_ids[]').map(Number)
      if (ids.length) posts = posts.filter((p) => ids.includes(p.id))
      else if (query.has('post_number')) {
        const from = Number(query.get('post_number'))
        posts = query.get('asc') === 'true' ? posts.filter((p) => p.postNumber > from).slice(0, CHUNK) : posts.filter((p) => p.postNumber < from).slice(-CHUNK)
      } else posts = posts.slice(0, CHUNK)
      return respond(res, 200, { post_stream: { posts: posts.map((p) => ({ ...postEntity(state, p, me.id), read: true })) }, id: topic!.id })
    }
    if ((m = /^\/posts\/(\d+)\.json$/.exec(path))) {
      currentRoute = '/posts/{id}.json'
      const post = state.posts.get(Number(m[1]))
      if (!post || !state.canSee(me.id, state.topics.get(post.topicId))) return notFound()
      if (method === 'GET') return respond(res, 200, postEntity(state, post, me.id))
      if (method === 'DELETE') {
        if (post.userId !== me.id && !state.isStaff(me.id)) return forbidden()
        if (post.deletedAt) return notFound()
        post.deletedAt = now()
        res.writeHead(200)
        return void res.end()
      }
    }
    if (method === 'POST' && path === '/posts.json') {
      currentRoute = '/posts.json'
      const body = readBody(req)
      if (!body) return errors(res, 400, ['There was a problem parsing the request.'], 'invalid_parameters')
      const raw = typeof body.raw === 'string' ? body.raw : ''
      const topic = state.topics.get(Number(body.topic_id))
      if (!state.canSee(me.id, topic)) return notFound()
      if (topic!.closed && !state.isStaff(me.id)) return errors(res, 422, ['This topic is closed; it no longer accepts new replies.'], 'invalid_parameters')
      if (me.silencedTill) return errors(res, 403, ['You have been silenced and cannot post.'], 'invalid_access')
      const length = [...raw.trim()].length
      if (length < MIN_POST_LENGTH) return errors(res, 422, [`Body is too short (minimum is ${MIN_POST_LENGTH} characters)`], 'invalid_parameters')
      if (length > MAX_POST_LENGTH) return errors(res, 422, [`Body is limited to ${MAX_POST_LENGTH} characters; you entered ${length}.`], 'invalid_parameters')
      const recentSame = state.postsOf(topic!.id).some((p) => p.userId === me.id && p.raw.trim() === raw.trim() && now() - p.createdAt < UNIQUE_POST_MS)
      if (recentSame) return errors(res, 422, ['Body is too similar to what you recently posted'], 'invalid_parameters')
      const replyTo = body.reply_to_post_number === undefined ? null : Number(body.reply_to_post_number)
      // Discourse stores the raw text stripped of trailing whitespace.
      const post = state.createPost({ topicId: topic!.id, userId: me.id, raw: raw.replace(/\s+$/, ''), replyTo })
      return respond(res, 200, postEntity(state, post, me.id))
    }
    if (method === 'POST' && path === '/post_actions.json') {
      currentRoute = '/post_actions.json'
      const body = readBody(req) ?? {}
      const post = state.posts.get(Number(body.id))
      if (!post || !state.canSee(me.id, state.topics.get(post.topicId))) return notFound()
      const type = Number(body.post_action_type_id)
      if (![2, 3, 4, 6, 7, 8].includes(type)) return errors(res, 400, ['post_action_type_id is invalid'], 'invalid_parameters')
      if (state.flags.some((f) => f.postId === post.id && f.userId === me.id && f.type === type)) return errors(res, 403, ['You already performed this action.'], 'invalid_access')
      if (post.userId === me.id) return forbidden()
      state.flag(post.id, me.id, type, now())
      // Simplified: a staff member's flag hides the post at once (at Discourse it depends on the flag weights).
      if (type !== 2 && state.isStaff(me.id)) post.hidden = true
      return respond(res, 200, postEntity(state, post, me.id))
    }
    if (method === 'GET' && path === '/review.json') {
      currentRoute = '/review.json'
      if (!state.isStaff(me.id)) return forbidden()
      const status = query.get('status') ?? 'pending'
      const list = state.reviewables.filter((r) => status === 'all' || r.status === status).sort((a, b) => b.id - a.id)
      return respond(res, 200, { reviewables: list.map((r) => reviewableEntity(state, r)), meta: { total_rows_reviewables: list.length, types: { flagged_post: 'ReviewableFlaggedPost' } } })
    }
    if (method === 'PUT' && (m = /^\/t\/(\d+)\/status\.json$/.exec(path))) {
      currentRoute = '/t/{id}/status.json'
      const topic = state.topics.get(Number(m[1]))
      if (!state.canSee(me.id, topic)) return notFound()
      if (!state.isStaff(me.id)) return forbidden()
      const body = readBody(req) ?? {}
      if (body.status !== 'closed') return errors(res, 400, ['status is invalid'], 'invalid_parameters')
      topic!.closed = body.enabled === 'true' || body.enabled === true
      return respond(res, 200, { success: 'OK', topic_status_update: null })
    }
    if (method === 'PUT' && (m = /^\/admin\/users\/(\d+)\/silence\.json$/.exec(path))) {
      currentRoute = '/admin/users/{id}/silence.json'
      if (!state.isStaff(me.id)) return errors(res, 404, [NOT_FOUND], 'not_found')
      const user = state.users.get(Number(m[1]))
      if (!user) return notFound()
      const body = readBody(req) ?? {}
      if (typeof body.silenced_till !== 'string' || typeof body.reason !== 'string') return errors(res, 400, ['param is missing or the value is empty: silenced_till'], 'invalid_parameters')
      if (user.admin || user.moderator) return errors(res, 403, ['Staff cannot be silenced.'], 'invalid_access')
      user.silencedTill = body.silenced_till
      return respond(res, 200, {
        silence: {
          silenced: true,
          silence_reason: body.reason,
          full_silence_reason: body.reason,
          silenced_till: body.silenced_till,
          silenced_at: new Date(now()).toISOString(),
          silenced_by: userSummary(me),
        },
      })
    }
    return notFound()
  }

  const server = await startFakeServer(route)
  const fake: DiscourseFake = {
    ...server,
    state,
    cast,
    brand: cast.brand,
    apiKey: adminKey,
    userApiKeys: userKeys,
    answers,
    issueUserApiKey(user, key = `user-api-key-${userKeys.size + 1}`) {
      userKeys.set(key, user.id)
      return key
    },
    revokeKeys() {
      adminKeys.clear()
      userKeys.clear()
    },
    setRateLimit(limit) {
      rateLimit = limit
    },
    addTopic({ from, title, raw, categoryId, tags, at }) {
      const topic = state.createTopic({ title, categoryId: categoryId ?? null, tags, at })
      return { topic, post: state.createPost({ topicId: topic.id, userId: from.id, raw, at }) }
    },
    addPost({ from, topic, raw, replyTo, at, cooked }) {
      return state.createPost({ topicId: topic.id, userId: from.id, raw, replyTo: replyTo ?? null, at, cooked })
    },
    addPrivateMessage({ from, title, raw, at }) {
      const topic = state.createTopic({ title, archetype: 'private_message', allowedUserIds: [from.id, cast.brand.id], at })
      return { topic, post: state.createPost({ topicId: topic.id, userId: from.id, raw, at }) }
    },
    postsBy(user) {
      return [...state.posts.values()].filter((p) => p.userId === user.id)
    },
  }
  return fake
}
