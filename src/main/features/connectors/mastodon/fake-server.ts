// Test infrastructure: a Mastodon instance on loopback for connector tests and end-to-end runs; never imported by the app.
import type { ServerResponse } from 'node:http'
import { sendJson, startFakeServer, type FakeServer, type RecordedRequest } from '../testing/fake-http'
import { accountEntity, conversationEntity, credentialAccountEntity, notificationEntity, relationshipEntity, statusEntity } from './fake-entities'
import { createFakeOAuth, MASTODON_VERSION_WITH_PKCE, MASTODON_VERSION_WITHOUT_PKCE, type FakeOAuthControls, type FakeOAuthOptions } from './fake-oauth'
import { addCast, seedStory, type Cast, type CastKey } from './fake-seed'
import { byIdDesc, FakeMastodonState, type FakeAccount, type FakeMedia, type FakeStatus, type Visibility } from './fake-store'

export type { Cast, CastKey } from './fake-seed'
export type { FakeAccount, FakeStatus } from './fake-store'
export type { ConsentMode, FakeOAuthControls, FakeOAuthOptions } from './fake-oauth'

/** What to type in the "add account" form: the fake's URL and this token. */
export const DEFAULT_FAKE_TOKEN = 'lumen-demo-token'

export interface MastodonFakeOptions {
  /** Seed the default "Lumen Bikes" story (launch-post comments, mentions, spam, DMs). Default true. */
  seed?: boolean
  /** The access token the instance accepts. */
  token?: string
  /**
   * Requests per 5-minute window before 429, counted per access token (and per address for requests
   * without one), as Mastodon's rack-attack does; its default is 300.
   */
  rateLimit?: number
  /** Requests per 5-minute window from all of the account's tokens together (Mastodon: 1,500, five times the token's). */
  accountRateLimit?: number
  /** The instance's clock (ms); tests pass a controllable one. It also ages authorization codes. */
  now?: () => number
  /** The OAuth side (app registration, PKCE discovery, consent, codes); see fake-oauth.ts. */
  oauth?: FakeOAuthOptions
  /**
   * Post again on a resend carrying an Idempotency-Key already seen, as a platform without such a key
   * would: only asking the platform first (reconcile) then keeps a resend from posting twice.
   */
  ignoreIdempotencyKey?: boolean
}

/** A cast key ("ines"), an account id, or an acct ("ines@fosstodon.org"). */
export type AccountRef = CastKey | string

export interface MastodonFake extends FakeServer {
  readonly state: FakeMastodonState
  readonly cast: Cast
  readonly brand: FakeAccount
  /** The currently valid access token. */
  readonly token: string
  /** Switches and records of the OAuth endpoints: discovery on/off, consent mode, code TTL, apps, grants, issued tokens. */
  readonly oauth: FakeOAuthControls
  /** Whether the API accepts this access token (issued by OAuth or set up front) right now. */
  accepts(token: string): boolean
  addAccount(input: { username: string; domain?: string | null; displayName: string; note?: string }): FakeAccount
  addBrandPost(text: string, options?: { visibility?: Visibility; at?: number }): FakeStatus
  /** A post mentioning the brand (the mention is added when missing) and its notification. */
  addMention(input: { from: AccountRef; text: string; inReplyTo?: string; visibility?: Visibility; spoilerText?: string; html?: string; media?: FakeMedia[]; at?: number }): FakeStatus
  /** A direct message to the brand (and `to`), its notification, and the brand's conversation. */
  addDirectMessage(input: { from: AccountRef; text: string; inReplyTo?: string; to?: AccountRef[]; spoilerText?: string; media?: FakeMedia[]; at?: number }): FakeStatus
  /** Any post; it only notifies the brand if its text mentions the brand. */
  addStatus(input: { from: AccountRef; text: string; inReplyTo?: string; visibility?: Visibility; at?: number }): FakeStatus
  editStatus(id: string, newText: string): FakeStatus
  /** The author deleted it (its notifications go too). */
  deleteStatus(id: string): void
  revokeToken(): void
  /** Makes a new valid token (the old one stays revoked) and returns it. */
  issueToken(token?: string): string
  setRateLimit(limit: number): void
  statusesPostedBy(account: AccountRef): FakeStatus[]
  /** The brand's conversation id holding this direct status. */
  conversationOf(statusId: string): string | undefined
  readonly blocked: ReadonlySet<string>
  readonly muted: ReadonlySet<string>
}

