// Test infrastructure: the YouTube Data API v3 and Google's OAuth endpoints on loopback, for connector
// tests and end-to-end runs; never imported by the app. Answers follow tests/fixtures/youtube/youtube-v3.json.
import type { ServerResponse } from 'node:http'
import { sendJson, startFakeServer, type FakeServer, type RecordedRequest } from '../testing/fake-http'
import { createFakeOAuth2, type FakeOAuth2 } from '../testing/fake-oauth2'
import { seedYouTube, YT_BRAND } from './fake-seed'
import { FAKE_COSTS, FakeYouTubeState, type FakeChannel, type FakeComment, type ModerationStatus } from './fake-store'

export { YT_BRAND, YT_CAST } from './fake-seed'
export type { FakeComment, FakeChannel } from './fake-store'

export const FAKE_YT_CLIENT_ID = 'parley-test.apps.googleusercontent.com'
export const FAKE_YT_CLIENT_SECRET = 'GOCSPX-fake-installed-app'

export interface YouTubeFakeOptions {
  seed?: boolean
  now?: () => number
  /** Units the fake's project may spend a day before it answers quotaExceeded (YouTube's default 10,000). */
  quota?: number
  /** Extra channels the signed-in Google account manages (channels.list mine=true lists them all). */
  extraChannels?: FakeChannel[]
}

