import { ParleyError } from '../../../../shared/contract'
import { HttpError, safeHost } from '../../../base/http'
import { fromManifest, type Connector, type ConnectorContext, type ModerationAction } from '../../../model/connector'
import { mastodonManifest } from './manifest'
import { MastodonApi } from './api'
import { classifyMastodonError } from './classify'
import { connectMastodon } from './connect'
import { createMastodonOAuth, revokeMastodon } from './oauth'
import { pollConversations } from './conversations'
import type { MappingContext } from './mapping'
import { pollNotifications } from './notifications'
import { mastodonReplyEnvelope, reconcileReply, sendReply } from './send'

function apiFor(ctx: ConnectorContext): MastodonApi {
  const token = ctx.account.secrets.accessToken
  if (!token) throw new ParleyError('unauthorized', 'The Mastodon access token is missing from the secret store. Reconnect the account.')
  return new MastodonApi(ctx.http, ctx.account.baseUrl, token)
}

/** The brand's account id comes from connect(); an account stored without it looks it up once. */
async function mappingFor(ctx: ConnectorContext, api: MastodonApi): Promise<MappingContext> {
  const host = safeHost(ctx.account.baseUrl)
  const stored = ctx.account.settings.accountId
  if (typeof stored === 'string' && stored) return { host, brandId: stored }
  const me = await api.verifyCredentials()
  await ctx.saveSettings({ ...ctx.account.settings, accountId: me.id, acct: me.acct })
  return { host, brandId: me.id }
}

async function moderate(action: ModerationAction, ctx: ConnectorContext): Promise<void> {
  const api = apiFor(ctx)
  switch (action.kind) {
    case 'block':
    case 'mute':
      return api.accountAction(action.authorRemoteId, action.kind)
    case 'delete':
      try {
        return await api.deleteStatus(action.remoteId)
      } catch (error) {
        // Already gone is what the user wanted.
        if (error instanceof HttpError && error.status === 404) return
        throw error
      }
    case 'hide':
      throw new ParleyError('bad_input', 'Mastodon has no way to hide a reply to your post. Block or mute the author instead, or report the post to the instance.')
    case 'spam':
      throw new ParleyError('bad_input', 'Mastodon has no spam folder; Parley keeps its own spam mark. Block or mute the author instead, or report the post to the instance.')
  }
}

export const mastodonConnector: Connector = {
  // Sign-in through the browser first (oauth.ts); connect() still takes a pasted token: { instance, token }.
  ...fromManifest(mastodonManifest),
  streams: [
    { name: 'notifications', intervalMs: 60_000 },
    { name: 'conversations', intervalMs: 120_000 },
  ],

  connect: connectMastodon,

  oauth: createMastodonOAuth(),

  revoke: revokeMastodon,

  async poll(stream, cursor, ctx, options) {
    const api = apiFor(ctx)
    const mapping = await mappingFor(ctx, api)
    if (stream === 'notifications') return pollNotifications(api, mapping, cursor, ctx.clock.now(), options)
    if (stream === 'conversations') return pollConversations(api, mapping, cursor, options)
    throw new ParleyError('bad_input', `Mastodon has no stream called "${stream}".`)
  },

  async send(reply, idempotencyKey, ctx) {
    const api = apiFor(ctx)
    return sendReply(api, await mappingFor(ctx, api), reply, idempotencyKey)
  },

  replyEnvelope: mastodonReplyEnvelope,

  moderate,

  classifyError: (error, now) => classifyMastodonError(error, now ?? Date.now()),

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
