import { ParleyError } from '../../../../shared/contract'
import { fromManifest, type Connector, type ConnectorContext } from '../../../model/connector'
import { blueskyManifest } from './manifest'
import { BlueskyApi } from './api'
import { connectBluesky } from './connect'
import { classifyBlueskyError } from './errors'


/** @atproto/api takes most of a second to load: only once a Bluesky account polls or sends, not at start. */
const runtime = (): Promise<typeof import('./runtime')> => import('./runtime')

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
  ...fromManifest(blueskyManifest),
  streams: [
    { name: 'notifications', intervalMs: 60_000 },
    { name: 'chat', intervalMs: 60_000 },
  ],
  connect: connectBluesky,
  async poll(stream, cursor, ctx, options) {
    const { pollChat, pollNotifications } = await runtime()
    if (stream === 'notifications') return pollNotifications(api(ctx), cursor, options)
    if (stream === 'chat') return pollChat(api(ctx), cursor, options)
    throw new ParleyError('bad_input', `Bluesky has no stream "${stream}".`)
  },
  send: async (reply, idempotencyKey, ctx) => (await runtime()).sendReply(api(ctx), reply, idempotencyKey),
  moderate: async (action, ctx) => (await runtime()).moderate(api(ctx), action),
  classifyError: (error) => classifyBlueskyError(error, Date.now()),
  reconcile: async (reply, idempotencyKey, ctx) => (await runtime()).reconcileReply(api(ctx), reply, idempotencyKey),
}
