import { HttpError, NetworkError, safeHost, type HttpClient } from '../../../base/http'

/** Service the PDS forwards chat.bsky.* calls to (the Bluesky app sends the same header). */
export const CHAT_PROXY = 'did:web:api.bsky.chat#bsky_chat'

export const DEFAULT_SERVICE = 'https://bsky.social'

export type XrpcParams = Record<string, string | number | boolean | readonly string[] | undefined | null>

/** XRPC errors arrive as JSON `{error, message}` with a 4xx/5xx status. */
export interface XrpcErrorBody {
  error: string | null
  message: string | null
}

export function xrpcError(error: unknown): XrpcErrorBody | null {
  if (!(error instanceof HttpError)) return null
  const body = error.json<{ error?: unknown; message?: unknown }>()
  return {
    error: typeof body?.error === 'string' ? body.error : null,
    message: typeof body?.message === 'string' ? body.message.slice(0, 300) : null,
  }
}

export function isXrpcError(error: unknown, ...names: string[]): boolean {
  const body = xrpcError(error)
  return body !== null && body.error !== null && names.includes(body.error)
}

/** The PDS refuses chat.bsky.* for app passwords made without DM access this way. */
export function isBadTokenMethod(error: unknown): boolean {
  return isXrpcError(error, 'InvalidToken') && /bad token method/i.test(xrpcError(error)?.message ?? '')
}

/** XRPC encodes arrays as repeated keys (reasons=reply&reasons=mention), not `reasons[]`. */
export function xrpcUrl(service: string, nsid: string, params: XrpcParams = {}): string {
  const url = new URL(`/xrpc/${nsid}`, service)
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v))
    else url.searchParams.set(key, String(value))
  }
  return url.toString()
}

export interface XrpcCall {
  token?: string
  /** Route through the PDS to the chat service. */
  chat?: boolean
}

function headersFor(call: XrpcCall): Record<string, string> {
  const headers: Record<string, string> = {}
  if (call.token) headers.Authorization = `Bearer ${call.token}`
  if (call.chat) headers['atproto-proxy'] = CHAT_PROXY
  return headers
}

export async function xrpcQuery<T>(http: HttpClient, service: string, nsid: string, params: XrpcParams, call: XrpcCall = {}): Promise<T> {
  const url = xrpcUrl(service, nsid, params)
  const res = await http.request(url, { headers: headersFor(call) })
  return expectObject<T>(res.json<unknown>(), url)
}

/** Procedures without output answer with an empty body: null then. */
export async function xrpcProcedure<T>(http: HttpClient, service: string, nsid: string, body: unknown, call: XrpcCall = {}): Promise<T | null> {
  const url = xrpcUrl(service, nsid)
  const res = await http.request(url, { method: 'POST', headers: headersFor(call), body: body ?? {} })
  if (!res.text.trim()) return null
  return expectObject<T>(res.json<unknown>(), url)
}

function expectObject<T>(value: unknown, url: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NetworkError(url, 'bad_body', `${safeHost(url)} sent an answer that is not an XRPC object.`)
  }
  return value as T
}

/** Thrown when a 200 answer lacks the fields the lexicon requires. */
export function badShape(service: string, what: string): NetworkError {
  return new NetworkError(service, 'bad_body', `${safeHost(service)} sent ${what} in an unexpected shape.`)
}
