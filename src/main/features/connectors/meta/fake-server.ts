// Test infrastructure: Meta's Graph API (Pages, Messenger, Instagram) on loopback for connector tests and end-to-end runs; never imported by the app.
import { createHash, randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { sendJson, startFakeServer, type FakeServer, type RecordedRequest } from '../testing/fake-http'
import { defaultFields, parseFields, project, UnknownField, type FakeNode, type FieldNode } from './fake-fields'
import { FakeNodes, type NodeType, type TypedNode } from './fake-nodes'
import { seedMetaStory, type MetaCast } from './fake-seed'
import { FakeGraphState, type FakeThread } from './fake-store'

export type { MetaCast } from './fake-seed'
export { graphTime } from './fake-store'

export const FAKE_APP_ID = '1234567890123456'
export const FAKE_APP_SECRET = 'fake-app-secret-0f9e8d7c'
/** Every permission the connector asks for; tests take some away. */
export const ALL_PERMISSIONS = [
  'pages_show_list',
  'pages_read_engagement',
  'pages_manage_engagement',
  'pages_read_user_content',
  'pages_messaging',
  'instagram_basic',
  'instagram_manage_comments',
  'instagram_manage_messages',
] as const

const HOUR = 3_600_000
const WINDOW_MS = 24 * HOUR
const HUMAN_AGENT_MS = 7 * 24 * HOUR

export interface MetaFakeOptions {
  seed?: boolean
  now?: () => number
  /** Calls per hour before the usage headers reach 100% and calls are refused (code 4 for the app, 32 for a Page). */
  callBudget?: number
  /** Whether the app was granted the Human Agent permission (message tag HUMAN_AGENT, 7 days). */
  humanAgent?: boolean
}

/** One answer the fake gave, with the spec node its items are, for the spec test. */
export interface RecordedAnswer {
  path: string
  type: NodeType | 'Permission' | 'SendResult' | 'AccessToken' | 'Success' | 'Blocked'
  list: boolean
  body: unknown
}

export interface MetaFake extends FakeServer {
  readonly state: FakeGraphState
  readonly cast: MetaCast
  readonly appId: string
  readonly appSecret: string
  /** A long-lived user token the fake accepts (as if Facebook Login and the exchange had happened). */
  readonly userToken: string
  readonly granted: Set<string>
  readonly answers: RecordedAnswer[]
  humanAgent: boolean
  now(): number
  /** The token stops working with code 190 (expired, subcode 463). */
  expire(token: string): void
  /** Sets calls used this hour (as a share of the budget, 0–100+). */
  useCalls(percent: number): void
  addComment(input: { postId: string; fromId: string; message: string; parentId?: string; at?: number }): string
  addIgComment(input: { mediaId: string; fromIgId: string; text: string; parentId?: string; at?: number }): string
  addMessage(input: { threadId: string; fromPage?: boolean; text: string; at?: number }): string
  addPost(input: { fromId?: string; message: string; at?: number; tagsPage?: boolean }): string
  addMedia(input: { ownerIgId?: string; caption: string; at?: number }): string
  /** A person on Facebook and Instagram (names and usernames are whatever the test needs, hostile ones included). */
  addPerson(input: { name: string; igUsername: string }): { id: string; igId: string }
  /** A Messenger or Instagram conversation between the Page and the person. */
  addThread(platform: 'messenger' | 'instagram', personId: string): string
}

class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly subcode?: number,
    readonly type = 'OAuthException',
  ) {
    super(message)
  }
}

const b64 = (s: string): string => Buffer.from(s).toString('base64url')
const unb64 = (s: string): string => Buffer.from(s, 'base64url').toString('utf8')
const secondsParam = (q: URLSearchParams, name: string): number | null => {
  const v = q.get(name)
  if (!v) return null
  const n = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v)
  return Number.isFinite(n) ? n : null
}

type Grant = { kind: 'user' } | { kind: 'page'; pageId: string }

