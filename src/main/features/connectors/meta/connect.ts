import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError, normaliseBaseUrl, safeHost, type HttpClient } from '../../../base/http'
import type { ConnectInput } from '../../../model/connector'
import { graphError } from './classify'
import { GRAPH_BASE, GraphApi, GRAPH_VERSION } from './graph'

/** What each permission is for, in plain words (shown when one is missing, and in the README). */
export const PERMISSION_REASONS: Record<string, string> = {
  pages_show_list: 'list the Pages you manage, so you can pick one',
  pages_read_engagement: "read your Page's posts and their comments",
  pages_read_user_content: 'read what visitors post and comment on your Page',
  pages_manage_engagement: 'reply to, hide and delete comments, and ban people from the Page',
  pages_messaging: 'read and answer Messenger conversations',
  instagram_basic: 'read your Instagram professional account and its media',
  instagram_manage_comments: 'read, reply to, hide and delete Instagram comments, and see mentions',
  instagram_manage_messages: 'read and answer Instagram direct messages',
}

export const FACEBOOK_PERMISSIONS = ['pages_show_list', 'pages_read_engagement', 'pages_read_user_content', 'pages_manage_engagement', 'pages_messaging']
export const INSTAGRAM_PERMISSIONS = ['pages_show_list', 'pages_read_engagement', 'instagram_basic', 'instagram_manage_comments', 'instagram_manage_messages']
/** What Facebook Login asks for: both, so one sign-in connects a Page and its Instagram account. */
export const ALL_SCOPES = [...new Set([...FACEBOOK_PERMISSIONS, ...INSTAGRAM_PERMISSIONS])]

export interface MetaPage {
  id: string
  name: string
  username: string | null
  accessToken: string
  instagram: { id: string; username: string; name: string | null } | null
}

/** What connect() works from: the app, the user token, and where the Graph API is. */
export interface MetaCredentials {
  appId: string
  appSecret: string | null
  userToken: string
  apiBase: string
  page: string | null
}

/**
 * The access token as typed, or read from the address Facebook's login_success page ends on
 * (https://www.facebook.com/connect/login_success.html#access_token=…), the documented fallback
 * when a loopback redirect cannot be used.
 */
