import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError, safeHost, type HttpClient } from '../../../base/http'
import type { ConnectInput, ConnectResult } from '../../../model/connector'
import { DiscourseApi, type DiscourseAuth } from './api'
import { discourseMessage, isKeyRefused } from './classify'
import type { DiscourseCurrentUser } from './schema'

/**
 * The forum's address as typed ("forum.example.com", "https://example.com/community/"): Discourse
 * also runs in a subfolder, so the path is kept, without its trailing slash.
 */
export function forumUrl(raw: string | undefined): string {
  const value = (raw ?? '').trim()
  if (!value) throw new ParleyError('bad_input', 'Enter the address of the forum.')
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new ParleyError('bad_input', `"${value}" is not a valid forum address.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ParleyError('bad_input', 'The forum address must start with https://.')
  if (url.username || url.password) throw new ParleyError('bad_input', 'The forum address cannot contain a user name or password.')
  // Pages people copy from the browser: /latest, /t/…, /c/…; the forum is what comes before them.
  const path = url.pathname.replace(/\/(latest|top|new|categories|t|c|u|session|admin)(\/.*)?$/, '').replace(/\/+$/, '')
  return `${url.origin}${path}`
}

function connectError(error: unknown, host: string): ParleyError {
  if (error instanceof HttpError) {
    const detail = discourseMessage(error)
    if (isKeyRefused(error)) {
      return new ParleyError('unauthorized', `${host} refused the API key${detail ? ` ("${detail}")` : ''}. Check the key and the username it acts as.`)
    }
    if (error.status === 403) return new ParleyError('unauthorized', `${host} does not let this key read the forum${detail ? ` ("${detail}")` : ''}.`)
    if (error.status === 404) return new ParleyError('bad_input', `${host} does not look like a Discourse forum: it has no Discourse API there.`)
    if (error.status === 429) return new ParleyError('unavailable', `${host} is rate-limiting requests right now. Try again in a minute.`)
    return new ParleyError('unavailable', `${host} could not check the key (it answered ${error.status}). Try again later.`)
  }
  if (error instanceof NetworkError) {
    if (error.reason === 'bad_body') return new ParleyError('unavailable', `${host} did not answer like a Discourse forum. Check the address.`)
    return new ParleyError('unavailable', `Could not reach the forum ${host}. Check the address and your connection. (${error.message})`)
  }
  return error instanceof ParleyError ? error : new ParleyError('unavailable', `Could not check the key with ${host}.`)
}

/** Category paths to watch, typed as "support/5, announcements/7" or full /c/… addresses. */
export function parseCategories(raw: string | undefined): { slug: string; id: number }[] {
  const out: { slug: string; id: number }[] = []
  for (const part of (raw ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /(?:^|\/c\/)(?:[^/]+\/)*?([a-z0-9-]+)\/(\d+)\/?$/i.exec(part)
    if (!match) throw new ParleyError('bad_input', `"${part}" is not a category. Write it as slug/id, for example support/5 (the numbers in the category's address).`)
    out.push({ slug: match[1]!.toLowerCase(), id: Number(match[2]) })
  }
  return out
}

/** Tags to watch, typed as "refunds, e-bike": lower-case letters, digits, dashes and underscores. */
export function parseTags(raw: string | undefined): string[] {
  const out: string[] = []
  for (const part of (raw ?? '').split(',').map((p) => p.trim().replace(/^#/, '').toLowerCase()).filter(Boolean)) {
    if (!/^[\p{L}\p{N}_-]{1,100}$/u.test(part)) throw new ParleyError('bad_input', `"${part}" is not a tag. Write tags as they appear on the forum, separated by commas.`)
    if (!out.includes(part)) out.push(part)
  }
  return out
}

/** Checks the key against /session/current.json and describes the account to store. */
export async function connectWithKey(
  baseUrl: string,
  auth: DiscourseAuth,
  http: HttpClient,
  watch: { categories: { slug: string; id: number }[]; tags: string[] },
): Promise<ConnectResult> {
  const host = safeHost(baseUrl)
  let user: DiscourseCurrentUser
  try {
    user = await new DiscourseApi(http, baseUrl, auth).currentUser()
  } catch (error) {
    throw connectError(error, host)
  }
  if (auth.kind === 'admin' && user.username.toLowerCase() !== auth.username.toLowerCase()) {
    throw new ParleyError('bad_input', `The key acts as ${user.username}, not ${auth.username}. Enter the username the key was issued for.`)
  }
  return {
    seed: { platform: 'discourse', displayName: user.name?.trim() || user.username, handle: `@${user.username}@${host}`, baseUrl },
    secrets: auth.kind === 'admin' ? { apiKey: auth.apiKey } : { userApiKey: auth.userApiKey },
    settings: { userId: user.id, username: user.username, staff: Boolean(user.moderator || user.admin), admin: Boolean(user.admin), categories: watch.categories, tags: watch.tags },
  }
}

/** `{ url, apiKey, username, categories?, tags? }` (an admin-issued key) or `{ url, userApiKey, categories?, tags? }`. */
export async function connectDiscourse(input: ConnectInput, http: HttpClient): Promise<ConnectResult> {
  const baseUrl = forumUrl(input.url ?? input.baseUrl)
  const watch = { categories: parseCategories(input.categories), tags: parseTags(input.tags) }
  const userApiKey = input.userApiKey?.trim()
  if (userApiKey) return connectWithKey(baseUrl, { kind: 'user', userApiKey }, http, watch)
  const apiKey = (input.apiKey ?? '').trim()
  const username = (input.username ?? '').trim().replace(/^@/, '')
  if (!apiKey) throw new ParleyError('bad_input', 'Enter the API key from the forum (Admin → API → New API Key).')
  if (/\s/.test(apiKey)) throw new ParleyError('bad_input', 'The API key cannot contain spaces. Copy it again from the forum.')
  if (!username) throw new ParleyError('bad_input', 'Enter the forum username the API key acts as.')
  return connectWithKey(baseUrl, { kind: 'admin', apiKey, username }, http, watch)
}
