// Test infrastructure: a Bluesky PDS + AppView + chat service in one; never imported by the app.
import type { ServerResponse } from 'node:http'
import { sendJson, startFakeServer, type FakeServer, type RecordedRequest } from '../testing/fake-http'
import { err, FakeAuth, ok, type Grant, type Reply } from './fake-auth'
import { BRAND, PEOPLE, seed } from './fake-data'
import { FakeState, type FakeMessage, type FakeProfile, type FakeRecord } from './fake-state'
import { isTid } from './tid'
import { CHAT_PROXY } from './xrpc'

export interface BlueskyFakeOptions {
  /** The app password that signs in (default 'lumn-4pp2-pass-w0rd'). */
  appPassword?: string
  /** App password made with "Allow access to your direct messages" (default true). */
  privileged?: boolean
  /** createSession calls allowed before 429 (small, so a login-per-poll bug shows). */
  createSessionCap?: number
  /** The real status of a duplicate rkey is undocumented: 400 InvalidRequest (default) or a bare 500. */
  duplicateRkeyStatus?: 400 | 500
  /** getLog entries carry relatedProfiles (default true; older servers left them out). */
  logRelatedProfiles?: boolean
  /** A password that gets AuthFactorTokenRequired (an account with email 2FA, signing in with its main password). */
  twoFactorPassword?: string
  seed?: boolean
}

type Handler = (req: RecordedRequest, auth: Grant | null) => Reply | Promise<Reply>

const LOG_PAGE = 50
const WINDOW_S = 300
const LIMIT = 3000

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

function unb64<T>(value: string | null): T | null {
  if (!value) return null
  try {
    return JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as T
  } catch {
    return null
  }
}

export type BlueskyFake = FakeServer & ReturnType<typeof controls>

export async function startBlueskyFake(options: BlueskyFakeOptions = {}): Promise<BlueskyFake> {
  const state = new FakeState(BRAND.did)
  if (options.seed !== false) seed(state)
  else state.addProfile(BRAND)
  const auth = new FakeAuth(options)
  const routes = buildRoutes(state, auth, options)
  let windowStart = Math.floor(Date.now() / 1000)
  let used = 0

  const server = await startFakeServer(async (req, res) => {
    const nowS = Math.floor(Date.now() / 1000)
    if (nowS >= windowStart + WINDOW_S) {
      windowStart = nowS
      used = 0
    }
    used++
    const rate = {
      'RateLimit-Limit': String(LIMIT),
      'RateLimit-Remaining': String(Math.max(0, LIMIT - used)),
      'RateLimit-Reset': String(windowStart + WINDOW_S),
      'RateLimit-Policy': `${LIMIT};w=${WINDOW_S}`,
    }
    const nsid = req.path.startsWith('/xrpc/') ? req.path.slice(6) : ''
    const route = routes[nsid]
    let reply: Reply
    if (!route) reply = err(501, 'MethodNotImplemented', 'Method Not Implemented')
    else {
      const grant = route.public ? null : auth.check(req)
      if (grant && 'status' in grant) reply = grant
      else if (nsid.startsWith('chat.bsky.') && grant && !auth.privileged(grant)) reply = err(400, 'InvalidToken', 'Bad token method')
      else if (nsid.startsWith('chat.bsky.') && req.headers['atproto-proxy'] !== CHAT_PROXY) {
        // Our pick: the PDS has no chat methods of its own, so a chat call it cannot route is refused.
        reply = err(400, 'InvalidRequest', `No service configured for ${nsid}`)
      } else reply = await route.handle(req, grant)
    }
    send(res, reply, rate)
  })
  // defineProperties, not Object.assign: the call counters are live getters.
  return Object.defineProperties(server, Object.getOwnPropertyDescriptors(controls(state, auth))) as BlueskyFake
}

function send(res: ServerResponse, reply: Reply, rate: Record<string, string>): void {
  const headers = { ...rate, ...reply.headers }
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers)
    res.end()
  } else sendJson(res, reply.status, reply.body, headers)
}