const WINDOW_MS = 5 * 60_000
const IDEMPOTENCY_MS = 60 * 60_000
const MAX_CHARS = 500
// A 1×1 transparent PNG for avatars and media, so an offline end-to-end run shows no broken images.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

type Json = Record<string, unknown> | unknown[]

interface Page {
  maxId: string | null
  sinceId: string | null
  minId: string | null
  limit: number
}

const idParam = (q: URLSearchParams, name: string): string | null => {
  const v = q.get(name)
  return v && /^\d+$/.test(v) ? v : null
}

/** Mastodon's limit_param: the default when absent, capped at twice the default. */
function pageParams(q: URLSearchParams, defaultLimit: number): Page {
  const asked = Math.abs(parseInt(q.get('limit') ?? '', 10))
  return {
    maxId: idParam(q, 'max_id'),
    sinceId: idParam(q, 'since_id'),
    minId: idParam(q, 'min_id'),
    limit: Math.min(Number.isFinite(asked) && asked > 0 ? asked : defaultLimit, defaultLimit * 2),
  }
}

/**
 * Mastodon's to_a_paginated_by_id: max_id → older than; since_id → the newest
 * above it (a gap is possible); min_id → the items immediately above it,
 * fetched ascending and returned newest first.
 */
function paginate<T>(items: T[], key: (t: T) => string, p: Page): T[] {
  const k = (t: T): bigint => BigInt(key(t))
  const desc = (a: T, b: T): number => (k(a) < k(b) ? 1 : k(a) > k(b) ? -1 : 0)
  let pool = items
  if (p.maxId) pool = pool.filter((t) => k(t) < BigInt(p.maxId!))
  if (p.minId) {
    return pool
      .filter((t) => k(t) > BigInt(p.minId!))
      .sort((a, b) => -desc(a, b))
      .slice(0, p.limit)
      .reverse()
  }
  if (p.sinceId) pool = pool.filter((t) => k(t) > BigInt(p.sinceId!))
  return [...pool].sort(desc).slice(0, p.limit)
}

function linkHeader(origin: string, path: string, keep: [string, string][], next: string | null, prev: string | null): string | null {
  const url = (name: string, id: string): string => `${origin}${path}?${new URLSearchParams([...keep, [name, id]]).toString()}`
  const parts = [next ? `<${url('max_id', next)}>; rel="next"` : null, prev ? `<${url('min_id', prev)}>; rel="prev"` : null].filter(Boolean)
  return parts.length ? parts.join(', ') : null
}

function iso6(ms: number): string {
  // Rails' iso8601(6): microseconds.
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
}

