import { ParleyError } from '../../../../shared/contract'
import { fromManifest, type Connector, type ConnectorContext, type ModerationAction } from '../../../model/connector'
import { xManifest } from './manifest'
import { budgetOfSettings, spendingFrom, type MeteredBudget } from '../budget'
import { currentAccessToken, refreshSession, type SessionEndpoints } from '../oauth-session'
import { XApi } from './api'
import { capFor } from './cap'
import { classifyXError } from './classify'
import { connectX, revokeX, xClient, xOAuth } from './connect'
import { xEndpointsFor } from './endpoints'
import { paceOf, pollDms, pollMentions, pollReplies, type XPollDeps } from './poll'
import { reconcileReply, sendReply, type Brand } from './send'

/** Every request is billed, so the intervals are long: about 8,600 requests a month with all three. */
export const X_STREAMS = [
  { name: 'mentions', intervalMs: 15 * 60_000 },
  { name: 'replies', intervalMs: 30 * 60_000 },
  { name: 'dms', intervalMs: 15 * 60_000 },
] as const

interface Session {
  api: XApi
  budget: MeteredBudget
  brand: Brand
  save(pace?: { intervalMs: number; paceMs: number }): Promise<void>
}

function sessionFor(ctx: ConnectorContext): Session {
  const { userId, username } = ctx.account.settings
  if (typeof userId !== 'string' || typeof username !== 'string') throw new ParleyError('unauthorized', 'Parley does not know which X account this is. Sign in again.')
  const { clientId, clientSecret } = ctx.account.secrets
  if (!clientId) throw new ParleyError('unauthorized', 'The X client id is missing from the secret store. Sign in again.')
  const endpoints = xEndpointsFor(ctx.account.baseUrl)
  // Rotated refresh tokens are saved to the vault by refreshSession (through ctx.saveSecrets).
  const session: SessionEndpoints = { tokenEndpoint: endpoints.token, client: xClient(clientId, clientSecret), label: 'X' }
  const budget = capFor(ctx.account.settings)
  const now = () => ctx.clock.now()
  const api = new XApi(ctx.http, endpoints.apiBase, { token: () => currentAccessToken(ctx, session), refresh: () => refreshSession(ctx, session) }, budget, now)
  return {
    api,
    budget,
    brand: { userId, username },
    save: (pace) => ctx.saveSettings({ ...ctx.account.settings, budget: budget.snapshot(now(), pace) }),
  }
}

function moderate(action: ModerationAction, ctx: ConnectorContext): Promise<void> {
  const s = sessionFor(ctx)
  return spendingFrom(s, async () => {
    switch (action.kind) {
      case 'hide':
        // Hiding twice is harmless, so a retry is too.
        return s.api.hideReply(action.remoteId)
      case 'mute':
        return s.api.mute(s.brand.userId, action.authorRemoteId)
      case 'block':
        throw new ParleyError('bad_input', "X's API has no way to block an account (only to block its direct messages). Mute them or hide their replies instead.")
      default:
        throw new ParleyError('bad_input', `X cannot ${action.kind} someone else's post through its API. Hide the reply or mute its author instead.`)
    }
  })
}

export const xConnector: Connector = {
  ...fromManifest(xManifest),
  streams: X_STREAMS,

  connect: connectX,
  oauth: xOAuth,
  revoke: revokeX,

  async poll(stream, cursor, ctx, options) {
    const s = sessionFor(ctx)
    const spec = X_STREAMS.find((x) => x.name === stream)
    if (!spec) throw new ParleyError('bad_input', `X has no stream called "${stream}".`)
    const deps: XPollDeps = {
      api: s.api.forPolling(),
      budget: s.budget,
      userId: s.brand.userId,
      username: s.brand.username,
      now: () => ctx.clock.now(),
      searchUnavailable: ctx.account.settings.searchUnavailable === true,
      markSearchUnavailable: () => ctx.saveSettings({ ...ctx.account.settings, searchUnavailable: true }),
    }
    return spendingFrom(s, async () => {
      const run = stream === 'mentions' ? pollMentions : stream === 'replies' ? pollReplies : pollDms
      const result = await run(deps, cursor, options, spec.intervalMs)
      await s.save({ intervalMs: spec.intervalMs, paceMs: paceOf(result.nextCursor) ?? spec.intervalMs })
      return result
    })
  },

  async send(reply, _idempotencyKey, ctx) {
    const s = sessionFor(ctx)
    return spendingFrom(s, () => sendReply(s.api, s.brand, reply, ctx.clock.now()))
  },

  moderate,

  classifyError: (error, now) => classifyXError(error, now ?? Date.now()),

  minIntervalMs: (cursor) => paceOf(cursor),

  budget: budgetOfSettings,

  async reconcile(reply, _idempotencyKey, ctx) {
    let s: Session
    try {
      s = sessionFor(ctx)
    } catch {
      return { state: 'unknown' }
    }
    return spendingFrom(s, () => reconcileReply(s.api, s.brand, reply))
  },
}
