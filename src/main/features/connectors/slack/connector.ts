import { ParleyError } from '../../../../shared/contract'
import { fromManifest, type Connector, type ConnectorContext } from '../../../model/connector'
import { slackManifest } from './manifest'
import { SlackApi } from './api'
import { classifySlackError } from './classify'
import { connectSlack } from './connect'
import type { MappingContext } from './mapping'
import { moderateSlack } from './moderation'
import { pollChannels, pollDirectMessages } from './poll'
import { pollSearch, searchTerms } from './search'
import { reconcileReply, sendReply } from './send'

function apiFor(ctx: ConnectorContext): SlackApi {
  const token = ctx.account.secrets.botToken
  if (!token) throw new ParleyError('unauthorized', 'The Slack bot token is missing from the secret store. Reconnect the account.')
  return new SlackApi(ctx.http, ctx.account.baseUrl, token)
}

/** The optional user token's API (search, and deleting others' messages where its person may); null without one. */
function userApiFor(ctx: ConnectorContext): SlackApi | null {
  const token = ctx.account.secrets.userToken
  return token ? new SlackApi(ctx.http, ctx.account.baseUrl, token) : null
}

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null)

/** The bot's identity comes from connect(); an account stored without it asks auth.test once. */
async function identityFor(ctx: ConnectorContext, api: SlackApi): Promise<{ base: Omit<MappingContext, 'names'>; team: string }> {
  const s = ctx.account.settings
  if (text(s.botUserId) && text(s.teamId)) {
    return { base: { botUserId: text(s.botUserId)!, botId: text(s.botId), workspaceUrl: text(s.workspaceUrl) }, team: text(s.teamId)! }
  }
  const me = await api.authTest()
  await ctx.saveSettings({ ...s, botUserId: me.user_id, botId: me.bot_id ?? null, teamId: me.team_id, workspaceUrl: me.url ?? null })
  return { base: { botUserId: me.user_id, botId: me.bot_id ?? null, workspaceUrl: me.url ?? null }, team: me.team_id }
}

function pickedChannels(settings: Record<string, unknown>): string[] {
  const list = Array.isArray(settings.channels) ? (settings.channels as { id?: unknown }[]) : []
  return list.flatMap((c) => (typeof c.id === 'string' && /^[A-Z0-9]+$/.test(c.id) ? [c.id] : []))
}

export const slackConnector: Connector = {
  ...fromManifest(slackManifest),
  streams: [
    { name: 'channels', intervalMs: 60_000 },
    { name: 'dms', intervalMs: 120_000 },
    // search.messages is Tier 2 (about 20 a minute); only accounts with a user token search.
    { name: 'search', intervalMs: 300_000 },
  ],

  connect: connectSlack,

  async poll(stream, cursor, ctx, options) {
    const api = apiFor(ctx)
    const { base, team } = await identityFor(ctx, api)
    if (stream === 'channels') return pollChannels(api, base, team, pickedChannels(ctx.account.settings), cursor, ctx.clock.now(), options)
    if (stream === 'dms') return pollDirectMessages(api, base, team, cursor, options)
    if (stream === 'search') {
      const search = userApiFor(ctx)
      const terms = searchTerms(ctx.account.settings)
      if (!search || !terms.length) return { items: [], nextCursor: null }
      const searchUserId = text(ctx.account.settings.searchUserId)
      return pollSearch(search, api, base, team, { terms, botChannels: pickedChannels(ctx.account.settings), searchUserId }, cursor, options)
    }
    throw new ParleyError('bad_input', `Slack has no stream called "${stream}".`)
  },

  async send(reply, idempotencyKey, ctx) {
    const api = apiFor(ctx)
    const { base } = await identityFor(ctx, api)
    return sendReply(api, { ...base, names: new Map() }, reply, idempotencyKey)
  },

  moderate: (action, ctx) => moderateSlack(apiFor(ctx), action, userApiFor(ctx)),

  classifyError: (error, now) => classifySlackError(error, now ?? Date.now()),

  async reconcile(reply, idempotencyKey, ctx) {
    const api = apiFor(ctx)
    try {
      const { base } = await identityFor(ctx, api)
      return await reconcileReply(api, { ...base, names: new Map() }, reply, idempotencyKey)
    } catch {
      return { state: 'unknown' }
    }
  },
}
