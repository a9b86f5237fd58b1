import { NetworkError, safeHost, type HttpClient, type HttpResponse } from '../../../base/http'
import { readUsage, type UsageReading } from './usage'

/** The Graph API version Parley is written against; Meta keeps each version for about two years. */
export const GRAPH_VERSION = 'v21.0'
export const GRAPH_BASE = 'https://graph.facebook.com'

export type Params = Record<string, string | number | boolean | undefined>

/** A list answer: {data, paging: {cursors: {before, after}, next}}. */
export interface GraphList<T> {
  data: T[]
  paging?: { cursors?: { before?: string; after?: string }; next?: string }
}

/**
 * Calls the Graph API with one access token (in the Authorization header, never in a URL that could
 * be logged) and keeps the last usage readings, so callers can slow down before Meta refuses.
 */
export class GraphApi {
  usage: UsageReading | null = null

  constructor(
    private readonly http: HttpClient,
    private readonly base: string,
    private readonly token: string,
    private readonly onUsage?: (usage: UsageReading) => void,
  ) {}

  url(path: string, params: Params = {}): string {
    const url = new URL(`${this.base.replace(/\/+$/, '')}/${GRAPH_VERSION}/${path.replace(/^\/+/, '')}`)
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v))
    return url.toString()
  }

  private note(response: HttpResponse): void {
    const usage = readUsage(response.headers)
    if (usage) {
      this.usage = usage
      this.onUsage?.(usage)
    }
  }

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, params: Params, body?: Params): Promise<HttpResponse> {
    const init = { method, headers: { Authorization: `Bearer ${this.token}` } } as const
    const form = body ? new URLSearchParams(Object.entries(body).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]]))) : undefined
    const response = await this.http.request(this.url(path, params), form ? { ...init, body: form, headers: { ...init.headers, 'Content-Type': 'application/x-www-form-urlencoded' } } : init)
    this.note(response)
    return response
  }

  private parse<T>(response: HttpResponse): T {
    const value = response.json<unknown>()
    if (!value || typeof value !== 'object') throw new NetworkError(response.url, 'bad_body', `${safeHost(response.url)} did not answer like the Graph API.`)
    return value as T
  }

  async get<T>(path: string, params: Params = {}): Promise<T> {
    return this.parse<T>(await this.call('GET', path, params))
  }

  async post<T>(path: string, body: Params): Promise<T> {
    return this.parse<T>(await this.call('POST', path, {}, body))
  }

  async delete(path: string): Promise<void> {
    await this.call('DELETE', path, {})
  }

  /** One page of a list; the cursor (paging.cursors.after) is followed by the caller, never the `next` URL as given. */
  async list<T>(path: string, params: Params): Promise<GraphList<T>> {
    const page = await this.get<GraphList<T>>(path, params)
    if (!Array.isArray(page.data)) throw new NetworkError(this.url(path), 'bad_body', `${safeHost(this.base)} answered a list without its data.`)
    return page
  }

  /**
   * Follows paging.cursors.after, up to maxPages pages. `left.more` says whether the list went on
   * past the budget (the caller then caps its cursor so the rest is read next time).
   */
  async *pages<T>(path: string, params: Params, maxPages: number, left: { more: boolean } = { more: false }): AsyncGenerator<T[]> {
    let after: string | undefined
    left.more = false
    for (let n = 0; n < maxPages; n++) {
      const page = await this.list<T>(path, { ...params, after })
      after = page.paging?.next && page.data.length ? page.paging.cursors?.after : undefined
      left.more = after !== undefined && n === maxPages - 1
      yield page.data
      if (!after) return
    }
  }
}
