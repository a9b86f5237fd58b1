// Test infrastructure: Reddit's API and its OAuth endpoints on loopback, for connector tests and
// end-to-end runs; never imported by the app. Answers follow the recorded ones in tests/fixtures/reddit.
import type { ServerResponse } from 'node:http'
import { sendJson, startFakeServer, type FakeServer, type RecordedRequest } from '../testing/fake-http'
import { createFakeOAuth2, type FakeOAuth2 } from '../testing/fake-oauth2'
import { REDDIT_BRAND, REDDIT_SUBREDDIT, seedReddit } from './fake-seed'
import { FakeRedditState, type FakeComment, type FakeMessage } from './fake-store'

export { REDDIT_BRAND, REDDIT_CAST, REDDIT_SUBREDDIT } from './fake-seed'
export type { FakeComment, FakeMessage, FakePost } from './fake-store'

export const FAKE_REDDIT_CLIENT_ID = 'p-jcoLKBynTLew'

export interface RedditFakeOptions {
  seed?: boolean
  now?: () => number
  /** Requests per ten-minute window before 429 (Reddit: about 1,000 for an OAuth app). */
  rateLimit?: number
  /** The redirect URI registered with the app: Reddit refuses any other, exactly. */
  redirectUri?: string
}

export interface RedditFake extends FakeServer {
  readonly state: FakeRedditState
  readonly oauth: FakeOAuth2
  readonly tokens: { accessToken: string; refreshToken: string }
  /** Every answer to an API call, for the shape check against the recorded ones. */
  readonly answers: { operation: string; status: number; body: unknown }[]
  setRateLimit(limit: number): void
  setRedirectUri(uri: string | null): void
}

const WINDOW_MS = 10 * 60_000
const seconds = (ms: number) => Math.floor(ms / 1000)

function md(body: string): string {
  const escaped = body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
  return `<!-- SC_OFF --><div class="md"><p>${escaped}</p>\n</div><!-- SC_ON -->`
}