export function tokenFrom(raw: string): string {
  const value = raw.trim().replace(/^Bearer\s+/i, '')
  if (/^https?:\/\//i.test(value)) {
    const url = new URL(value)
    const fromHash = new URLSearchParams(url.hash.replace(/^#/, '')).get('access_token')
    const token = fromHash ?? url.searchParams.get('access_token')
    if (!token) throw new ParleyError('bad_input', 'That address has no access_token in it. Copy the whole address of the page Facebook showed after you logged in.')
    return token
  }
  return value
}

export function readCredentials(input: ConnectInput): MetaCredentials {
  const appId = (input.appId ?? '').trim()
  if (!/^\d{5,20}$/.test(appId)) throw new ParleyError('bad_input', 'Enter the App ID of your Meta app: the number at the top of its dashboard on developers.facebook.com.')
  const userToken = tokenFrom(input.accessToken ?? input.token ?? '')
  if (!userToken) throw new ParleyError('bad_input', 'Sign in with Facebook, or paste a user access token (or the address Facebook showed after you logged in).')
  if (/\s/.test(userToken)) throw new ParleyError('bad_input', 'The access token cannot contain spaces. Copy it again.')
  const apiBase = normaliseBaseUrl(input.apiBase || GRAPH_BASE, 'Graph API address')
  return { appId, appSecret: input.appSecret?.trim() || null, userToken, apiBase, page: input.page?.trim() || null }
}

/** Turns a failure while connecting into words the person connecting can act on. */
export function connectError(error: unknown, apiBase: string): ParleyError {
  if (error instanceof ParleyError) return error
  const host = safeHost(apiBase)
  const body = graphError(error)
  if (body?.code === 190) return new ParleyError('unauthorized', `Facebook refused the access token ("${body.message}"). Sign in again.`)
  if (body?.code === 101 || body?.code === 1 && /secret/i.test(body.message)) {
    return new ParleyError('bad_input', `Facebook did not accept the app id or app secret ("${body.message}"). Check both in the app's Settings → Basic.`)
  }
  if (body) return new ParleyError('unavailable', `Facebook answered: ${body.message || `error ${body.code}`}.`)
  if (error instanceof HttpError) return new ParleyError('unavailable', `${host} could not check the token (it answered ${error.status}). Try again later.`)
  if (error instanceof NetworkError) {
    if (error.reason === 'bad_body') return new ParleyError('unavailable', `${host} did not answer like the Graph API. Check the address.`)
    return new ParleyError('unavailable', `Could not reach ${host}. Check your connection. (${error.message})`)
  }
  return new ParleyError('unavailable', `Could not connect to ${host}.`)
}

/** A user token from a sign-in lasts about an hour; with the app secret Meta swaps it for one of 60 days, whose Page tokens do not expire. */
export async function longLived(http: HttpClient, creds: MetaCredentials): Promise<string> {
  if (!creds.appSecret) return creds.userToken
  const url = new URL(`${creds.apiBase}/${GRAPH_VERSION}/oauth/access_token`)
  url.search = new URLSearchParams({ grant_type: 'fb_exchange_token', client_id: creds.appId, client_secret: creds.appSecret, fb_exchange_token: creds.userToken }).toString()
  const token = (await http.request(url.toString(), { timeoutMs: 20_000 })).json<{ access_token?: unknown }>().access_token
  if (typeof token !== 'string' || !token) throw new NetworkError(url.origin, 'bad_body', 'Facebook answered the token exchange without a token.')
  return token
}

/** Refuses, naming them, when the sign-in did not grant what this platform needs. */
export async function checkPermissions(api: GraphApi, needed: readonly string[], label: string): Promise<void> {
  const list = await api.get<{ data?: { permission?: string; status?: string }[] }>('me/permissions')
  const granted = new Set((list.data ?? []).filter((p) => p.status === 'granted').map((p) => p.permission))
  const missing = needed.filter((p) => !granted.has(p))
  if (!missing.length) return
  const why = missing.map((p) => `${p} (to ${PERMISSION_REASONS[p] ?? 'use it'})`).join('; ')
  throw new ParleyError('unauthorized', `To connect ${label}, the sign-in must allow: ${why}. Sign in again and leave these switched on.`)
}

interface PageAnswer {
  id: string
  name: string
  username?: string
  access_token?: string
  instagram_business_account?: { id: string; username?: string; name?: string }
}

/** The Pages the user manages, each with its Page token and linked Instagram professional account. */
export async function listPages(api: GraphApi): Promise<MetaPage[]> {
  const pages: MetaPage[] = []
  for await (const batch of api.pages<PageAnswer>('me/accounts', { fields: 'id,name,username,access_token,instagram_business_account{id,username,name}', limit: 100 }, 10)) {
    for (const p of batch) {
      if (!p.access_token) continue
      const ig = p.instagram_business_account
      pages.push({ id: p.id, name: p.name, username: p.username ?? null, accessToken: p.access_token, instagram: ig?.username ? { id: ig.id, username: ig.username, name: ig.name ?? null } : null })
    }
  }
  return pages
}

/** The Page asked for (by name or id), or the only one; otherwise says which there are. */
export function pickPage(pages: MetaPage[], wanted: string | null): MetaPage {
  if (!pages.length) throw new ParleyError('bad_input', 'This Facebook account manages no Pages that the sign-in allowed. Sign in again and choose the Page.')
  if (wanted) {
    const found = pages.find((p) => p.id === wanted || p.name.toLowerCase() === wanted.toLowerCase() || p.username?.toLowerCase() === wanted.toLowerCase())
    if (found) return found
    throw new ParleyError('bad_input', `No Page called "${wanted}" among the Pages this sign-in allows: ${pages.map((p) => p.name).join(', ')}.`)
  }
  if (pages.length === 1) return pages[0]!
  throw new ParleyError('bad_input', `Choose a Page: ${pages.map((p) => p.name).join(', ')}.`)
}

/** Everything connect() needs once the credentials are known: the long-lived token, permissions checked, the Page picked. */
export async function resolvePage(http: HttpClient, creds: MetaCredentials, needed: readonly string[], label: string): Promise<{ userToken: string; page: MetaPage }> {
  try {
    const userToken = await longLived(http, creds)
    const api = new GraphApi(http, creds.apiBase, userToken)
    await checkPermissions(api, needed, label)
    return { userToken, page: pickPage(await listPages(api), creds.page) }
  } catch (error) {
    throw connectError(error, creds.apiBase)
  }
}
