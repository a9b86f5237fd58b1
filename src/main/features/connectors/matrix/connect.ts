import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError, normaliseBaseUrl, safeHost, type HttpClient } from '../../../base/http'
import type { ConnectInput, ConnectResult } from '../../../model/connector'
import { MatrixApi } from './api'
import { matrixErrorOf } from './classify'

/** Turns what went wrong while signing in into words the person connecting can act on. */
function connectError(error: unknown, host: string, usingPassword: boolean): ParleyError {
  if (error instanceof HttpError) {
    const m = matrixErrorOf(error)
    const detail = m.error ? ` ("${m.error}")` : ''
    if (m.errcode === 'M_FORBIDDEN' || m.errcode === 'M_UNKNOWN_TOKEN' || error.status === 401 || error.status === 403) {
      return new ParleyError(
        'unauthorized',
        usingPassword
          ? `${host} refused the user name or password${detail}. Check both and try again.`
          : `${host} refused the access token${detail}. Copy it again from your Matrix client (Settings → Help & About → Access token).`,
      )
    }
    if (m.errcode === 'M_LIMIT_EXCEEDED' || error.status === 429) return new ParleyError('unavailable', `${host} is rate-limiting sign-ins right now. Try again in a minute.`)
    if (error.status === 404 || error.status === 405) return new ParleyError('bad_input', `${host} does not look like a Matrix homeserver: it has no client API.`)
    return new ParleyError('unavailable', `${host} could not sign in (it answered ${error.status}${detail}). Try again later.`)
  }
  if (error instanceof NetworkError) {
    if (error.reason === 'bad_body') return new ParleyError('unavailable', `${host} did not answer like a Matrix homeserver. Check the address.`)
    return new ParleyError('unavailable', `Could not reach the Matrix homeserver ${host}. Check the address and your connection. (${error.message})`)
  }
  return error instanceof ParleyError ? error : new ParleyError('unavailable', `Could not sign in to ${host}.`)
}

/** "#room:server, !id:server" → the list the sync follows; empty means every room the account is in. */
export function parseRooms(value: string | undefined): string[] {
  const rooms = (value ?? '')
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean)
  for (const r of rooms) {
    if (!/^[!#][^:\s]+:\S+$/.test(r)) throw new ParleyError('bad_input', `"${r.slice(0, 80)}" is not a Matrix room: use its id (!abc:example.org) or alias (#name:example.org).`)
  }
  return [...new Set(rooms)]
}

/** The user as typed ("lumen", "@lumen:example.org"); the login accepts both. */
function userOf(input: ConnectInput): string {
  return (input.user ?? input.username ?? '').trim()
}

/**
 * Signs in with `{ homeserver, user, password }` (a new device named Parley; its id is kept so the
 * transaction ids of replies stay idempotent) or checks `{ homeserver, accessToken }` with whoami.
 * Picked rooms given by alias are resolved to ids by joining them.
 */
export async function connectMatrix(input: ConnectInput, http: HttpClient): Promise<ConnectResult> {
  const baseUrl = normaliseBaseUrl(input.homeserver ?? input.baseUrl, 'Matrix homeserver address')
  const host = safeHost(baseUrl)
  const password = input.password ?? ''
  const token = (input.accessToken ?? input.token ?? '').trim().replace(/^Bearer\s+/i, '')
  const user = userOf(input)
  const rooms = parseRooms(input.rooms)
  if (!token && !password) throw new ParleyError('bad_input', 'Enter the password of the Matrix account, or an access token.')
  if (!token && !user) throw new ParleyError('bad_input', 'Enter the Matrix user name (for example @lumen:example.org) to sign in with a password.')
  if (token && /\s/.test(token)) throw new ParleyError('bad_input', 'The access token cannot contain spaces. Copy it again from your Matrix client.')

  let accessToken: string
  let userId: string
  let deviceId: string | null
  try {
    if (token) {
      const who = await new MatrixApi(http, baseUrl, token).whoami()
      accessToken = token
      userId = who.user_id
      deviceId = who.device_id ?? null
    } else {
      const login = await new MatrixApi(http, baseUrl, null).login(user, password)
      accessToken = login.access_token
      userId = login.user_id
      deviceId = login.device_id
    }
  } catch (error) {
    throw connectError(error, host, !token)
  }
  if (token && user && user.startsWith('@') && user !== userId) {
    throw new ParleyError('bad_input', `That access token belongs to ${userId}, not ${user}.`)
  }

  const api = new MatrixApi(http, baseUrl, accessToken)
  const roomIds: string[] = []
  for (const room of rooms) {
    try {
      roomIds.push((await api.joinRoom(room)).room_id)
    } catch (error) {
      const m = error instanceof HttpError ? matrixErrorOf(error) : null
      throw new ParleyError('bad_input', `${userId} cannot join ${room}${m?.error ? ` ("${m.error}")` : ''}. Invite the account to the room first, or check the room's address.`)
    }
  }
  return {
    seed: { platform: 'matrix', displayName: userId.replace(/^@/, '').split(':')[0] ?? userId, handle: userId, baseUrl },
    secrets: { accessToken },
    settings: { userId, deviceId, rooms: roomIds },
  }
}
