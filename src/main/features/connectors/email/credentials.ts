import type { ConnectorContext } from '../../../model/connector'
import { currentAccessToken } from '../oauth-session'
import type { Credentials } from './servers'
import type { EmailSettings } from './settings'

/**
 * What the servers are logged in with: the password from the vault, or for an OAuth 2 account the
 * current access token (refreshed a minute before it runs out and saved back to the vault).
 */
export async function mailCredentials(ctx: ConnectorContext, settings: EmailSettings): Promise<Credentials> {
  if (!settings.oauth) return { user: settings.user, password: ctx.account.secrets.password ?? '' }
  const { clientId, clientSecret } = ctx.account.secrets
  const accessToken = await currentAccessToken(ctx, {
    tokenEndpoint: settings.oauth.tokenEndpoint,
    client: { clientId: clientId ?? '', ...(clientSecret ? { clientSecret } : {}) },
    label: 'The mail provider',
  })
  return { user: settings.user, accessToken }
}