function profileView(p: FakeProfile): Record<string, unknown> {
  return { did: p.did, handle: p.handle, ...(p.displayName ? { displayName: p.displayName } : {}), ...(p.avatar ? { avatar: p.avatar } : {}), labels: [], createdAt: '2023-04-01T00:00:00.000Z' }
}

function buildRoutes(state: FakeState, auth: FakeAuth, options: BlueskyFakeOptions): Record<string, { public?: boolean; handle: Handler }> {
  const body = (req: RecordedRequest): Record<string, unknown> => {
    try {
      const value = JSON.parse(req.body || '{}') as unknown
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
    } catch {
      return {}
    }
  }
  const author = (did: string) => profileView(state.profiles.get(did) ?? { did, handle: 'handle.invalid' })
  const postView = (r: FakeRecord) => ({
    $type: 'app.bsky.feed.defs#postView',
    uri: r.uri,
    cid: r.cid,
    author: author(r.did),
    record: r.value,
    replyCount: state.posts().filter((p) => (p.value.reply as { parent?: { uri?: string } } | undefined)?.parent?.uri === r.uri).length,
    repostCount: 0,
    likeCount: 0,
    quoteCount: 0,
    indexedAt: r.indexedAt,
    labels: [],
    viewer: {},
  })
  const threadView = (r: FakeRecord, depth: number, height: number): Record<string, unknown> => {
    const view: Record<string, unknown> = { $type: 'app.bsky.feed.defs#threadViewPost', post: postView(r) }
    const parentUri = (r.value.reply as { parent?: { uri?: string } } | undefined)?.parent?.uri
    const parent = parentUri ? state.records.get(parentUri) : undefined
    if (height > 0 && parentUri) view.parent = parent ? threadView(parent, 0, height - 1) : { $type: 'app.bsky.feed.defs#notFoundPost', uri: parentUri, notFound: true }
    if (depth > 0) {
      view.replies = state
        .posts()
        .filter((p) => (p.value.reply as { parent?: { uri?: string } } | undefined)?.parent?.uri === r.uri)
        .map((p) => threadView(p, depth - 1, 0))
    }
    return view
  }
  const messageView = (m: FakeMessage) => ({ $type: 'chat.bsky.convo.defs#messageView', id: m.id, rev: m.rev, text: m.text, ...(m.facets ? { facets: m.facets } : {}), sender: { did: m.senderDid }, sentAt: m.sentAt })
  const chatProfile = (did: string) => ({ ...author(did), $type: 'chat.bsky.actor.defs#profileViewBasic' })
  const convoView = (id: string) => {
    const convo = state.convos.get(id)!
    const last = state.messages.filter((m) => m.convoId === id).at(-1)
    return { id, rev: convo.rev, members: convo.memberDids.map(chatProfile), ...(last ? { lastMessage: messageView(last) } : {}), muted: false, status: 'accepted', unreadCount: 0, kind: { $type: 'chat.bsky.convo.defs#directConvo' } }
  }
  const limitOf = (req: RecordedRequest, dflt: number) => {
    const n = Number(req.query.get('limit') ?? dflt)
    return Number.isInteger(n) && n >= 1 && n <= 100 ? n : null
  }

  return {
    'com.atproto.server.createSession': {
      public: true,
      handle: (req) => {
        const { identifier, password } = body(req)
        if (typeof identifier !== 'string' || typeof password !== 'string') return err(400, 'InvalidRequest', 'Input must have the property "identifier"')
        const profile = state.actor(identifier)
        const reply = auth.createSession(identifier, password, profile?.did === BRAND.did ? profile.did : undefined)
        if (reply.status !== 200) return reply
        return ok({ ...(reply.body as object), did: BRAND.did, handle: BRAND.handle, email: 'social@lumenbikes.example', emailConfirmed: true, active: true })
      },
    },
    'com.atproto.server.refreshSession': {
      public: true,
      handle: (req) => {
        const out = auth.rotate(req)
        if ('status' in out) return out
        return ok({ ...out.tokens, did: out.grant.did, handle: BRAND.handle, active: true })
      },
    },
    'com.atproto.server.getSession': { handle: (_req, grant) => ok({ did: grant!.did, handle: BRAND.handle, active: true }) },
    'com.atproto.identity.resolveHandle': {
      public: true,
      handle: (req) => {
        const profile = state.actor(req.query.get('handle') ?? '')
        return profile ? ok({ did: profile.did }) : err(400, 'InvalidRequest', 'Unable to resolve handle')
      },
    },
    'app.bsky.actor.getProfile': {
      handle: (req) => {
        const profile = state.actor(req.query.get('actor') ?? '')
        if (!profile) return err(400, 'InvalidRequest', 'Profile not found')
        return ok({ ...profileView(profile), description: '', followersCount: 1204, followsCount: 87, postsCount: state.posts().filter((p) => p.did === profile.did).length, indexedAt: '2024-01-01T00:00:00.000Z' })
      },
    },
    'app.bsky.notification.listNotifications': {
      handle: (req) => {
        const limit = limitOf(req, 50)
        if (limit === null) return err(400, 'InvalidRequest', 'limit must be between 1 and 100')
        const reasons = req.query.getAll('reasons')
        const after = unb64<{ t: string; u: string }>(req.query.get('cursor'))
        const all = state.notifications
          .filter((n) => !reasons.length || reasons.includes(n.reason))
          .sort((a, b) => (a.indexedAt === b.indexedAt ? b.uri.localeCompare(a.uri) : b.indexedAt.localeCompare(a.indexedAt)))
          // Older only: the cursor never returns anything newer than where it was made.
          .filter((n) => !after || n.indexedAt < after.t || (n.indexedAt === after.t && n.uri.localeCompare(after.u) < 0))
        const page = all.slice(0, limit)
        const last = page.at(-1)
        const notifications = page.map((n) => {
          const post = state.records.get(n.uri)!
          return { uri: n.uri, cid: post.cid, author: author(post.did), reason: n.reason, ...(n.reasonSubject ? { reasonSubject: n.reasonSubject } : {}), record: post.value, isRead: false, indexedAt: n.indexedAt, labels: [] }
        })
        return ok({ notifications, ...(last && all.length > limit ? { cursor: b64({ t: last.indexedAt, u: last.uri }) } : {}), priority: false })
      },
    },
    'app.bsky.feed.getPosts': {
      handle: (req) => {
        const uris = req.query.getAll('uris')
        if (uris.length > 25) return err(400, 'InvalidRequest', 'uris must not have more than 25 elements')
        return ok({ posts: uris.map((u) => state.records.get(u)).filter((r): r is FakeRecord => !!r && r.collection === 'app.bsky.feed.post').map(postView) })
      },
    },
    'app.bsky.feed.getPostThread': {
      handle: (req) => {
        const post = state.records.get(req.query.get('uri') ?? '')
        if (!post) return err(400, 'NotFound', `Post not found: ${req.query.get('uri')}`)
        return ok({ thread: threadView(post, Number(req.query.get('depth') ?? 6), Number(req.query.get('parentHeight') ?? 80)) })
      },
    },
    'com.atproto.repo.getRecord': {
      public: true,
      handle: (req) => {
        const repo = state.actor(req.query.get('repo') ?? '')
        const record = repo ? state.recordAt(repo.did, req.query.get('collection') ?? '', req.query.get('rkey') ?? '') : undefined
        if (!record) return err(400, 'RecordNotFound', `Could not locate record: at://${req.query.get('repo')}/${req.query.get('collection')}/${req.query.get('rkey')}`)
        return ok({ uri: record.uri, cid: record.cid, value: record.value })
      },
    },
    'com.atproto.repo.createRecord': {
      handle: (req, grant) => {
        const input = body(req)
        const repo = state.actor(String(input.repo ?? ''))
        if (!repo || repo.did !== grant!.did) return err(401, 'AuthRequired', 'Authentication Required')
        const collection = String(input.collection ?? '')
        const record = input.record as Record<string, unknown> | undefined
        if (!record || record.$type !== collection) return err(400, 'InvalidRequest', `Invalid ${collection} record: Record/$type must be ${collection}`)
        if (collection === 'app.bsky.feed.post') {
          const bad = invalidPost(record)
          if (bad) return err(400, 'InvalidRequest', `Invalid app.bsky.feed.post record: ${bad}`)
        }
        const rkey = typeof input.rkey === 'string' ? input.rkey : state.nextTid()
        if (!isTid(rkey)) return err(400, 'InvalidRequest', `Invalid record key: ${rkey}`)
        if (state.recordAt(repo.did, collection, rkey)) {
          // The MST refuses the write; its status is undocumented (see duplicateRkeyStatus).
          return options.duplicateRkeyStatus === 500 ? err(500, 'InternalServerError', 'Internal Server Error') : err(400, 'InvalidRequest', `There is already a value at key: ${collection}/${rkey}`)
        }
        const written = state.putRecord(repo.did, collection, rkey, record)
        return ok({ uri: written.uri, cid: written.cid, commit: { cid: written.cid, rev: state.nextTid() }, validationStatus: 'valid' })
      },
    },
    'com.atproto.repo.putRecord': {
      handle: (req, grant) => {
        const input = body(req)
        const collection = String(input.collection ?? '')
        const rkey = String(input.rkey ?? '')
        if (input.repo !== grant!.did && state.actor(String(input.repo))?.did !== grant!.did) return err(401, 'AuthRequired', 'Authentication Required')
        const current = state.recordAt(grant!.did, collection, rkey)
        if (typeof input.swapRecord === 'string' && current?.cid !== input.swapRecord) return err(400, 'InvalidSwap', `Record was at ${current?.cid ?? 'null'}`)
        const record = input.record as Record<string, unknown> | undefined
        if (!record || record.$type !== collection) return err(400, 'InvalidRequest', `Invalid ${collection} record: Record/$type must be ${collection}`)
        if (collection === 'app.bsky.feed.threadgate' && Array.isArray(record.hiddenReplies) && record.hiddenReplies.length > 300) {
          return err(400, 'InvalidRequest', 'Invalid app.bsky.feed.threadgate record: Record/hiddenReplies must not have more than 300 elements')
        }
        const written = state.putRecord(grant!.did, collection, rkey, record)
        return ok({ uri: written.uri, cid: written.cid, validationStatus: 'valid' })
      },
    },
    'com.atproto.repo.deleteRecord': {
      handle: (req, grant) => {
        const input = body(req)
        if (input.repo !== grant!.did) return err(401, 'AuthRequired', 'Authentication Required')
        state.records.delete(`at://${grant!.did}/${String(input.collection)}/${String(input.rkey)}`)
        return ok({ commit: { cid: 'bafyreicommit', rev: state.nextTid() } })
      },
    },
    'app.bsky.graph.muteActor': {
      handle: (req) => {
        const actor = state.actor(String(body(req).actor ?? ''))
        if (!actor) return err(400, 'InvalidRequest', 'Actor not found')
        state.mutes.add(actor.did)
        return { status: 200 }
      },
    },
    'chat.bsky.convo.getLog': {
      handle: (req) => {
        const cursor = req.query.get('cursor')
        const latest = state.log.at(-1)?.rev ?? ''
        // Without a cursor: where the log is now (the Bluesky app starts polling from there).
        if (!cursor) return ok({ cursor: latest, logs: [] })
        const page = state.log.filter((l) => l.rev > cursor).slice(0, LOG_PAGE)
        const logs = page.map((l) => {
          if (l.type === 'begin') return { $type: 'chat.bsky.convo.defs#logBeginConvo', rev: l.rev, convoId: l.convoId }
          const m = state.messages.find((x) => x.id === l.messageId)!
          const related = options.logRelatedProfiles === false ? {} : { relatedProfiles: [chatProfile(m.senderDid)] }
          return { $type: 'chat.bsky.convo.defs#logCreateMessage', rev: l.rev, convoId: l.convoId, message: messageView(m), ...related }
        })
        return ok({ cursor: page.at(-1)?.rev ?? cursor, logs })
      },
    },
    'chat.bsky.convo.listConvos': {
      handle: (req) => {
        const limit = limitOf(req, 50)
        if (limit === null) return err(400, 'InvalidRequest', 'limit must be between 1 and 100')
        const before = req.query.get('cursor')
        const all = [...state.convos.values()].sort((a, b) => b.rev.localeCompare(a.rev)).filter((c) => !before || c.rev < before)
        const page = all.slice(0, limit)
        return ok({ convos: page.map((c) => convoView(c.id)), ...(all.length > limit ? { cursor: page.at(-1)!.rev } : {}) })
      },
    },
    'chat.bsky.convo.getConvo': {
      handle: (req) => (state.convos.has(req.query.get('convoId') ?? '') ? ok({ convo: convoView(req.query.get('convoId')!) }) : err(400, 'InvalidConvo', 'Convo not found')),
    },
    'chat.bsky.convo.getMessages': {
      handle: (req) => {
        const convoId = req.query.get('convoId') ?? ''
        if (!state.convos.has(convoId)) return err(400, 'InvalidConvo', 'Convo not found')
        const limit = limitOf(req, 50)
        if (limit === null) return err(400, 'InvalidRequest', 'limit must be between 1 and 100')
        const before = req.query.get('cursor')
        const all = state.messages.filter((m) => m.convoId === convoId && (!before || m.rev < before)).sort((a, b) => b.rev.localeCompare(a.rev))
        const page = all.slice(0, limit)
        return ok({ messages: page.map(messageView), ...(all.length > limit ? { cursor: page.at(-1)!.rev } : {}) })
      },
    },
    'chat.bsky.convo.sendMessage': {
      handle: (req, grant) => {
        const input = body(req)
        const convoId = String(input.convoId ?? '')
        if (!state.convos.has(convoId)) return err(400, 'InvalidConvo', 'Convo not found')
        const message = input.message as { text?: unknown; facets?: unknown[] } | undefined
        if (typeof message?.text !== 'string' || !message.text) return err(400, 'InvalidRequest', 'Input/message/text is required')
        const sent = state.message(convoId, grant!.did, message.text)
        if (Array.isArray(message.facets)) sent.facets = message.facets
        return ok(messageView(sent))
      },
    },
    'chat.bsky.convo.deleteMessageForSelf': {
      handle: (req, grant) => {
        const input = body(req)
        const message = state.messages.find((m) => m.convoId === input.convoId && m.id === input.messageId)
        if (!message) return err(400, 'InvalidRequest', 'Message not found')
        state.deletedForSelf.add(message.id)
        return ok({ $type: 'chat.bsky.convo.defs#deletedMessageView', id: message.id, rev: message.rev, sender: { did: grant!.did }, sentAt: message.sentAt })
      },
    },
  }
}