export async function startMastodonFake(options: MastodonFakeOptions = {}): Promise<MastodonFake> {
  const now = options.now ?? (() => Date.now())
  let origin = 'http://127.0.0.1'
  const state = new FakeMastodonState(() => origin, now)
  const cast = addCast(state)
  const brand = cast.brand
  let currentToken = options.token ?? DEFAULT_FAKE_TOKEN
  const tokens = new Set<string>([currentToken])
  let rateLimit = options.rateLimit ?? 300
  let accountRateLimit = options.accountRateLimit ?? 5 * rateLimit
  /** One window per access token, one for requests without a token, and one for the account (every token is the brand's). */
  let windows = new Map<string, { start: number; count: number }>()
  // Tokens issued through OAuth join the accepted set; revoking one removes it.
  const oauth = createFakeOAuth({ origin: () => origin, now, tokens, options: options.oauth })

  const account = (ref: AccountRef): FakeAccount => {
    const found = (cast as Record<string, FakeAccount | undefined>)[ref] ?? state.findAccount(ref)
    if (!found) throw new Error(`fake Mastodon: unknown account ${ref}`)
    return found
  }
  const statusJson = (s: FakeStatus): Record<string, unknown> => statusEntity(state, s, brand.id)
  const notFound = (res: ServerResponse, headers: Record<string, string>): void => sendJson(res, 404, { error: 'Record not found' }, headers)

  /** Counts a request in one throttle's window; what is left in it afterwards. */
  function countIn(key: string, limit: number, t: number): { remaining: number; start: number } {
    let w = windows.get(key)
    if (!w || t - w.start >= WINDOW_MS) {
      w = { start: t - (t % WINDOW_MS), count: 0 }
      windows.set(key, w)
    }
    w.count++
    return { remaining: limit - w.count, start: w.start }
  }

  /**
   * Mastodon's rack-attack throttles and headers, on every API answer: the request counts against its
   * token (or, without one, its address) and, with a token, against the account; the headers tell
   * the tighter of the two.
   */
  function rateHeaders(req: RecordedRequest): { headers: Record<string, string>; exceeded: boolean } {
    const t = now()
    const token = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1]?.trim()
    const counted = [{ limit: rateLimit, ...countIn(token ? `token ${token}` : 'address', rateLimit, t) }]
    if (token) counted.push({ limit: accountRateLimit, ...countIn('account', accountRateLimit, t) })
    const tightest = counted.reduce((a, b) => (b.remaining < a.remaining ? b : a))
    return {
      headers: {
        'X-RateLimit-Limit': String(tightest.limit),
        'X-RateLimit-Remaining': String(Math.max(0, tightest.remaining)),
        'X-RateLimit-Reset': iso6(tightest.start + WINDOW_MS),
      },
      exceeded: counted.some((c) => c.remaining < 0),
    }
  }

  function readBody(req: RecordedRequest): Record<string, string> | null {
    if (String(req.headers['content-type'] ?? '').includes('json')) {
      try {
        const value = JSON.parse(req.body || '{}') as Record<string, unknown>
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]))
      } catch {
        return null
      }
    }
    return Object.fromEntries(new URLSearchParams(req.body))
  }

  function postStatus(req: RecordedRequest, res: ServerResponse, headers: Record<string, string>): void {
    const body = readBody(req)
    if (!body) return sendJson(res, 400, { error: 'Error occurred while parsing request parameters' }, headers)
    const key = options.ignoreIdempotencyKey ? undefined : req.headers['idempotency-key']
    const stored = typeof key === 'string' ? state.idempotency.get(`${brand.id}:${key}`) : undefined
    if (stored && now() - stored.at < IDEMPOTENCY_MS) {
      return sendJson(res, 200, statusJson(state.statuses.get(stored.statusId)!), headers)
    }
    const text = body.status ?? ''
    if (!text.trim()) return sendJson(res, 422, { error: "Validation failed: Text can't be blank" }, headers)
    if ([...text].length > MAX_CHARS) return sendJson(res, 422, { error: `Validation failed: Text character limit of ${MAX_CHARS} exceeded` }, headers)
    const visibility = (body.visibility || 'public') as Visibility
    if (!['public', 'unlisted', 'private', 'direct'].includes(visibility)) {
      return sendJson(res, 422, { error: 'Validation failed: Visibility is not included in the list' }, headers)
    }
    const parentId = body.in_reply_to_id || null
    if (parentId && !state.visible(state.statuses.get(parentId), brand.id)) return notFound(res, headers)
    const status = state.createStatus({ accountId: brand.id, text, inReplyToId: parentId, visibility, spoilerText: body.spoiler_text ?? '' }, brand.id)
    if (typeof key === 'string') state.idempotency.set(`${brand.id}:${key}`, { statusId: status.id, at: now() })
    sendJson(res, 200, statusJson(status), headers)
  }

  function api(req: RecordedRequest, res: ServerResponse, headers: Record<string, string>): void {
    const { method, path, query } = req
    const send = (body: Json, extra: Record<string, string> = {}): void => sendJson(res, 200, body, { ...headers, ...extra })
    const withLink = (link: string | null): Record<string, string> => (link ? { Link: link } : {})
    let m: RegExpExecArray | null

    if (method === 'GET' && path === '/api/v1/accounts/verify_credentials') return send(credentialAccountEntity(state, brand))

    if (method === 'GET' && path === '/api/v1/notifications') {
      const types = query.getAll('types[]')
      const excluded = query.getAll('exclude_types[]')
      const p = pageParams(query, 40)
      const pool = state.notifications.filter((n) => (!types.length || types.includes(n.type)) && !excluded.includes(n.type))
      const page = paginate(pool, (n) => n.id, p)
      const keep: [string, string][] = [['limit', String(p.limit)], ...types.map((t): [string, string] => ['types[]', t]), ...excluded.map((t): [string, string] => ['exclude_types[]', t])]
      const link = page.length ? linkHeader(origin, path, keep, page.at(-1)!.id, page[0]!.id) : null
      return send(page.map((n) => notificationEntity(state, n, brand.id)), withLink(link))
    }

    if (method === 'GET' && path === '/api/v1/conversations') {
      const p = pageParams(query, 20)
      const live = state.conversations.filter((c) => state.lastStatusId(c) !== null)
      const page = paginate(live, (c) => state.lastStatusId(c)!, p)
      const next = page.length === p.limit ? state.lastStatusId(page.at(-1)!) : null
      const prev = page.length ? state.lastStatusId(page[0]!) : null
      return send(page.map((c) => conversationEntity(state, c, brand.id)), withLink(linkHeader(origin, path, [['limit', String(p.limit)]], next, prev)))
    }

    if ((m = /^\/api\/v1\/statuses\/([^/]+)\/context$/.exec(path)) && method === 'GET') {
      const status = state.statuses.get(m[1]!)
      if (!state.visible(status, brand.id)) return notFound(res, headers)
      const { ancestors, descendants } = state.context(status.id, brand.id)
      return send({ ancestors: ancestors.map(statusJson), descendants: descendants.map(statusJson) })
    }

    if ((m = /^\/api\/v1\/statuses\/([^/]+)$/.exec(path))) {
      const status = state.statuses.get(m[1]!)
      if (method === 'GET') return state.visible(status, brand.id) ? send(statusJson(status)) : notFound(res, headers)
      if (method === 'DELETE') {
        // Only your own posts: anyone else's is "not found", as on Mastodon.
        if (!status || status.deleted || status.accountId !== brand.id) return notFound(res, headers)
        state.remove(status.id)
        return send({ ...statusJson(status), text: status.text })
      }
    }

    if (method === 'POST' && path === '/api/v1/statuses') return postStatus(req, res, headers)

    if ((m = /^\/api\/v1\/accounts\/([^/]+)\/statuses$/.exec(path)) && method === 'GET') {
      const target = state.accounts.get(m[1]!)
      if (!target) return notFound(res, headers)
      const p = pageParams(query, 20)
      const excludeReplies = query.get('exclude_replies') === 'true'
      const pool = [...state.statuses.values()].filter(
        (s) => s.accountId === target.id && state.visible(s, brand.id) && !(excludeReplies && s.inReplyToId),
      )
      const page = paginate(pool, (s) => s.id, p)
      const link = page.length ? linkHeader(origin, path, [['limit', String(p.limit)]], page.at(-1)!.id, page[0]!.id) : null
      return send(page.map(statusJson), withLink(link))
    }

    if ((m = /^\/api\/v1\/accounts\/([^/]+)\/(block|unblock|mute|unmute)$/.exec(path)) && method === 'POST') {
      const target = state.accounts.get(m[1]!)
      if (!target) return notFound(res, headers)
      const set = m[2]!.endsWith('block') ? state.blocks : state.mutes
      if (m[2]!.startsWith('un')) set.delete(target.id)
      else set.add(target.id)
      return send(relationshipEntity(state, target.id))
    }

    if ((m = /^\/api\/v1\/accounts\/([^/]+)$/.exec(path)) && method === 'GET') {
      const target = state.accounts.get(m[1]!)
      return target ? send(accountEntity(state, target)) : notFound(res, headers)
    }

    sendJson(res, 404, { error: 'Not Found' }, headers)
  }

  const server = await startFakeServer((req, res) => {
    if (req.path.startsWith('/system/') || req.path.startsWith('/headers/')) {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(PNG.length) })
      res.end(PNG)
      return
    }
    if (oauth.handle(req, res)) return
    if (!req.path.startsWith('/api/')) {
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end("<!DOCTYPE html><html><body><h1>The page you are looking for isn't here.</h1></body></html>")
      return
    }
    const { headers, exceeded } = rateHeaders(req)
    // rack-attack answers before the app does, whatever the token.
    if (exceeded) return sendJson(res, 429, { error: 'Too many requests' }, headers)
    if (req.method === 'GET' && (req.path === '/api/v1/instance' || req.path === '/api/v2/instance')) {
      return sendJson(res, 200, { domain: state.localHost, uri: state.localHost, title: 'Lumen test instance', version: oauth.controls.discovery ? MASTODON_VERSION_WITH_PKCE : MASTODON_VERSION_WITHOUT_PKCE, configuration: { statuses: { max_characters: MAX_CHARS } } }, headers)
    }
    const auth = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))
    if (!auth || !tokens.has(auth[1]!.trim())) {
      return sendJson(res, 401, { error: 'The access token is invalid' }, {
        ...headers,
        'WWW-Authenticate': 'Bearer realm="Doorkeeper", error="invalid_token", error_description="The access token is invalid"',
      })
    }
    api(req, res, headers)
  })
  origin = server.url
  if (options.seed !== false) seedStory(state, cast)

  const mentionBrand = (text: string): string => (state.mentionedIn(text).some((a) => a.id === brand.id) ? text : `@${brand.username} ${text}`)

  return {
    ...server,
    state,
    cast,
    brand,
    get token() {
      return currentToken
    },
    oauth: oauth.controls,
    accepts: (token) => tokens.has(token),
    addAccount: (input) => state.addAccount(input),
    addBrandPost: (text, o = {}) => state.createStatus({ accountId: brand.id, text, visibility: o.visibility, createdAt: o.at }, brand.id),
    addMention: (input) =>
      state.createStatus(
        {
          accountId: account(input.from).id,
          text: mentionBrand(input.text),
          html: input.html,
          inReplyToId: input.inReplyTo,
          visibility: input.visibility,
          spoilerText: input.spoilerText,
          media: input.media,
          createdAt: input.at,
        },
        brand.id,
      ),
    addDirectMessage: (input) => {
      const others = (input.to ?? []).map((ref) => `@${state.acct(account(ref))}`).join(' ')
      const text = mentionBrand(others ? `${others} ${input.text}` : input.text)
      return state.createStatus(
        { accountId: account(input.from).id, text, inReplyToId: input.inReplyTo, visibility: 'direct', spoilerText: input.spoilerText, media: input.media, createdAt: input.at },
        brand.id,
      )
    },
    addStatus: (input) =>
      state.createStatus({ accountId: account(input.from).id, text: input.text, inReplyToId: input.inReplyTo, visibility: input.visibility, createdAt: input.at }, brand.id),
    editStatus: (id, newText) => state.edit(id, newText),
    deleteStatus: (id) => state.remove(id),
    revokeToken: () => tokens.delete(currentToken),
    issueToken: (token) => {
      currentToken = token ?? `lumen-token-${tokens.size + 1}-${now()}`
      tokens.add(currentToken)
      return currentToken
    },
    setRateLimit: (limit) => {
      rateLimit = limit
      accountRateLimit = 5 * limit
      windows = new Map()
    },
    statusesPostedBy: (ref) => [...state.statuses.values()].filter((s) => s.accountId === account(ref).id && !s.deleted).sort((a, b) => -byIdDesc(a, b)),
    conversationOf: (statusId) => state.conversations.find((c) => c.statusIds.includes(statusId))?.id,
    blocked: state.blocks,
    muted: state.mutes,
  }
}
