import { ParleyError } from '../../../../shared/contract'
import { fromManifest, type Connector, type ConnectorContext, type ModerationAction } from '../../../model/connector'
import { budgetOfSettings, spendingFrom } from '../budget'
import { currentAccessToken, refreshSession, type SessionEndpoints } from '../oauth-session'
import { RedditApi } from './api'
import { classifyRedditError } from './classify'
import { connectReddit, redditClient, redditOAuth, revokeReddit } from './connect'
import { redditEndpointsFor, userAgentFor } from './endpoints'
import { redditManifest } from './manifest'
import { POST_PREFIX } from './mapping'
import { pollInbox, pollModQueue, pollSubredditComments, type RedditPollDeps } from './poll'
import { RedditRate } from './rate'
import { reconcileReply, sendReply } from './send'

export const REDDIT_STREAMS = [
  { name: 'inbox', intervalMs: 2 * 60_000 },
  { name: 'comments', intervalMs: 3 * 60_000 },
  { name: 'modqueue', intervalMs: 5 * 60_000 },
] as const

interface Session {
  api: RedditApi
  username: string
  subreddits: string[]
  save(): Promise<void>
}

function subredditsOf(settings: Record<string, unknown>): string[] {
  return Array.isArray(settings.subreddits) ? settings.subreddits.filter((s): s is string => typeof s === 'string' && /^\w{2,21}$/.test(s)) : []
}

function sessionFor(ctx: ConnectorContext): Session {
  const { username } = ctx.account.settings
  if (typeof username !== 'string' || !username) throw new ParleyError('unauthorized', 'Parley does not know which Reddit account this is. Sign in again.')
  const { clientId } = ctx.account.secrets
  if (!clientId) throw new ParleyError('unauthorized', 'The Reddit client id is missing from the secret store. Sign in again.')
  const endpoints = redditEndpointsFor(ctx.account.baseUrl)
  const session: SessionEndpoints = { tokenEndpoint: endpoints.token, client: redditClient(clientId), label: 'Reddit' }
  const ledger = typeof ctx.account.settings.ledgerId === 'string' ? ctx.account.settings.ledgerId : null
  const rate = new RedditRate(ledger, ctx.account.settings)
  const now = () => ctx.clock.now()
  const api = new RedditApi(ctx.http, endpoints.apiBase, { token: () => currentAccessToken(ctx, session), refresh: () => refreshSession(ctx, session) }, rate, userAgentFor(username), now)
  return {
    api,
    username,
    subreddits: subredditsOf(ctx.account.settings),
    save: async () => {
      const budget = rate.snapshot(now())
      // Only this key: the engine merges it, so a concurrent send's marks stay.
      if (budget) await ctx.saveSettings({ budget })
    },
  }
}

function moderate(action: ModerationAction, ctx: ConnectorContext): Promise<void> {
  const s = sessionFor(ctx)
  return spendingFrom(s, async () => {
    switch (action.kind) {
      case 'hide':
        // A moderator's removal takes it off the subreddit for everyone; removing twice is harmless, so a retry is too.
        return s.api.remove(action.remoteId, false)
      case 'spam':
        // Removed as spam: Reddit's filters learn from it.
        return s.api.remove(action.remoteId, true)
      case 'block': {
        if (!s.subreddits.length) throw new ParleyError('bad_input', 'Reddit bans people from a subreddit; this account has no subreddits to moderate in Parley. Add them in the account settings.')
        if (action.authorRemoteId === 'deleted') throw new ParleyError('bad_input', 'The author deleted their Reddit account, so there is nobody to ban.')
        for (const subreddit of s.subreddits) await s.api.ban(subreddit, action.authorRemoteId, 'Banned through Parley')
        return
      }
      case 'approve':
        // Out of the mod queue and visible again; approving twice is harmless, so a retry is too.
        return s.api.approve(action.remoteId)
      case 'close': {
        // Locking the post closes its whole comment thread to new comments; locking twice is harmless, so a retry is too.
        if (!action.conversationKey.startsWith(POST_PREFIX)) throw new ParleyError('bad_input', 'Only a comment thread under a Reddit post can be locked; a private message cannot.')
        return s.api.lock(action.conversationKey.slice(POST_PREFIX.length))
      }
      default:
        throw new ParleyError('bad_input', `Reddit does not let a moderator ${action.kind} someone else's comment. Remove it, remove it as spam, approve it, lock its thread, or ban its author instead.`)
    }
  })
}

export const redditConnector: Connector = {
  ...fromManifest(redditManifest),
  streams: REDDIT_STREAMS,

  connect: connectReddit,
  oauth: redditOAuth,
  revoke: revokeReddit,

  async poll(stream, cursor, ctx, options) {
    const s = sessionFor(ctx)
    const deps: RedditPollDeps = { api: s.api.forPolling(), username: s.username, subreddits: s.subreddits }
    return spendingFrom(s, () => {
      if (stream === 'inbox') return pollInbox(deps, cursor, options)
      if (stream === 'comments') return pollSubredditComments(deps, cursor, options)
      if (stream === 'modqueue') return pollModQueue(deps)
      throw new ParleyError('bad_input', `Reddit has no stream called "${stream}".`)
    })
  },

  async send(reply, idempotencyKey, ctx) {
    const s = sessionFor(ctx)
    return spendingFrom(s, () => sendReply(s.api, s.username, reply, idempotencyKey, ctx))
  },

  moderate,

  classifyError: (error, now) => classifyRedditError(error, now ?? Date.now()),

  budget: budgetOfSettings,

  async reconcile(reply, idempotencyKey, ctx) {
    let s: Session
    try {
      s = sessionFor(ctx)
    } catch {
      return { state: 'unknown' }
    }
    return spendingFrom(s, () => reconcileReply(s.api, s.username, reply, idempotencyKey, ctx))
  },
}
