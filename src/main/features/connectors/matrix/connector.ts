import { ParleyError } from '../../../../shared/contract'
import { fromManifest, type Connector, type ConnectorContext } from '../../../model/connector'
import { MatrixApi } from './api'
import { classifyMatrixError } from './classify'
import { connectMatrix } from './connect'
import { matrixManifest } from './manifest'
import type { MatrixIdentity } from './mapping'
import { moderateMatrix } from './moderate'
import { reconcileReply, sendReply } from './send'
import { pollSync } from './sync'

function apiFor(ctx: ConnectorContext): MatrixApi {
  const token = ctx.account.secrets.accessToken
  if (!token) throw new ParleyError('unauthorized', 'The Matrix access token is missing from the secret store. Reconnect the account.')
  return new MatrixApi(ctx.http, ctx.account.baseUrl, token)
}

/** The brand's user id from connect(); an account stored without it asks whoami once. */
async function identityFor(ctx: ConnectorContext, api: MatrixApi): Promise<MatrixIdentity> {
  const stored = ctx.account.settings.userId
  if (typeof stored === 'string' && stored) return { userId: stored, baseUrl: ctx.account.baseUrl }
  const who = await api.whoami()
  await ctx.saveSettings({ userId: who.user_id, deviceId: who.device_id ?? null })
  return { userId: who.user_id, baseUrl: ctx.account.baseUrl }
}

function pickedRooms(ctx: ConnectorContext): string[] {
  const rooms = ctx.account.settings.rooms
  return Array.isArray(rooms) ? rooms.filter((r): r is string => typeof r === 'string') : []
}

export const matrixConnector: Connector = {
  // A password sign-in (or a pasted access token); label, capabilities and connect fields are in manifest.ts.
  ...fromManifest(matrixManifest),
  // One /sync brings every room, invitation and DM; Synapse's default limits allow far more.
  streams: [{ name: 'sync', intervalMs: 30_000 }],

  connect: connectMatrix,

  async poll(stream, cursor, ctx, options) {
    if (stream !== 'sync') throw new ParleyError('bad_input', `Matrix has no stream called "${stream}".`)
    const api = apiFor(ctx)
    return pollSync(api, await identityFor(ctx, api), { rooms: pickedRooms(ctx) }, cursor, options)
  },

  async send(reply, idempotencyKey, ctx) {
    const api = apiFor(ctx)
    return sendReply(api, await identityFor(ctx, api), reply, idempotencyKey, ctx.clock.now())
  },

  moderate: (action, ctx) => moderateMatrix(apiFor(ctx), action, pickedRooms(ctx)),

  classifyError: (error, now) => classifyMatrixError(error, now ?? Date.now()),

  async reconcile(reply, idempotencyKey, ctx) {
    const api = apiFor(ctx)
    let me: MatrixIdentity
    try {
      me = await identityFor(ctx, api)
    } catch {
      return { state: 'unknown' }
    }
    return reconcileReply(api, me, reply, idempotencyKey)
  },
}
