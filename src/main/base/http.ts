import { ParleyError } from '../../shared/contract'

/** A failed HTTP exchange with what a connector needs to classify it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly body: string,
    readonly url: string,
    message: string,
  ) {
    super(message)
    this.name = 'HttpError'
  }

  /** The body as JSON, or null when it is not JSON. */
  json<T = Record<string, unknown>>(): T | null {
    try {
      return JSON.parse(this.body) as T
    } catch {
      return null
    }
  }
}

/** The network could not be reached at all (DNS, refused, reset, timeout). */
export class NetworkError extends Error {
  constructor(
    readonly url: string,
    /** 'interrupted': the server was reached but the connection broke (reset, or closed before the whole answer came). */
    readonly reason: 'timeout' | 'unreachable' | 'interrupted' | 'aborted' | 'too_large' | 'bad_body',
    message: string,
  ) {
    super(message)
    this.name = 'NetworkError'
  }
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  headers?: Record<string, string>
  /** JSON-serialised when an object; sent as is when a string or URLSearchParams. */
  body?: unknown
  timeoutMs?: number
  /** Accept these statuses as success (e.g. 304 for conditional GET). */
  okStatuses?: number[]
}

export interface HttpResponse {
  status: number
  headers: Headers
  text: string
  url: string
  json<T>(): T
}

export interface HttpClient {
  request(url: string, init?: HttpRequest): Promise<HttpResponse>
}

const MAX_BODY_BYTES = 8 * 1024 * 1024
const DEFAULT_TIMEOUT = 20_000

async function readLimited(response: Response, url: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > MAX_BODY_BYTES) {
    await response.body?.cancel()
    throw new NetworkError(url, 'too_large', `The server at ${new URL(url).host} sent an answer larger than 8 MB; it was ignored.`)
  }
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_BODY_BYTES) {
      await reader.cancel()
      throw new NetworkError(url, 'too_large', `The server at ${new URL(url).host} sent an answer larger than 8 MB; it was ignored.`)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** fetch with a timeout, a size cap and errors a connector can classify. */
export function createHttpClient(userAgent: string, fetchImpl: typeof fetch = fetch): HttpClient {
  return {
    async request(url, init = {}) {
      const headers: Record<string, string> = { 'User-Agent': userAgent, Accept: 'application/json', ...init.headers }
      let body: string | URLSearchParams | undefined
      if (init.body instanceof URLSearchParams || typeof init.body === 'string') body = init.body
      else if (init.body !== undefined) {
        body = JSON.stringify(init.body)
        headers['Content-Type'] ??= 'application/json'
      }
      const timeoutMs = init.timeoutMs ?? DEFAULT_TIMEOUT
      let response: Response | undefined
      let text: string
      try {
        response = await fetchImpl(url, { method: init.method ?? 'GET', headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' })
        text = await readLimited(response, url)
      } catch (error) {
        throw toNetworkError(error, url, timeoutMs, response !== undefined)
      }
      const ok = response.ok || (init.okStatuses ?? []).includes(response.status)
      if (!ok) {
        throw new HttpError(response.status, response.headers, text, url, `${safeHost(url)} answered ${response.status}`)
      }
      return {
        status: response.status,
        headers: response.headers,
        text,
        url: response.url || url,
        json<T>(): T {
          try {
            return JSON.parse(text) as T
          } catch {
            throw new NetworkError(url, 'bad_body', `${safeHost(url)} sent an answer that is not valid JSON.`)
          }
        },
      }
    },
  }
}

/**
 * Names what went wrong below HTTP in plain words. A socket that breaks after the
 * headers came means the server is there but the answer broke: a fault to retry,
 * not "offline".
 */
function toNetworkError(error: unknown, url: string, timeoutMs: number, headersArrived: boolean): NetworkError {
  if (error instanceof NetworkError) return error
  const host = safeHost(url)
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    const seconds = Math.max(1, Math.round(timeoutMs / 1000))
    return new NetworkError(
      url,
      'timeout',
      headersArrived ? `${host} started answering but did not finish within ${seconds} s.` : `${host} did not answer within ${seconds} s.`,
    )
  }
  const cause = (error as Error).cause as (Error & { code?: string }) | undefined
  // Before the headers a broken socket looks the same as a server that went away (or a pooled connection it closed): offline.
  if (headersArrived) {
    return new NetworkError(url, 'interrupted', `${host} closed the connection before the answer was complete.`)
  }
  return new NetworkError(url, 'unreachable', `Could not reach ${host}: ${cause instanceof Error ? cause.message : (error as Error).message}`)
}

export function safeHost(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/** Parses a base URL the user typed ("mastodon.social", "https://x.y/") into an origin, or says why not. */
export function normaliseBaseUrl(raw: string | undefined, what: string): string {
  const value = (raw ?? '').trim()
  if (!value) throw new ParleyError('bad_input', `Enter the ${what}.`)
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new ParleyError('bad_input', `"${value}" is not a valid ${what}.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ParleyError('bad_input', `The ${what} must start with https://.`)
  return url.origin
}
