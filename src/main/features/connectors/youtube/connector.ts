import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import { fromManifest, type Connector, type ConnectorContext, type ModerationAction } from '../../../model/connector'
import { youtubeManifest } from './manifest'
import { budgetOfSettings, type MeteredBudget } from '../budget'
import { currentAccessToken, refreshSession, type SessionEndpoints } from '../oauth-session'
import { YouTubeApi } from './api'
import { classifyYouTubeError, googleReason } from './classify'
import { connectYouTube, revokeYouTube, youtubeOAuth } from './connect'
import { endpointsFor } from './endpoints'
import { paceOf, pollComments, pollHeld } from './poll'
import { COST, quotaFor } from './quota'
import { quotaSpent, reconcileReply, sendReply } from './send'

export const STREAMS = [
  { name: 'comments', intervalMs: 5 * 60_000 },
  { name: 'held', intervalMs: 15 * 60_000 },
] as const

interface Session {
  api: YouTubeApi
  budget: MeteredBudget
  channelId: string
  /** Writes the day's count back to the account settings, where the account screen shows it. */
  save(pace?: { intervalMs: number; paceMs: number }): Promise<void>
}

function sessionFor(ctx: ConnectorContext): Session {
  const channelId = ctx.account.settings.channelId
  if (typeof channelId !== 'string' || !channelId) throw new ParleyError('unauthorized', 'Parley does not know which YouTube channel this account is. Sign in again.')
  const { clientId, clientSecret } = ctx.account.secrets
  if (!clientId) throw new ParleyError('unauthorized', 'The Google client id is missing from the secret store. Sign in again.')
  const endpoints = endpointsFor(ctx.account.baseUrl)
  const session: SessionEndpoints = { tokenEndpoint: endpoints.token, client: clientSecret ? { clientId, clientSecret } : { clientId }, label: 'Google' }
  const budget = quotaFor(ctx.account.settings)
  const now = () => ctx.clock.now()
  const api = new YouTubeApi(ctx.http, endpoints.apiBase, { token: () => currentAccessToken(ctx, session), refresh: () => refreshSession(ctx, session) }, budget, now)
  return {
    api,
    budget,
    channelId,
    save: (pace) => ctx.saveSettings({ ...ctx.account.settings, budget: budget.snapshot(now(), pace) }),
  }
}

/** A quotaExceeded answer means Google counted more than Parley did (another app on the project): trust Google. */
async function noteQuota(s: Session, error: unknown, now: number): Promise<void> {
  if (error instanceof HttpError && error.status === 403 && googleReason(error).reason === 'quotaExceeded') s.budget.exhaust(now)
  await s.save().catch(() => undefined)
}

async function moderate(action: ModerationAction, ctx: ConnectorContext): Promise<void> {
  const s = sessionFor(ctx)
  const now = ctx.clock.now()
  if (!s.budget.canSend(COST.setModerationStatus + COST.list, now)) throw quotaSpent(s.budget, now, 'moderation')
  try {
    switch (action.kind) {
      case 'hide':
        // "Rejected" takes the comment off the video for everyone; setting it twice is harmless, so a retry is too.
        return await s.api.setModerationStatus(action.remoteId, 'rejected', false)
      case 'approve':
        // "Published" releases a comment YouTube held for review onto the video.
        return await s.api.setModerationStatus(action.remoteId, 'published', false)
      case 'block': {
        // YouTube bans an author through one of their comments: the newest one Parley can find on the channel.
        const target = await newestCommentBy(s, action.authorRemoteId)
        if (!target) throw new ParleyError('bad_input', 'Parley found no recent comment by this person on the channel; YouTube bans an author only through one of their comments.')
        return await s.api.setModerationStatus(target, 'rejected', true)
      }
      default:
        throw new ParleyError('bad_input', `YouTube cannot ${action.kind} a comment through its API. Hide the comment (reject it), approve a held one, or ban its author instead.`)
    }
  } catch (error) {
    await noteQuota(s, error, ctx.clock.now())
    throw error
  } finally {
    await s.save().catch(() => undefined)
  }
}

async function newestCommentBy(s: Session, authorId: string): Promise<string | null> {
  for (const held of [false, true]) {
    const page = await s.api.threads({ channelId: s.channelId, heldForReview: held, maxResults: 100 })
    for (const t of page.items) {
      const top = t.snippet.topLevelComment
      if (top.snippet.authorChannelId?.value === authorId) return top.id
      const replies = (t.replies?.comments ?? []) as { id?: string; snippet?: { authorChannelId?: { value?: string } } }[]
      const reply = replies.find((r) => r.snippet?.authorChannelId?.value === authorId)
      if (reply?.id) return reply.id
    }
  }
  return null
}

export const youtubeConnector: Connector = {
  ...fromManifest(youtubeManifest),
  streams: STREAMS,

  connect: connectYouTube,
  oauth: youtubeOAuth,
  revoke: revokeYouTube,

  async poll(stream, cursor, ctx, options) {
    const s = sessionFor(ctx)
    const deps = { api: s.api.forPolling(), budget: s.budget, channelId: s.channelId, now: () => ctx.clock.now() }
    const spec = STREAMS.find((x) => x.name === stream)
    if (!spec) throw new ParleyError('bad_input', `YouTube has no stream called "${stream}".`)
    try {
      const result = stream === 'comments' ? await pollComments(deps, cursor, options, spec.intervalMs) : await pollHeld(deps, spec.intervalMs)
      await s.save({ intervalMs: spec.intervalMs, paceMs: paceOf(result.nextCursor) ?? spec.intervalMs })
      return result
    } catch (error) {
      await noteQuota(s, error, ctx.clock.now())
      throw error
    }
  },

  async send(reply, _idempotencyKey, ctx) {
    const s = sessionFor(ctx)
    try {
      return await sendReply(s.api, s.budget, s.channelId, reply, ctx.clock.now())
    } catch (error) {
      await noteQuota(s, error, ctx.clock.now())
      throw error
    } finally {
      await s.save().catch(() => undefined)
    }
  },

  moderate,

  classifyError: (error, now) => classifyYouTubeError(error, now ?? Date.now()),

  minIntervalMs: (cursor) => paceOf(cursor),

  budget: budgetOfSettings,

  async reconcile(reply, _idempotencyKey, ctx) {
    let s: Session
    try {
      s = sessionFor(ctx)
    } catch {
      return { state: 'unknown' }
    }
    const result = await reconcileReply(s.api, s.budget, s.channelId, reply, ctx.clock.now())
    await s.save().catch(() => undefined)
    return result
  },
}
