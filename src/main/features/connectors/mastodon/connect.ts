import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError, normaliseBaseUrl, safeHost, type HttpClient } from '../../../base/http'
import { serverMessage } from '../classify'
import type { ConnectInput, ConnectResult } from '../../../model/connector'
import { MastodonApi } from './api'
import type { MastodonAccount } from './schema'

/** Turns what went wrong while checking the token into words the person connecting can act on. */
function connectError(error: unknown, host: string): ParleyError {
  if (error instanceof HttpError) {
    const detail = serverMessage(error)
    if (error.status === 401) {
      return new ParleyError('unauthorized', `Mastodon refused the token${detail ? ` ("${detail}")` : ''}. Check that you copied the whole access token for this account on ${host}.`)
    }
    if (error.status === 403) {
      return new ParleyError('unauthorized', `${host} does not let this token read the account${detail ? ` ("${detail}")` : ''}. Create a token with the read and write scopes.`)
    }
    if (error.status === 404) return new ParleyError('bad_input', `${host} does not look like a Mastodon server: it has no Mastodon API.`)
    if (error.status === 429) return new ParleyError('unavailable', `${host} is rate-limiting requests right now. Try again in a few minutes.`)
    return new ParleyError('unavailable', `${host} could not check the token (it answered ${error.status}). Try again later.`)
  }
  if (error instanceof NetworkError) {
    if (error.reason === 'bad_body') return new ParleyError('unavailable', `${host} did not answer like a Mastodon server. Check the instance address.`)
    return new ParleyError('unavailable', `Could not reach the Mastodon server ${host}. Check the address and your connection. (${error.message})`)
  }
  return error instanceof ParleyError ? error : new ParleyError('unavailable', `Could not check the token with ${host}.`)
}

/** Checks `{ instance, token }` against verify_credentials and describes the account to store. */
export async function connectMastodon(input: ConnectInput, http: HttpClient): Promise<ConnectResult> {
  const baseUrl = normaliseBaseUrl(input.instance ?? input.baseUrl, 'Mastodon instance address')
  // People paste "Bearer abc…" from API docs as often as the bare token.
  const token = (input.token ?? input.accessToken ?? '').trim().replace(/^Bearer\s+/i, '')
  if (!token) throw new ParleyError('bad_input', 'Enter the access token for the Mastodon account.')
  if (/\s/.test(token)) throw new ParleyError('bad_input', 'The access token cannot contain spaces. Copy it again from the Mastodon settings.')
  const host = safeHost(baseUrl)
  let account: MastodonAccount
  try {
    account = await new MastodonApi(http, baseUrl, token).verifyCredentials()
  } catch (error) {
    throw connectError(error, host)
  }
  return {
    seed: {
      platform: 'mastodon',
      displayName: account.display_name?.trim() || account.username,
      handle: `@${account.username}@${host}`,
      baseUrl,
    },
    secrets: { accessToken: token },
    settings: { accountId: account.id, acct: account.acct },
  }
}