/** The lexicon rules a reply post must pass on a real PDS, the ones a connector could get wrong. */
function invalidPost(record: Record<string, unknown>): string | null {
  if (typeof record.text !== 'string') return 'Record/text must be a string'
  if (Buffer.byteLength(record.text, 'utf8') > 3000) return 'Record/text must not be longer than 3000 bytes'
  if (typeof record.createdAt !== 'string' || !Number.isFinite(Date.parse(record.createdAt))) return 'Record/createdAt must be an valid atproto datetime'
  const reply = record.reply as { root?: { uri?: unknown; cid?: unknown }; parent?: { uri?: unknown; cid?: unknown } } | undefined
  if (reply) {
    for (const key of ['root', 'parent'] as const) {
      if (typeof reply[key]?.uri !== 'string' || typeof reply[key]?.cid !== 'string') return `Record/reply/${key} must be a strongRef`
    }
  }
  if (record.facets !== undefined && !Array.isArray(record.facets)) return 'Record/facets must be an array'
  for (const facet of (record.facets as { features?: { $type?: string; did?: unknown }[] }[] | undefined) ?? []) {
    for (const f of facet.features ?? []) if (f.$type === 'app.bsky.richtext.facet#mention' && (typeof f.did !== 'string' || !f.did.startsWith('did:'))) return 'Record/facets/features/did must be a did'
  }
  return null
}

