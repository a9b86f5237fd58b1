import { ParleyError } from '../../../../shared/contract'
import type { ConnectorContext } from '../../../model/connector'
import { SlowDown } from './classify'
import { GRAPH_BASE, GraphApi } from './graph'
import { noteUsage, throttledUntil } from './throttle'

/**
 * The Graph API as this account: its Page token from the vault, its API base (the real Graph API or
 * a compatible server), and the usage guard that stops before Meta's limit.
 */
export function graphFor(ctx: ConnectorContext, label: string): GraphApi {
  const token = ctx.account.secrets.pageToken
  if (!token) throw new ParleyError('unauthorized', `The ${label} Page token is missing from the secret store. Reconnect the account.`)
  const key = `${ctx.account.id}:${ctx.account.baseUrl}`
  const now = ctx.clock.now()
  const held = throttledUntil(key, now)
  if (held) {
    throw new SlowDown(held.at, `${label} has used ${held.usage.percent}% of Meta's hourly call budget; Parley waits until ${new Date(held.at).toISOString()} so the account is never blocked.`)
  }
  return new GraphApi(ctx.http, ctx.account.baseUrl || GRAPH_BASE, token, (usage) => noteUsage(key, usage, ctx.clock.now()))
}

export function setting(ctx: ConnectorContext, name: string, label: string): string {
  const value = ctx.account.settings[name]
  if (typeof value !== 'string' || !value) throw new ParleyError('unauthorized', `The ${label} account is missing its ${name}. Reconnect the account.`)
  return value
}