export async function startMetaFake(options: MetaFakeOptions = {}): Promise<MetaFake> {
  const state = new FakeGraphState()
  const now = options.now ?? (() => Date.now())
  let origin = ''
  const nodes = new FakeNodes(state, () => origin)
  const cast = seedMetaStory(state, now(), options.seed !== false)
  const userToken = `EAAB${randomBytes(12).toString('hex')}`
  const tokens = new Map<string, Grant>([[userToken, { kind: 'user' }]])
  for (const page of state.pages.values()) tokens.set(page.token, { kind: 'page', pageId: page.id })
  const expired = new Set<string>()
  const granted = new Set<string>(ALL_PERMISSIONS)
  const answers: RecordedAnswer[] = []
  const codes = new Map<string, { redirectUri: string; challenge: string; scope: string }>()
  const budget = options.callBudget ?? 200
  let calls = 0
  let windowStart = now()

  const usageHeaders = (grant: Grant | null): Record<string, string> => {
    const pct = Math.min(100, Math.round((calls * 100) / budget))
    const regain = pct >= 100 ? Math.max(1, Math.ceil((windowStart + HOUR - now()) / 60_000)) : 0
    const headers: Record<string, string> = { 'X-App-Usage': JSON.stringify({ call_count: pct, total_cputime: Math.floor(pct / 2), total_time: Math.floor(pct / 2) }) }
    if (grant?.kind === 'page') {
      headers['X-Page-Usage'] = JSON.stringify({ call_count: pct, total_cputime: Math.floor(pct / 2), total_time: Math.floor(pct / 2) })
      headers['X-Business-Use-Case-Usage'] = JSON.stringify({
        [grant.pageId]: [{ type: 'pages', call_count: pct, total_cputime: Math.floor(pct / 2), total_time: Math.floor(pct / 2), estimated_time_to_regain_access: regain }],
      })
    }
    return headers
  }

  const fail = (res: ServerResponse, error: GraphError, headers: Record<string, string> = {}): void => {
    const body: Record<string, unknown> = { message: error.message, type: error.type, code: error.code, fbtrace_id: `A${randomBytes(8).toString('base64url')}` }
    if (error.subcode !== undefined) body.error_subcode = error.subcode
    const extra: Record<string, string> = { ...headers }
    if (error.code === 190) extra['WWW-Authenticate'] = `OAuth "Facebook Platform" "invalid_token" "${error.message.replace(/"/g, "'")}"`
    sendJson(res, error.status, { error: body }, extra)
  }

  const need = (permission: string, code: 10 | 200 = 10): void => {
    if (granted.has(permission)) return
    throw code === 10
      ? new GraphError(403, 10, `(#10) This endpoint requires the '${permission}' permission or the 'Page Public Content Access' feature.`)
      : new GraphError(403, 200, `(#200) Requires ${permission} permission to manage the object`)
  }

  const tokenOf = (req: RecordedRequest): string | null => {
    const header = req.headers.authorization
    if (typeof header === 'string' && /^(Bearer|OAuth) /i.test(header)) return header.replace(/^(Bearer|OAuth) /i, '').trim()
    return req.query.get('access_token') ?? new URLSearchParams(req.body).get('access_token')
  }

  const fieldsOf = (q: URLSearchParams): FieldNode[] | null => {
    const raw = q.get('fields')
    if (!raw) return null
    try {
      return parseFields(raw.replace(/\s+/g, ''))
    } catch (error) {
      throw new GraphError(400, 100, (error as Error).message)
    }
  }

  /** One page of a list, Graph style: {data, paging: {cursors: {before, after}, next}}. */
  const listPage = (all: TypedNode[], q: URLSearchParams, fields: FieldNode[] | null, path: string, defaultLimit = 25): { data: unknown[]; paging?: unknown } => {
    const limit = Math.min(Math.max(1, parseInt(q.get('limit') ?? '', 10) || defaultLimit), 100)
    let start = 0
    const after = q.get('after')
    const before = q.get('before')
    if (after) {
      const idx = all.findIndex((n) => n.fields.id === unb64(after))
      if (idx < 0) throw new GraphError(400, 100, 'Invalid cursor')
      start = idx + 1
    } else if (before) {
      const idx = all.findIndex((n) => n.fields.id === unb64(before))
      start = Math.max(0, idx - limit)
    }
    const slice = all.slice(start, start + limit)
    const data = slice.map((n) => render(n, fields))
    if (!slice.length) return { data }
    const cursors = { before: b64(String(slice[0]!.fields.id)), after: b64(String(slice.at(-1)!.fields.id)) }
    const paging: Record<string, unknown> = { cursors }
    if (start + limit < all.length) {
      const next = new URLSearchParams(q)
      next.delete('access_token')
      next.delete('before')
      next.set('after', cursors.after)
      paging.next = `${origin}${path}?${next.toString()}`
    }
    if (start > 0) {
      const prev = new URLSearchParams(q)
      prev.delete('access_token')
      prev.delete('after')
      prev.set('before', cursors.before)
      paging.previous = `${origin}${path}?${prev.toString()}`
    }
    return { data, paging }
  }

  const edgePage = (list: FakeNode[], limit: number | null, children: FieldNode[]): unknown => {
    const q = new URLSearchParams(limit !== null ? { limit: String(limit) } : {})
    return listPage(list as TypedNode[], q, children, '/edge')
  }

  function render(node: TypedNode, fields: FieldNode[] | null): Record<string, unknown> {
    try {
      return project(node, fields ?? defaultFields(node), edgePage)
    } catch (error) {
      if (error instanceof UnknownField) throw new GraphError(400, 100, `(#100) Tried accessing nonexisting field (${error.field}) on node type (${node.type})`)
      throw error
    }
  }

  const withinTime = (ms: number, q: URLSearchParams): boolean => {
    const since = secondsParam(q, 'since')
    const until = secondsParam(q, 'until')
    return (since === null || ms >= since) && (until === null || ms <= until)
  }

  const pageFor = (grant: Grant, pageId: string): void => {
    if (grant.kind === 'page' && grant.pageId === pageId) return
    throw new GraphError(400, 190, '(#190) This method must be called with a Page Access Token', 2069032)
  }

  const pageOfIg = (grant: Grant, igId: string): void => {
    const page = state.pageByIg(igId)
    if (!page) throw new GraphError(400, 100, `Unsupported get request. Object with ID '${igId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 33, 'GraphMethodException')
    pageFor(grant, page.id)
  }

  const missing = (id: string): GraphError =>
    new GraphError(400, 100, `Unsupported request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 33, 'GraphMethodException')

  const answer = (res: ServerResponse, req: RecordedRequest, grant: Grant | null, type: RecordedAnswer['type'], body: unknown, list = false): void => {
    answers.push({ path: req.path, type, list, body })
    sendJson(res, 200, body, usageHeaders(grant))
  }

  const formOf = (req: RecordedRequest): URLSearchParams => {
    const params = new URLSearchParams(req.query)
    const type = String(req.headers['content-type'] ?? '')
    if (type.includes('application/json') && req.body) {
      const json = JSON.parse(req.body) as Record<string, unknown>
      for (const [k, v] of Object.entries(json)) params.set(k, typeof v === 'string' ? v : JSON.stringify(v))
    } else if (req.body) for (const [k, v] of new URLSearchParams(req.body)) params.set(k, v)
    return params
  }

  const route = async (req: RecordedRequest, res: ServerResponse): Promise<void> => {
    const match = /^\/v(\d+)\.0(\/.*)$/.exec(req.path)
    if (req.path.startsWith('/pics/')) {
      res.writeHead(200, { 'Content-Type': 'image/png' })
      res.end(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'))
      return
    }
    const path = match ? match[2]! : req.path
    const grantOf = (): Grant => {
      const token = tokenOf(req)
      if (!token) throw new GraphError(400, 2500, 'An active access token must be used to query information about the current user.')
      if (expired.has(token)) {
        throw new GraphError(400, 190, `Error validating access token: Session has expired on ${new Date(now() - 60_000).toUTCString()}. The current time is ${new Date(now()).toUTCString()}.`, 463)
      }
      const grant = tokens.get(token)
      if (!grant) throw new GraphError(400, 190, 'Invalid OAuth access token - Cannot parse access token')
      return grant
    }
    let grant: Grant | null = null
    try {
      if (path === '/dialog/oauth') return dialog(req, res)
      if (path === '/oauth/access_token') return exchange(req, res)
      grant = grantOf()
      if (now() - windowStart >= HOUR) {
        windowStart = now()
        calls = 0
      }
      calls++
      if (calls > budget) {
        throw grant.kind === 'page'
          ? new GraphError(400, 32, 'Page request limit reached', undefined, 'OAuthException')
          : new GraphError(400, 4, '(#4) Application request limit reached', undefined, 'OAuthException')
      }
      await dispatch(req, res, path, grant)
    } catch (error) {
      if (error instanceof GraphError) return fail(res, error, usageHeaders(grant))
      throw error
    }
  }

  /** Facebook Login's dialog, consenting at once: back to the loopback redirect with a code. */
  const dialog = (req: RecordedRequest, res: ServerResponse): void => {
    const q = req.query
    const redirectUri = q.get('redirect_uri') ?? ''
    if (q.get('client_id') !== FAKE_APP_ID) {
      res.writeHead(400, { 'Content-Type': 'text/plain' })
      res.end('Invalid App ID: the provided app ID does not look like a valid app ID.')
      return
    }
    if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(redirectUri)) {
      res.writeHead(400, { 'Content-Type': 'text/plain' })
      res.end("URL Blocked: This redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.")
      return
    }
    const code = randomBytes(16).toString('base64url')
    codes.set(code, { redirectUri, challenge: q.get('code_challenge') ?? '', scope: q.get('scope') ?? '' })
    const back = new URL(redirectUri)
    back.searchParams.set('code', code)
    back.searchParams.set('state', q.get('state') ?? '')
    res.writeHead(302, { Location: back.toString() })
    res.end()
  }

  const exchange = (req: RecordedRequest, res: ServerResponse): void => {
    const q = formOf(req)
    if (q.get('client_id') !== FAKE_APP_ID) throw new GraphError(400, 101, 'Error validating application. Cannot get application info due to a system error.')
    if (q.get('grant_type') === 'fb_exchange_token') {
      if (q.get('client_secret') !== FAKE_APP_SECRET) throw new GraphError(400, 1, 'Error validating client secret.')
      const short = q.get('fb_exchange_token') ?? ''
      if (!tokens.has(short) || expired.has(short)) throw new GraphError(400, 190, 'Invalid OAuth access token - Cannot parse access token')
      const long = `EAAB${randomBytes(12).toString('hex')}`
      tokens.set(long, { kind: 'user' })
      return answer(res, req, null, 'AccessToken', { access_token: long, token_type: 'bearer', expires_in: 5_183_944 })
    }
    const code = codes.get(q.get('code') ?? '')
    if (!code || code.redirectUri !== q.get('redirect_uri')) throw new GraphError(400, 100, 'Invalid verification code format.', 36007)
    const verifier = q.get('code_verifier') ?? ''
    const secretOk = q.get('client_secret') === FAKE_APP_SECRET
    const pkceOk = code.challenge !== '' && createHash('sha256').update(verifier).digest('base64url') === code.challenge
    if (!secretOk && !pkceOk) throw new GraphError(400, 100, 'Invalid code verifier.', 36008)
    codes.delete(q.get('code') ?? '')
    const short = `EAAB${randomBytes(12).toString('hex')}`
    tokens.set(short, { kind: 'user' })
    answer(res, req, null, 'AccessToken', { access_token: short, token_type: 'bearer', expires_in: 5_400 })
  }

  const dispatch = async (req: RecordedRequest, res: ServerResponse, path: string, grant: Grant): Promise<void> => {
    const parts = path.split('/').filter(Boolean)
    const q = req.method === 'GET' ? req.query : formOf(req)
    const fields = fieldsOf(q)
    let id = parts[0] ?? ''
    const edge = parts[1] ?? null
    if (id === 'me') {
      if (grant.kind === 'page') id = grant.pageId
      else if (edge === null) return answer(res, req, grant, 'User', render({ type: 'User', fields: { id: cast.adminId, name: 'Maya Okafor' } }, fields))
    }
    if (parts.length > 2) throw new GraphError(400, 2500, 'Unknown path components: /' + parts.slice(2).join('/'))

    // The user's own edges (user token).
    if (id === 'me' && edge === 'accounts') {
      need('pages_show_list')
      const pages = [...state.pages.values()].map((p) => nodes.page(p))
      return answer(res, req, grant, 'Page', listPage(pages, q, fields, path), true)
    }
    if (id === 'me' && edge === 'permissions') {
      const data = ALL_PERMISSIONS.map((p) => ({ permission: p, status: granted.has(p) ? 'granted' : 'declined' }))
      return answer(res, req, grant, 'Permission', { data }, true)
    }

    const page = state.pages.get(id)
    if (page) {
      pageFor(grant, page.id)
      if (req.method === 'GET' && edge === null) return answer(res, req, grant, 'Page', render(nodes.page(page), fields))
      if (req.method === 'GET' && (edge === 'feed' || edge === 'visitor_posts' || edge === 'tagged')) {
        need('pages_read_engagement')
        if (edge !== 'tagged') need('pages_read_user_content')
        const posts = [...state.posts.values()]
          .filter((p) => p.pageId === page.id && (edge === 'tagged' ? p.tagsPage : edge === 'visitor_posts' ? p.fromId !== page.id && !p.tagsPage : !p.tagsPage))
          .filter((p) => withinTime(p.createdAt, q))
          .sort((a, b) => b.createdAt - a.createdAt)
        return answer(res, req, grant, 'PagePost', listPage(posts.map((p) => nodes.post(p)), q, fields, path), true)
      }
      if (req.method === 'GET' && edge === 'conversations') {
        const platform = q.get('platform') === 'instagram' ? 'instagram' : 'messenger'
        need(platform === 'instagram' ? 'instagram_manage_messages' : 'pages_messaging')
        const threads = [...state.threads.values()]
          .filter((t) => t.pageId === page.id && t.platform === platform)
          .sort((a, b) => state.threadUpdatedAt(b.id) - state.threadUpdatedAt(a.id))
        return answer(res, req, grant, 'UnifiedThread', listPage(threads.map((t) => nodes.thread(t)), q, fields, path), true)
      }
      if (req.method === 'POST' && edge === 'messages') return send(req, res, grant, page.id, q)
      if (req.method === 'POST' && edge === 'blocked') {
        need('pages_manage_engagement', 200)
        const raw = q.get('user') ?? q.get('psid') ?? q.get('uid') ?? ''
        let ids: string[]
        try {
          const parsed = JSON.parse(raw) as unknown
          ids = Array.isArray(parsed) ? parsed.map(String) : [String(parsed)]
        } catch {
          ids = raw.split(',').filter(Boolean)
        }
        const set = state.blocked.get(page.id) ?? new Set<string>()
        state.blocked.set(page.id, set)
        const result: Record<string, boolean> = {}
        for (const person of ids) {
          result[person] = state.people.has(person)
          if (state.people.has(person)) set.add(person)
        }
        return answer(res, req, grant, 'Blocked', result)
      }
      throw new GraphError(400, 100, `Unsupported ${req.method.toLowerCase()} request on /${page.id}/${edge ?? ''}`, 33, 'GraphMethodException')
    }

    const post = state.posts.get(id)
    if (post) {
      pageFor(grant, post.pageId)
      if (req.method === 'GET' && edge === null) return answer(res, req, grant, 'PagePost', render(nodes.post(post), fields))
      if (edge === 'comments') return comments(req, res, grant, post.id, null, q, fields, path)
      throw missing(id)
    }

    const comment = state.comments.get(id)
    if (comment) {
      pageFor(grant, state.pageOfPost(comment.postId)!.id)
      if (req.method === 'GET' && edge === null) return answer(res, req, grant, 'Comment', render(nodes.comment(comment), fields))
      if (edge === 'comments') return comments(req, res, grant, comment.postId, comment.id, q, fields, path)
      if (req.method === 'POST' && edge === null) {
        need('pages_manage_engagement', 200)
        const hidden = q.get('is_hidden')
        if (hidden !== 'true' && hidden !== 'false') throw new GraphError(400, 100, '(#100) Param is_hidden must be a boolean')
        comment.hidden = hidden === 'true'
        return answer(res, req, grant, 'Success', { success: true })
      }
      if (req.method === 'DELETE' && edge === null) {
        need('pages_manage_engagement', 200)
        for (const reply of state.commentsOf(comment.postId, comment.id)) state.comments.delete(reply.id)
        state.comments.delete(comment.id)
        return answer(res, req, grant, 'Success', { success: true })
      }
      throw missing(id)
    }

    const thread = state.threads.get(id)
    if (thread) {
      pageFor(grant, thread.pageId)
      need(thread.platform === 'instagram' ? 'instagram_manage_messages' : 'pages_messaging')
      if (req.method === 'GET' && edge === null) return answer(res, req, grant, 'UnifiedThread', render(nodes.thread(thread), fields))
      if (req.method === 'GET' && edge === 'messages') {
        return answer(res, req, grant, 'UnifiedMessage', listPage(state.messagesOf(thread.id).map((m) => nodes.message(m, thread)), q, fields, path), true)
      }
      throw missing(id)
    }

    const message = state.messages.get(id)
    if (message && req.method === 'GET' && edge === null) {
      const t = state.threads.get(message.threadId)!
      pageFor(grant, t.pageId)
      return answer(res, req, grant, 'UnifiedMessage', render(nodes.message(message, t), fields))
    }

    const igPage = state.pageByIg(id)
    if (igPage?.ig) {
      pageOfIg(grant, id)
      need('instagram_basic')
      if (req.method === 'GET' && edge === null) return answer(res, req, grant, 'IGUser', render(nodes.igUser(igPage.ig), fields))
      if (req.method === 'GET' && (edge === 'media' || edge === 'tags')) {
        const media = [...state.media.values()]
          .filter((m) => (edge === 'media' ? m.ownerIgId === id : state.mediaTags.get(m.id) === id))
          .filter((m) => withinTime(m.createdAt, q))
          .sort((a, b) => b.createdAt - a.createdAt)
        return answer(res, req, grant, 'IGMedia', listPage(media.map((m) => nodes.media(m)), q, fields, path), true)
      }
      if (req.method === 'POST' && edge === 'messages') return send(req, res, grant, igPage.id, q)
      throw missing(id)
    }

    const media = state.media.get(id)
    if (media) {
      const owner = state.pageOfMedia(media.id)
      if (!owner) throw missing(id)
      pageFor(grant, owner.id)
      need('instagram_basic')
      if (req.method === 'GET' && edge === null) return answer(res, req, grant, 'IGMedia', render(nodes.media(media), fields))
      if (req.method === 'GET' && edge === 'comments') {
        need('instagram_manage_comments')
        const list = state.igCommentsOf(media.id, null).sort((a, b) => b.createdAt - a.createdAt)
        return answer(res, req, grant, 'IGComment', listPage(list.map((c) => nodes.igComment(c)), q, fields, path), true)
      }
      throw missing(id)
    }

    const igComment = state.igComments.get(id)
    if (igComment) {
      const owner = state.pageOfMedia(igComment.mediaId)
      if (!owner) throw missing(id)
      pageFor(grant, owner.id)
      need('instagram_manage_comments')
      if (req.method === 'GET' && edge === null) return answer(res, req, grant, 'IGComment', render(nodes.igComment(igComment), fields))
      if (req.method === 'GET' && edge === 'replies') {
        const list = state.igCommentsOf(igComment.mediaId, igComment.id).sort((a, b) => a.createdAt - b.createdAt)
        return answer(res, req, grant, 'IGComment', listPage(list.map((c) => nodes.igComment(c)), q, fields, path), true)
      }
      if (req.method === 'POST' && edge === 'replies') {
        const text = q.get('message') ?? ''
        if (!text) throw new GraphError(400, 100, '(#100) The parameter message is required')
        if (igComment.parentId) throw new GraphError(400, 100, '(#100) Replies can only be made to top-level comments.')
        const newId = fake.addIgComment({ mediaId: igComment.mediaId, fromIgId: owner.ig!.id, text, parentId: igComment.id })
        return answer(res, req, grant, 'Success', { id: newId })
      }
      if (req.method === 'POST' && edge === null) {
        const hide = q.get('hide')
        if (hide !== 'true' && hide !== 'false') throw new GraphError(400, 100, '(#100) Param hide must be a boolean')
        igComment.hidden = hide === 'true'
        return answer(res, req, grant, 'Success', { success: true })
      }
      if (req.method === 'DELETE' && edge === null) {
        for (const reply of state.igCommentsOf(igComment.mediaId, igComment.id)) state.igComments.delete(reply.id)
        state.igComments.delete(igComment.id)
        return answer(res, req, grant, 'Success', { success: true })
      }
      throw missing(id)
    }
    throw missing(id)
  }

  const comments = (req: RecordedRequest, res: ServerResponse, grant: Grant, postId: string, parentId: string | null, q: URLSearchParams, fields: FieldNode[] | null, path: string): void => {
    const page = state.pageOfPost(postId)!
    if (req.method === 'POST') {
      need('pages_manage_engagement', 200)
      const text = q.get('message') ?? ''
      if (!text.trim()) throw new GraphError(400, 100, '(#100) Missing message or attachment')
      // Facebook keeps threads two deep: a reply to a reply joins its top-level comment's thread.
      const top = parentId ? (state.comments.get(parentId)?.parentId ?? parentId) : null
      const newId = fake.addComment({ postId, fromId: page.id, message: text, parentId: top ?? undefined })
      return answer(res, req, grant, 'Success', { id: newId })
    }
    need('pages_read_engagement')
    need('pages_read_user_content')
    const stream = q.get('filter') === 'stream'
    let list = [...state.comments.values()].filter((c) => c.postId === postId && (stream && parentId === null ? true : c.parentId === parentId))
    list = list.filter((c) => withinTime(c.createdAt, q))
    list.sort((a, b) => (q.get('order') === 'reverse_chronological' ? b.createdAt - a.createdAt : a.createdAt - b.createdAt))
    answer(res, req, grant, 'Comment', listPage(list.map((c) => nodes.comment(c)), q, fields, path), true)
  }

  /** The Send API, with the 24-hour messaging window and the Human Agent tag. */
  const send = (req: RecordedRequest, res: ServerResponse, grant: Grant, pageId: string, q: URLSearchParams): void => {
    let recipient: { id?: string }
    let message: { text?: string }
    try {
      recipient = JSON.parse(q.get('recipient') ?? '{}') as { id?: string }
      message = JSON.parse(q.get('message') ?? '{}') as { text?: string }
    } catch {
      throw new GraphError(400, 100, '(#100) param recipient must be a JSON object')
    }
    const byFb = state.people.get(recipient.id ?? '')
    const byIg = state.personByIg(recipient.id ?? '')
    const platform: FakeThread['platform'] = byIg ? 'instagram' : 'messenger'
    need(platform === 'instagram' ? 'instagram_manage_messages' : 'pages_messaging', 200)
    const person = byFb ?? byIg
    if (!person) throw new GraphError(400, 100, '(#100) No matching user found', 2018001)
    const thread = state.threadWith(pageId, platform, person.id)
    if (!thread) throw new GraphError(400, 100, '(#100) No matching user found', 2018001)
    if (!message.text) throw new GraphError(400, 100, '(#100) The parameter message[text] is required')
    if ([...message.text].length > 2000) throw new GraphError(400, 100, '(#100) Length of param message[text] must be less than or equal to 2000')
    const last = state.lastInbound(thread.id)
    const age = last === null ? Infinity : now() - last
    const tag = q.get('tag')
    const type = q.get('messaging_type') ?? 'RESPONSE'
    const humanAgent = type === 'MESSAGE_TAG' && tag === 'HUMAN_AGENT'
    if (humanAgent && !fake.humanAgent) throw new GraphError(403, 200, '(#200) The app does not have the Human Agent permission (pages_messaging with the human_agent feature).', 2018065)
    if (age > (humanAgent ? HUMAN_AGENT_MS : WINDOW_MS)) {
      throw new GraphError(400, 10, '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview', 2018278)
    }
    const mid = fake.addMessage({ threadId: thread.id, fromPage: true, text: message.text })
    answer(res, req, grant, 'SendResult', { recipient_id: recipient.id, message_id: mid })
  }

  const server = await startFakeServer(route)
  origin = server.url
  const fake: MetaFake = Object.assign(server, {
    state,
    cast,
    appId: FAKE_APP_ID,
    appSecret: FAKE_APP_SECRET,
    userToken,
    granted,
    answers,
    humanAgent: options.humanAgent ?? false,
    now,
    expire(token: string) {
      expired.add(token)
    },
    useCalls(percent: number) {
      windowStart = now()
      calls = Math.round((percent * budget) / 100)
    },
    addComment(input: { postId: string; fromId: string; message: string; parentId?: string; at?: number }) {
      const id = `${input.postId.split('_')[1]}_${state.nextId('9')}`
      state.comments.set(id, { id, postId: input.postId, parentId: input.parentId ?? null, fromId: input.fromId, message: input.message, createdAt: input.at ?? now(), hidden: false })
      return id
    },
    addIgComment(input: { mediaId: string; fromIgId: string; text: string; parentId?: string; at?: number }) {
      const id = state.nextId('178410000')
      state.igComments.set(id, { id, mediaId: input.mediaId, parentId: input.parentId ?? null, fromIgId: input.fromIgId, text: input.text, createdAt: input.at ?? now(), hidden: false })
      return id
    },
    addMessage(input: { threadId: string; fromPage?: boolean; text: string; at?: number }) {
      const id = `m_${b64(state.nextId('mid.'))}`
      state.messages.set(id, { id, threadId: input.threadId, fromPage: input.fromPage ?? false, text: input.text, createdAt: input.at ?? now() })
      return id
    },
    addPost(input: { fromId?: string; message: string; at?: number; tagsPage?: boolean }) {
      const id = `${cast.pageId}_${state.nextId('10')}`
      const at = input.at ?? now()
      state.posts.set(id, { id, pageId: cast.pageId, fromId: input.fromId ?? cast.pageId, message: input.message, createdAt: at, updatedAt: at, tagsPage: input.tagsPage ?? false })
      return id
    },
    addMedia(input: { ownerIgId?: string; caption: string; at?: number }) {
      const id = state.nextId('179000000')
      const owner = input.ownerIgId ?? cast.igId
      state.media.set(id, { id, ownerIgId: owner, caption: input.caption, createdAt: input.at ?? now(), mediaType: 'IMAGE' })
      if (owner !== cast.igId) state.mediaTags.set(id, cast.igId)
      return id
    },
    addPerson(input: { name: string; igUsername: string }) {
      const id = state.nextId('61200000000')
      const igId = state.nextId('178414000000')
      state.people.set(id, { id, name: input.name, igId, igUsername: input.igUsername })
      return { id, igId }
    },
    addThread(platform: 'messenger' | 'instagram', personId: string) {
      const id = platform === 'messenger' ? `t_${state.nextId()}` : `aWdfZAG06${state.nextId()}`
      state.threads.set(id, { id, pageId: cast.pageId, platform, personId })
      return id
    },
  })
  cast.fill(fake)
  return fake
}