/** What tests use to change the world and look at it. */
function controls(state: FakeState, auth: FakeAuth) {
  const profileOf = (from: string | FakeProfile): FakeProfile => {
    if (typeof from !== 'string') return state.profiles.get(from.did) ?? state.addProfile(from)
    const found = from in PEOPLE ? PEOPLE[from as keyof typeof PEOPLE] : state.actor(from)
    if (!found) throw new Error(`unknown fake profile ${from}`)
    return found
  }
  return {
    brand: BRAND,
    people: PEOPLE,
    state,
    get createSessionCalls() {
      return auth.createSessionCalls
    },
    get refreshCalls() {
      return auth.refreshCalls
    },
    /** `from`: a key of PEOPLE ('zoe'), a handle, a DID, or a new profile. */
  /** A new post by the brand; returns its at-uri. */
    brandPost(text: string): string {
      return state.post(BRAND.did, text).uri
    },
    /** A reply to `toPost` (an at-uri); notifies the brand when it answers the brand's post or thread. */
    addReply({ from, text, toPost, facets }: { from: string | FakeProfile; text: string; toPost: string; facets?: unknown[] }): string {
      const parent = state.records.get(toPost)
      if (!parent) throw new Error(`no post ${toPost}`)
      const post = state.post(profileOf(from).did, text, { reply: parent, facets })
      if (state.replyNotifiesBrand(post)) state.notify(post, 'reply')
      return post.uri
    },
    addMention({ from, text }: { from: string | FakeProfile; text?: string }): string {
      const body = text ?? `Hey @${BRAND.handle}, quick question about sizing.`
      const at = body.indexOf(`@${BRAND.handle}`)
      const facets = at < 0 ? undefined : [{ index: { byteStart: Buffer.byteLength(body.slice(0, at)), byteEnd: Buffer.byteLength(body.slice(0, at)) + Buffer.byteLength(`@${BRAND.handle}`) }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: BRAND.did }] }]
      const post = state.post(profileOf(from).did, body, { facets })
      state.notify(post, 'mention')
      return post.uri
    },
    addQuote({ from, text, quoting }: { from: string | FakeProfile; text: string; quoting: string }): string {
      const quoted = state.records.get(quoting)
      if (!quoted) throw new Error(`no post ${quoting}`)
      const post = state.post(profileOf(from).did, text, { embed: { $type: 'app.bsky.embed.record', record: { uri: quoted.uri, cid: quoted.cid } } })
      state.notify(post, 'quote', quoted.uri)
      return post.uri
    },
    /** A DM to the brand; the convo is created (with a logBeginConvo) when new. */
    addChatMessage({ convoId, from, text }: { convoId: string; from: string | FakeProfile; text: string }): FakeMessage {
      const sender = profileOf(from)
      state.convo(convoId, [BRAND.did, sender.did])
      return state.message(convoId, sender.did, text)
    },
    messagesOf(convoId: string): FakeMessage[] {
      return state.messages.filter((m) => m.convoId === convoId)
    },
    /** Every access JWT issued so far now answers ExpiredToken. */
    expireAccessTokens(): void {
      for (const grant of auth.access.values()) grant.expired = true
    },
    expireRefreshTokens(): void {
      for (const entry of auth.refresh.values()) if (entry.state === 'live') entry.state = 'expired'
    },
    /** Signs every session out (access and refresh JWTs stop working); the app password still logs in. */
    revokeSessions(): void {
      auth.access.clear()
      for (const entry of auth.refresh.values()) entry.state = 'used'
    },
    /** The user deleted the app password in Bluesky's settings. */
    revokeAppPassword(): void {
      for (const p of auth.passwords.values()) p.revoked = true
    },
    setPrivileged(privileged: boolean): void {
      for (const p of auth.passwords.values()) p.privileged = privileged
    },
    /** Records in the brand's repo of one collection. */
    recordsOf(collection: string): FakeRecord[] {
      return [...state.records.values()].filter((r) => r.did === BRAND.did && r.collection === collection)
    },
    mutes(): string[] {
      return [...state.mutes]
    },
  }
}