export interface YouTubeFake extends FakeServer {
  readonly state: FakeYouTubeState
  readonly oauth: FakeOAuth2
  /** A valid access token, issued up front. */
  readonly tokens: { accessToken: string; refreshToken: string }
  addComment(input: Parameters<FakeYouTubeState['addComment']>[0]): FakeComment
  /** Every JSON body the fake answered with, by method: what the conformance test checks against the discovery document. */
  readonly answers: { method: string; status: number; body: unknown }[]
  setQuota(units: number): void
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

export function commentResource(c: FakeComment, withStatus: boolean): Record<string, unknown> {
  const snippet: Record<string, unknown> = {
    channelId: c.channelId,
    videoId: c.videoId,
    textDisplay: c.text,
    textOriginal: c.text,
    authorDisplayName: c.author.handle,
    authorProfileImageUrl: c.author.avatar ?? `https://yt3.ggpht.example/${c.author.id}=s48`,
    authorChannelUrl: c.author.url ?? `http://www.youtube.com/${c.author.handle}`,
    authorChannelId: { value: c.author.id },
    canRate: true,
    viewerRating: 'none',
    likeCount: c.likeCount,
    publishedAt: iso(c.publishedAt),
    updatedAt: iso(c.updatedAt),
  }
  if (c.parentId) snippet.parentId = c.parentId
  // YouTube leaves moderationStatus out when comments were asked for by id.
  if (withStatus) snippet.moderationStatus = c.moderationStatus
  return { kind: 'youtube#comment', etag: `etag-${c.id}`, id: c.id, snippet }
}

function googleError(code: number, reason: string, message: string, domain = 'youtube.commentThread'): Record<string, unknown> {
  const status = code === 401 ? 'UNAUTHENTICATED' : code === 403 ? 'PERMISSION_DENIED' : code === 404 ? 'NOT_FOUND' : 'INVALID_ARGUMENT'
  return { error: { code, message, errors: [{ message, domain, reason }], status } }
}

const QUOTA_MESSAGE = 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.'

function pageOf<T>(all: T[], req: RecordedRequest, defaultSize: number): { items: T[]; nextPageToken?: string } {
  const size = Math.min(100, Math.max(1, Number(req.query.get('maxResults') ?? defaultSize) || defaultSize))
  const start = Number(Buffer.from(req.query.get('pageToken') ?? '', 'base64url').toString() || '0') || 0
  const items = all.slice(start, start + size)
  return start + size < all.length ? { items, nextPageToken: Buffer.from(String(start + size)).toString('base64url') } : { items }
}

export async function startYouTubeFake(options: YouTubeFakeOptions = {}): Promise<YouTubeFake> {
  const now = options.now ?? (() => Date.now())
  const state = new FakeYouTubeState(YT_BRAND, now)
  if (options.seed !== false) seedYouTube(state, now())
  const oauth = createFakeOAuth2({ clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, rotateRefreshTokens: false, accessTtlSeconds: 3599, now })
  const tokens = oauth.issue()
  const answers: YouTubeFake['answers'] = []
  let quota = options.quota ?? 10_000

  const answer = (res: ServerResponse, method: string, status: number, body: unknown) => {
    answers.push({ method, status, body })
    sendJson(res, status, body)
  }

  /** Charges the call like YouTube (an invalid request still costs), then says whether it may run. */
  const charge = (res: ServerResponse, method: string, cost: number): boolean => {
    if (state.unitsUsed + cost > quota) {
      answer(res, method, 403, googleError(403, 'quotaExceeded', QUOTA_MESSAGE, 'youtube.quota'))
      return false
    }
    state.unitsUsed += cost
    return true
  }

  const authorised = (req: RecordedRequest, res: ServerResponse, method: string): boolean => {
    const token = /^Bearer\s+(.+)$/.exec(String(req.headers.authorization ?? ''))?.[1] ?? ''
    if (oauth.accepts(token)) return true
    answer(res, method, 401, {
      error: {
        code: 401,
        message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
        status: 'UNAUTHENTICATED',
      },
    })
    return false
  }

  const threadResource = (top: FakeComment) => {
    const replies = state.replies(top.id)
    const thread: Record<string, unknown> = {
      kind: 'youtube#commentThread',
      etag: `etag-t-${top.id}`,
      id: top.id,
      snippet: {
        channelId: top.channelId,
        videoId: top.videoId,
        topLevelComment: commentResource(top, true),
        canReply: true,
        totalReplyCount: replies.length,
        isPublic: true,
      },
    }
    // Like YouTube, a thread carries only a few of its replies; comments.list has them all.
    if (replies.length) thread.replies = { comments: replies.slice(0, 5).map((r) => commentResource(r, true)) }
    return thread
  }

  const route = (req: RecordedRequest, res: ServerResponse): void => {
    const { method, path, query } = req
    if (method === 'GET' && path === '/o/oauth2/v2/auth') return oauth.authorize(req, res)
    if (method === 'POST' && path === '/token') return oauth.token(req, res)
    if (method === 'POST' && path === '/revoke') return oauth.revoke(req, res)

    if (method === 'GET' && path === '/youtube/v3/channels') {
      if (!authorised(req, res, 'channels.list') || !charge(res, 'channels.list', FAKE_COSTS.list)) return
      if (query.get('mine') !== 'true') return answer(res, 'channels.list', 400, googleError(400, 'missingRequiredParameter', 'No filter selected.', 'youtube.parameter'))
      const channels = [state.brand, ...(options.extraChannels ?? [])]
      return answer(res, 'channels.list', 200, {
        kind: 'youtube#channelListResponse',
        etag: 'etag-channels',
        items: channels.map((c) => ({
          kind: 'youtube#channel',
          etag: `etag-${c.id}`,
          id: c.id,
          snippet: { title: c.title, description: '', customUrl: c.handle, publishedAt: '2019-03-01T10:00:00Z' },
        })),
      })
    }

    if (method === 'GET' && path === '/youtube/v3/commentThreads') {
      if (!authorised(req, res, 'commentThreads.list') || !charge(res, 'commentThreads.list', FAKE_COSTS.list)) return
      if (query.get('allThreadsRelatedToChannelId') !== state.brand.id) {
        return answer(res, 'commentThreads.list', 403, googleError(403, 'forbidden', 'The comment thread could not be retrieved because the request is not properly authorized.'))
      }
      const status = (query.get('moderationStatus') ?? 'published') as ModerationStatus
      const page = pageOf(state.threads(status), req, 20)
      return answer(res, 'commentThreads.list', 200, {
        kind: 'youtube#commentThreadListResponse',
        etag: 'etag-threads',
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
        items: page.items.map(threadResource),
      })
    }

    if (method === 'GET' && path === '/youtube/v3/comments') {
      if (!authorised(req, res, 'comments.list') || !charge(res, 'comments.list', FAKE_COSTS.list)) return
      const parentId = query.get('parentId') ?? ''
      if (!state.comments.has(parentId)) return answer(res, 'comments.list', 404, googleError(404, 'parentCommentNotFound', 'The parent comment could not be found.', 'youtube.comment'))
      const page = pageOf(state.replies(parentId), req, 20)
      return answer(res, 'comments.list', 200, {
        kind: 'youtube#commentListResponse',
        etag: 'etag-comments',
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
        items: page.items.map((c) => commentResource(c, false)),
      })
    }

    if (method === 'POST' && path === '/youtube/v3/comments') {
      if (!authorised(req, res, 'comments.insert') || !charge(res, 'comments.insert', FAKE_COSTS.insert)) return
      let body: { snippet?: { parentId?: unknown; textOriginal?: unknown } } = {}
      try {
        body = JSON.parse(req.body) as typeof body
      } catch {
        return answer(res, 'comments.insert', 400, googleError(400, 'parseError', 'Parse Error', 'global'))
      }
      const parentId = typeof body.snippet?.parentId === 'string' ? body.snippet.parentId : ''
      const text = typeof body.snippet?.textOriginal === 'string' ? body.snippet.textOriginal : ''
      const parent = state.comments.get(parentId)
      if (!parent) return answer(res, 'comments.insert', 404, googleError(404, 'parentCommentNotFound', 'The parent comment could not be found.', 'youtube.comment'))
      if (parent.parentId) return answer(res, 'comments.insert', 400, googleError(400, 'operationNotSupported', 'Replies can only answer a top-level comment.', 'youtube.comment'))
      if (!text.trim()) return answer(res, 'comments.insert', 400, googleError(400, 'commentTextRequired', 'The comment resource must contain a snippet.textOriginal value.', 'youtube.comment'))
      const created = state.addComment({ author: state.brand, text, parentId })
      return answer(res, 'comments.insert', 200, commentResource(created, true))
    }

    if (method === 'POST' && path === '/youtube/v3/comments/setModerationStatus') {
      if (!authorised(req, res, 'comments.setModerationStatus') || !charge(res, 'comments.setModerationStatus', FAKE_COSTS.setModerationStatus)) return
      const status = query.get('moderationStatus') ?? ''
      const banAuthor = query.get('banAuthor') === 'true'
      if (!['published', 'heldForReview', 'rejected'].includes(status)) {
        return answer(res, 'comments.setModerationStatus', 400, googleError(400, 'invalidModerationStatus', 'The moderation status is invalid.', 'youtube.comment'))
      }
      if (banAuthor && status !== 'rejected') {
        return answer(res, 'comments.setModerationStatus', 400, googleError(400, 'banWithoutReject', 'banAuthor can only be used with moderationStatus rejected.', 'youtube.comment'))
      }
      const ids = (query.get('id') ?? '').split(',').filter(Boolean)
      for (const id of ids) {
        const c = state.comments.get(id)
        if (!c) return answer(res, 'comments.setModerationStatus', 404, googleError(404, 'commentNotFound', 'The comment could not be found.', 'youtube.comment'))
        c.moderationStatus = status as ModerationStatus
        state.moderation.push({ id, status, banAuthor })
        if (banAuthor) state.banned.add(c.author.id)
      }
      answers.push({ method: 'comments.setModerationStatus', status: 204, body: null })
      res.writeHead(204)
      return void res.end()
    }

    sendJson(res, 404, googleError(404, 'notFound', `No route for ${method} ${path}`, 'global'))
  }

  const server = await startFakeServer(route)
  return Object.assign(server, {
    state,
    oauth,
    tokens,
    answers,
    addComment: (input: Parameters<FakeYouTubeState['addComment']>[0]) => state.addComment(input),
    setQuota: (units: number) => {
      quota = units
    },
  })
}
