import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import { fromManifest, type Connector, type ConnectorContext } from '../../../model/connector'
import { discourseManifest } from './manifest'
import { DiscourseApi, type DiscourseAuth } from './api'
import { classifyDiscourseError } from './classify'
import { connectDiscourse } from './connect'
import type { MappingContext } from './mapping'
import { moderateDiscourse } from './moderation'
import { pollNotifications } from './notifications'
import { pollTopicLists, type TopicList } from './poll-topics'
import { pollReviewQueue } from './review'
import { reconcileReply, sendReply } from './send'
import { discourseSignIn } from './sign-in'

function authFor(ctx: ConnectorContext): DiscourseAuth {
  const { secrets, settings } = ctx.account
  if (secrets.userApiKey) return { kind: 'user', userApiKey: secrets.userApiKey }
  const username = typeof settings.username === 'string' ? settings.username : ''
  if (!secrets.apiKey || !username) throw new ParleyError('unauthorized', 'The forum API key is missing from the secret store. Reconnect the account.')
  return { kind: 'admin', apiKey: secrets.apiKey, username }
}

function apiFor(ctx: ConnectorContext): DiscourseApi {
  return new DiscourseApi(ctx.http, ctx.account.baseUrl, authFor(ctx))
}

/** The brand's user id comes from connect(); an account stored without it looks it up once. */
async function mappingFor(ctx: ConnectorContext, api: DiscourseApi): Promise<MappingContext> {
  const stored = ctx.account.settings.userId
  if (typeof stored === 'number') return { baseUrl: ctx.account.baseUrl, brandUserId: stored }
  const me = await api.currentUser()
  await ctx.saveSettings({ ...ctx.account.settings, userId: me.id, username: me.username })
  return { baseUrl: ctx.account.baseUrl, brandUserId: me.id }
}

/** Watched categories and tags (or the whole forum's latest topics when none were picked), then the account's private messages. */
function topicLists(settings: Record<string, unknown>): TopicList[] {
  const picked = Array.isArray(settings.categories) ? (settings.categories as { slug?: unknown; id?: unknown }[]) : []
  const tags = Array.isArray(settings.tags) ? (settings.tags as unknown[]).filter((t): t is string => typeof t === 'string') : []
  const paths = [
    ...picked.flatMap((c) => (typeof c.slug === 'string' && typeof c.id === 'number' ? [`/c/${encodeURIComponent(c.slug)}/${c.id}.json`] : [])),
    ...tags.map((tag) => `/tag/${encodeURIComponent(tag)}.json`),
  ]
  const lists: TopicList[] = (paths.length ? paths : ['/latest.json']).map((path) => ({ path, kind: 'comment' }))
  const username = typeof settings.username === 'string' ? settings.username : ''
  if (username) lists.push({ path: `/topics/private-messages/${encodeURIComponent(username)}.json`, kind: 'dm' })
  return lists
}

/** The topics stream's cursor: the topic lists' and the review queue's, each opaque to the other. */
function splitCursor(raw: string | null): { topics: string | null; review: string | null } {
  try {
    const value = raw ? (JSON.parse(raw) as { topics?: unknown; review?: unknown }) : {}
    return { topics: typeof value.topics === 'string' ? value.topics : null, review: typeof value.review === 'string' ? value.review : null }
  } catch {
    return { topics: null, review: null }
  }
}

export const discourseConnector: Connector = {
  ...fromManifest(discourseManifest),
  // Discourse's default max_post_length.
  // Discourse allows 60 requests a minute per key by default; these intervals stay well inside.
  streams: [
    { name: 'notifications', intervalMs: 60_000 },
    { name: 'topics', intervalMs: 120_000 },
  ],

  connect: connectDiscourse,
  oauth: discourseSignIn,

  async poll(stream, cursor, ctx, options) {
    const api = apiFor(ctx)
    const mapping = await mappingFor(ctx, api)
    if (stream === 'notifications') return pollNotifications(api, mapping, cursor, options)
    if (stream === 'topics') {
      // One stream for watched topics, private messages and the review queue: a rate limit pauses them together.
      const parts = splitCursor(cursor)
      const topics = await pollTopicLists(api, mapping, topicLists(ctx.account.settings), parts.topics, options)
      const review = await pollReviewQueue(api, mapping, ctx.account.settings.staff === true, parts.review, options)
      return {
        items: [...topics.items, ...review.items],
        nextCursor: JSON.stringify({ topics: topics.nextCursor ?? parts.topics, review: review.nextCursor ?? parts.review }),
        more: topics.more || review.more || undefined,
      }
    }
    throw new ParleyError('bad_input', `Discourse has no stream called "${stream}".`)
  },

  async send(reply, _idempotencyKey, ctx) {
    const api = apiFor(ctx)
    return sendReply(api, await mappingFor(ctx, api), reply)
  },

  moderate: (action, ctx) => moderateDiscourse(apiFor(ctx), action, ctx),

  /** A key from "Sign in with the forum" is Parley's own: withdrawn when the account goes. An admin-issued key stays the admin's. */
  async revoke(ctx) {
    const auth = authFor(ctx)
    if (auth.kind !== 'user') return
    try {
      await new DiscourseApi(ctx.http, ctx.account.baseUrl, auth).revokeUserApiKey()
    } catch (error) {
      // Revoked already (the forum no longer knows the key): what removal wanted.
      if (error instanceof HttpError && (error.status === 403 || error.status === 404)) return
      throw error
    }
  },

  classifyError: (error, now) => classifyDiscourseError(error, now ?? Date.now()),

  async reconcile(reply, _idempotencyKey, ctx) {
    const api = apiFor(ctx)
    let mapping: MappingContext
    try {
      mapping = await mappingFor(ctx, api)
    } catch {
      return { state: 'unknown' }
    }
    return reconcileReply(api, mapping, reply)
  },
}