export async function startRedditFake(options: RedditFakeOptions = {}): Promise<RedditFake> {
  const now = options.now ?? (() => Date.now())
  const state = new FakeRedditState(REDDIT_BRAND, new Set([REDDIT_SUBREDDIT]), now)
  if (options.seed !== false) seedReddit(state, now())
  const oauth = createFakeOAuth2({ clientId: FAKE_REDDIT_CLIENT_ID, rotateRefreshTokens: false, accessTtlSeconds: 86_400, now })
  const tokens = oauth.issue()
  const answers: RedditFake['answers'] = []
  let limit = options.rateLimit ?? 1000
  let registered = options.redirectUri ?? null
  let window = { start: now(), used: 0 }
  const brand = state.brand.toLowerCase()
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

  /** A comment as subreddit and user listings show it (TestSubredditListings.test_comments). */
  const commentObject = (c: FakeComment) => {
    const post = state.posts.get(c.postId)!
    return {
      kind: 't1',
      data: {
        subreddit_id: `t5_${c.subreddit.length.toString(36)}x`,
        link_title: post.title,
        banned_by: c.removed ? state.brand : null,
        removal_reason: null,
        link_id: `t3_${post.id}`,
        link_author: post.author,
        likes: null,
        replies: '',
        user_reports: [],
        saved: false,
        id: c.id,
        gilded: 0,
        archived: false,
        stickied: false,
        author: c.author,
        parent_id: c.parentId,
        score: 1,
        approved_by: c.approved ? state.brand : null,
        over_18: false,
        controversiality: 0,
        body: c.body,
        edited: false,
        downs: 0,
        body_html: md(c.body),
        subreddit: c.subreddit,
        name: `t1_${c.id}`,
        score_hidden: false,
        num_reports: 0,
        created: seconds(c.createdAt),
        created_utc: seconds(c.createdAt),
        ups: 1,
        mod_reports: [],
        distinguished: null,
      },
    }
  }

  /** A comment or message as the inbox shows it (TestInbox.test_all). */
  const inboxComment = (c: FakeComment, type: string) => {
    const post = state.posts.get(c.postId)!
    return {
      kind: 't1',
      data: {
        first_message: null,
        first_message_name: null,
        subreddit: c.subreddit,
        likes: null,
        replies: '',
        author_fullname: `t2_${c.author.length.toString(36)}a`,
        id: c.id,
        subject: type === 'username_mention' ? 'username mention' : type.replace('_', ' '),
        score: 1,
        author: c.author,
        num_comments: 1,
        parent_id: c.parentId,
        subreddit_name_prefixed: `r/${c.subreddit}`,
        new: true,
        type,
        body: c.body,
        link_title: post.title,
        dest: state.brand,
        was_comment: true,
        body_html: md(c.body),
        name: `t1_${c.id}`,
        created: seconds(c.createdAt),
        created_utc: seconds(c.createdAt),
        context: `/r/${c.subreddit}/comments/${post.id}/_/${c.id}/?context=3`,
        distinguished: null,
      },
    }
  }

  const messageObject = (m: FakeMessage) => ({
    kind: 't4',
    data: {
      first_message: m.firstMessage ? parseInt(m.firstMessage.slice(3), 36) : null,
      first_message_name: m.firstMessage,
      subreddit: null,
      likes: null,
      replies: '',
      author_fullname: `t2_${m.author.length.toString(36)}a`,
      id: m.id,
      subject: m.subject,
      score: 0,
      author: m.author,
      num_comments: null,
      parent_id: m.parentId,
      subreddit_name_prefixed: null,
      new: true,
      type: 'unknown',
      body: m.body,
      dest: m.dest,
      was_comment: false,
      body_html: md(m.body),
      name: `t4_${m.id}`,
      created: seconds(m.createdAt),
      created_utc: seconds(m.createdAt),
      context: '',
      distinguished: null,
    },
  })

  const replyType = (c: FakeComment): string | null => {
    // Comments the spam filter holds in the mod queue notify nobody.
    if (same(c.author, brand) || c.spam || c.queued) return null
    const parentAuthor = state.authorOf(c.parentId)
    if (parentAuthor && same(parentAuthor, brand)) return c.parentId.startsWith('t3_') ? 'post_reply' : 'comment_reply'
    if (new RegExp(`(^|[^\\w])/?u/${brand}\\b`, 'i').test(c.body)) return 'username_mention'
    return null
  }

  type Child = { kind: string; data: { name: string } }
  const listing = (req: RecordedRequest, all: Child[], inbox = false) => {
    const size = Math.min(100, Math.max(1, Number(req.query.get('limit') ?? 25) || 25))
    const from = req.query.get('after')
    let start = 0
    if (from) {
      const at = all.findIndex((c) => c.data.name === from)
      // Reddit answers an empty page when the item to page after is gone.
      start = at < 0 ? all.length : at + 1
    }
    const children = all.slice(start, start + size)
    const more = start + size < all.length
    const after = more ? children.at(-1)!.data.name : null
    // As recorded: inbox listings carry dist and geo_filter, the older subreddit and user listings do not.
    return { kind: 'Listing', data: inbox ? { after, dist: children.length, modhash: null, geo_filter: '', children, before: null } : { modhash: null, children, after, before: null } }
  }

  const rateHeaders = (): { headers: Record<string, string>; exhausted: boolean } => {
    const t = now()
    if (t - window.start >= WINDOW_MS) window = { start: t, used: 0 }
    const exhausted = window.used >= limit
    if (!exhausted) window.used += 1
    return {
      exhausted,
      headers: {
        'x-ratelimit-used': String(window.used),
        'x-ratelimit-remaining': `${Math.max(0, limit - window.used)}.0`,
        'x-ratelimit-reset': String(Math.max(0, Math.ceil((window.start + WINDOW_MS - t) / 1000))),
      },
    }
  }

  const answer = (res: ServerResponse, operation: string, status: number, body: unknown, headers: Record<string, string> = {}) => {
    answers.push({ operation, status, body })
    sendJson(res, status, body, headers)
  }

  const authorize = (req: RecordedRequest, res: ServerResponse) => {
    const uri = req.query.get('redirect_uri') ?? ''
    if (registered && uri !== registered) return sendJson(res, 400, { error: 'invalid_request', error_description: 'invalid redirect_uri parameter.' })
    if (req.query.get('duration') !== 'permanent') return sendJson(res, 400, { error: 'invalid_request', error_description: 'duration must be permanent for a refresh token.' })
    return oauth.authorize(req, res)
  }

  const route = (req: RecordedRequest, res: ServerResponse): void => {
    const { method } = req
    // Reddit answers with or without the trailing slash.
    const path = req.path.length > 1 ? req.path.replace(/\/$/, '') : req.path
    if (method === 'GET' && path === '/api/v1/authorize') return authorize(req, res)
    if (method === 'POST' && path === '/api/v1/access_token') return oauth.token(req, res)
    if (method === 'POST' && path === '/api/v1/revoke_token') {
      oauth.revoke(req, res)
      return
    }

    const operation = `${method} ${path.replace(/^\/r\/[^/]+/, '/r/{sr}').replace(/^\/user\/[^/]+/, '/user/{name}')}`
    const token = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? ''
    if (!oauth.accepts(token)) return answer(res, operation, 401, { message: 'Unauthorized', error: 401 })
    const rate = rateHeaders()
    if (rate.exhausted) return answer(res, operation, 429, { message: 'Too Many Requests', error: 429 }, rate.headers)
    const reply = (status: number, body: unknown) => answer(res, operation, status, body, rate.headers)
    const form = new URLSearchParams(req.body)
    const errors = (...list: [string, string, string | null][]) => reply(200, { json: { errors: list } })

    if (method === 'GET' && path === '/api/v1/me') return reply(200, { is_employee: false, has_mail: false, name: state.brand, created: 1284640285.0, created_utc: 1284611485.0, is_mod: true, id: '4cixf', has_verified_email: true, inbox_count: 0 })

    if (method === 'GET' && path.startsWith('/message/')) {
      const box = path.slice('/message/'.length)
      const replies = (types: string[]) => state.newestComments((c) => types.includes(replyType(c) ?? '')).map((c) => inboxComment(c, replyType(c)!))
      const received = () => state.newestMessages((m) => same(m.dest, brand)).map(messageObject)
      if (box === 'comments') return reply(200, listing(req, replies(['comment_reply', 'post_reply']), true))
      if (box === 'mentions') return reply(200, listing(req, replies(['username_mention']), true))
      if (box === 'messages') return reply(200, listing(req, received(), true))
      if (box === 'sent') return reply(200, listing(req, state.newestMessages((m) => same(m.author, brand)).map(messageObject), true))
      if (box === 'inbox') {
        const all = [...replies(['comment_reply', 'post_reply', 'username_mention']), ...received()]
        const seq = (c: { data: { id: string } }) => parseInt(c.data.id, 36)
        return reply(200, listing(req, all.sort((a, b) => seq(b) - seq(a)), true))
      }
    }

    let m = /^\/r\/([^/]+)\/comments$/.exec(path)
    if (method === 'GET' && m) {
      const subs = m[1]!.toLowerCase().split('+')
      return reply(200, listing(req, state.newestComments((c) => subs.includes(c.subreddit.toLowerCase()) && !c.removed).map(commentObject)))
    }

    m = /^\/r\/([^/]+)\/about\/modqueue$/.exec(path)
    if (method === 'GET' && m) {
      const subs = m[1]!.toLowerCase().split('+')
      if (subs.some((s) => ![...state.moderates].some((x) => same(x, s)))) return reply(403, { message: 'Forbidden', error: 403 })
      return reply(200, listing(req, state.newestComments((c) => subs.includes(c.subreddit.toLowerCase()) && c.queued && !c.approved && !c.removed).map(commentObject)))
    }

    m = /^\/user\/([^/]+)\/comments$/.exec(path)
    if (method === 'GET' && m) {
      const who = m[1]!
      return reply(200, listing(req, state.newestComments((c) => same(c.author, who)).map(commentObject)))
    }

    if (method === 'POST' && path === '/api/comment') {
      const thing = form.get('thing_id') ?? ''
      const text = form.get('text') ?? ''
      if (!text.trim()) return errors(['NO_TEXT', 'we need something here', 'text'])
      if (text.length > 10_000) return errors(['TOO_LONG', 'this is too long (max: 10000)', 'text'])
      const [kind, id] = thing.split('_') as [string, string | undefined]
      if (kind === 't4') {
        const parent = id ? state.messages.get(id) : undefined
        if (!parent) return errors(['NO_THING_ID', 'id not specified', 'parent'])
        const to = same(parent.author, brand) ? parent.dest : parent.author
        const sent = state.addMessage({ author: state.brand, dest: to, subject: '', body: text, replyTo: parent })
        return reply(200, { json: { errors: [], data: { things: [messageObject(sent)] } } })
      }
      const post = kind === 't3' && id ? state.posts.get(id) : kind === 't1' && id ? state.posts.get(state.comments.get(id)?.postId ?? '') : undefined
      const parentComment = kind === 't1' && id ? state.comments.get(id) : undefined
      if (!post || (kind === 't1' && !parentComment)) return errors(['DELETED_COMMENT', 'that comment has been deleted', 'parent'])
      if (post.locked || parentComment?.locked) return errors(['THREAD_LOCKED', 'Comments are locked.', 'parent'])
      const created = state.addComment({ post, parentId: thing, author: state.brand, body: text })
      // As recorded: the new comment without the post's title, author and age rating.
      const { link_title: _t, link_author: _a, over_18: _o, ...data } = commentObject(created).data
      return reply(200, { json: { errors: [], data: { things: [{ kind: 't1', data }] } } })
    }

    if (method === 'POST' && path === '/api/compose') {
      const to = (form.get('to') ?? '').replace(/^\/?u\//i, '')
      if (!to) return errors(['NO_USER', 'please enter a username', 'to'])
      if (!form.get('subject')) return errors(['NO_SUBJECT', 'please enter a subject', 'subject'])
      if (!form.get('text')) return errors(['NO_TEXT', 'we need something here', 'text'])
      state.addMessage({ author: state.brand, dest: to, subject: form.get('subject')!, body: form.get('text')! })
      return reply(200, { json: { errors: [] } })
    }

    m = /^\/api\/(remove|approve|lock)$/.exec(path)
    if (method === 'POST' && m) {
      const [kind, id] = (form.get('id') ?? '').split('_') as [string, string | undefined]
      const comment = kind === 't1' && id ? state.comments.get(id) : undefined
      const post = kind === 't3' && id ? state.posts.get(id) : undefined
      const target = comment ?? post
      const sub = comment?.subreddit ?? post?.subreddit
      // Reddit answers 403 to a moderation outside the subreddits one moderates.
      if (!target || !sub || ![...state.moderates].some((x) => same(x, sub))) return reply(403, { message: 'Forbidden', error: 403 })
      if (m[1] === 'remove' && comment) {
        comment.removed = true
        comment.spam = form.get('spam') === 'true' || form.get('spam') === 'True'
      }
      if (m[1] === 'approve' && comment) {
        comment.approved = true
        comment.removed = false
        comment.spam = false
      }
      if (m[1] === 'lock') target.locked = true
      return reply(200, {})
    }

    m = /^\/r\/([^/]+)\/api\/friend$/.exec(path)
    if (method === 'POST' && m) {
      const sub = m[1]!
      if (![...state.moderates].some((x) => same(x, sub))) return reply(403, { message: 'Forbidden', error: 403 })
      if (form.get('type') !== 'banned') return errors(['INVALID_OPTION', 'that option is not valid', 'type'])
      const name = form.get('name') ?? ''
      if (!name) return errors(['USER_DOESNT_EXIST', "that user doesn't exist", 'name'])
      const set = state.banned.get(sub.toLowerCase()) ?? new Set<string>()
      set.add(name.toLowerCase())
      state.banned.set(sub.toLowerCase(), set)
      return reply(200, { json: { errors: [] } })
    }

    reply(404, { message: 'Not Found', error: 404 })
  }

  const server = await startFakeServer(route)
  const extra = {
    state,
    oauth,
    tokens,
    answers,
    setRateLimit: (n: number) => {
      limit = n
    },
    setRedirectUri: (uri: string | null) => {
      registered = uri
    },
  }
  return Object.defineProperties(server, Object.getOwnPropertyDescriptors(extra)) as RedditFake
}
