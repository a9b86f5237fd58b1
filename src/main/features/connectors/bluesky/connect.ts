import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError, normaliseBaseUrl, safeHost, type HttpClient } from '../../../base/http'
import type { ConnectInput, ConnectResult } from '../../../model/connector'
import { createSession, serialiseTokens, type CreatedSession } from './session'
import { DEFAULT_SERVICE, isBadTokenMethod, xrpcError, xrpcQuery } from './xrpc'

const APP_PASSWORD_HELP = 'Create one in Bluesky under Settings → Privacy and security → App passwords.'

/** Turns a failed login into plain words for the connect dialog. */
function explain(error: unknown, service: string): ParleyError {
  const host = safeHost(service)
  if (error instanceof NetworkError) {
    if (error.reason === 'bad_body') return new ParleyError('unavailable', `${host} did not answer like a Bluesky server. Check the server address.`)
    return new ParleyError('unavailable', `Could not reach ${host}. Check the server address and your connection. (${error.message})`)
  }
  if (!(error instanceof HttpError)) return new ParleyError('unavailable', `Signing in to ${host} failed: ${error instanceof Error ? error.message : String(error)}`)
  const name = xrpcError(error)?.error
  if (name === 'AuthFactorTokenRequired') {
    return new ParleyError('unauthorized', `This account asks for an email sign-in code, which Parley cannot enter. Use an app password instead: app passwords skip the code. ${APP_PASSWORD_HELP}`)
  }
  if (name === 'AccountTakedown') return new ParleyError('unauthorized', 'Bluesky has suspended this account, so Parley cannot sign in to it.')
  if (error.status === 401 || name === 'AuthenticationRequired') {
    return new ParleyError('unauthorized', `Bluesky did not accept that handle and app password. Check both and try again. ${APP_PASSWORD_HELP}`)
  }
  if (error.status === 429) return new ParleyError('unavailable', 'Bluesky has seen too many sign-in attempts for this account. Wait a while and try again.')
  if (error.status === 404 || error.status === 501) return new ParleyError('bad_input', `${host} is not a Bluesky (AT Protocol) server. Check the server address.`)
  if (error.status >= 500) return new ParleyError('unavailable', `${host} is having problems (${error.status}). Try again in a few minutes.`)
  const detail = xrpcError(error)?.message
  return new ParleyError('bad_input', `Bluesky refused the sign-in${detail ? `: ${detail}` : ` (${error.status})`}.`)
}

async function displayNameOf(http: HttpClient, service: string, session: CreatedSession): Promise<string> {
  try {
    const profile = await xrpcQuery<{ displayName?: unknown }>(http, service, 'app.bsky.actor.getProfile', { actor: session.did }, { token: session.accessJwt })
    return typeof profile.displayName === 'string' && profile.displayName.trim() ? profile.displayName.trim() : session.handle
  } catch {
    return session.handle
  }
}

/** True/false when the chat service answered; null when it could not tell (the chat stream finds out later). */
async function probeDmAccess(http: HttpClient, service: string, session: CreatedSession): Promise<boolean | null> {
  try {
    await xrpcQuery(http, service, 'chat.bsky.convo.listConvos', { limit: 1 }, { token: session.accessJwt, chat: true })
    return true
  } catch (error) {
    return isBadTokenMethod(error) ? false : null
  }
}

export async function connectBluesky(input: ConnectInput, http: HttpClient): Promise<ConnectResult> {
  const service = normaliseBaseUrl(input.service?.trim() || DEFAULT_SERVICE, 'Bluesky server address')
  const handle = (input.handle ?? '').trim().replace(/^@/, '')
  const appPassword = (input.appPassword ?? '').trim()
  if (!handle) throw new ParleyError('bad_input', 'Enter your Bluesky handle, for example name.bsky.social.')
  if (!appPassword) throw new ParleyError('bad_input', `Enter an app password. ${APP_PASSWORD_HELP}`)
  let session: CreatedSession
  try {
    session = await createSession(http, service, handle, appPassword)
  } catch (error) {
    throw explain(error, service)
  }
  const [displayName, dmAccess] = await Promise.all([displayNameOf(http, service, session), probeDmAccess(http, service, session)])
  return {
    seed: { platform: 'bluesky', displayName, handle: session.handle, baseUrl: service },
    secrets: { appPassword, session: serialiseTokens(session) },
    settings: { did: session.did, dmAccess },
  }
}
