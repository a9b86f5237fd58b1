import { ParleyError } from '../../../shared/contract'
import type { Capability, Connector, ConnectorContext } from '../types'
import { BlueskyApi } from './api'
import { pollChat } from './chat'
import { connectBluesky } from './connect'
import { classifyBlueskyError } from './errors'
import { moderate } from './moderation'
import { pollNotifications } from './notifications'
import { reconcileReply, sendReply } from './send'

const capabilities: ReadonlySet<Capability> = new Set<Capability>(['mentions', 'comments', 'dms', 'reply', 'reply_dm', 'hide', 'block', 'mute', 'delete', 'like'])

/** One BlueskyApi (one session: at most one login) per poll, send or action. */
function api(ctx: ConnectorContext): BlueskyApi {
  return new BlueskyApi(ctx)
}

/**
 * Bluesky over XRPC with an app password. DMs need an app password made with
 * "Allow access to your direct messages"; without one the chat stream stays
 * empty and settings.dmAccess is false (see DM_ACCESS_MESSAGE).
 */
export const blueskyConnector: Connector = {
  platform: 'bluesky',
  label: 'Bluesky',
  authKind: 'app_password',
  capabilities,
  streams: [
    { name: 'notifications', intervalMs: 60_000 },
    { name: 'chat', intervalMs: 60_000 },
  ],
  connect: connectBluesky,
  poll(stream, cursor, ctx, options) {
    if (stream === 'notifications') return pollNotifications(api(ctx), cursor, options)
    if (stream === 'chat') return pollChat(api(ctx), cursor, options)
    return Promise.reject(new ParleyError('bad_input', `Bluesky has no stream "${stream}".`))
  },
  send: (reply, idempotencyKey, ctx) => sendReply(api(ctx), reply, idempotencyKey),
  moderate: (action, ctx) => moderate(api(ctx), action),
  classifyError: (error) => classifyBlueskyError(error, Date.now()),
  reconcile: (reply, idempotencyKey, ctx) => reconcileReply(api(ctx), reply, idempotencyKey),
}
