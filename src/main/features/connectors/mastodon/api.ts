import { z } from 'zod'
import { NetworkError, safeHost, type HttpClient, type HttpRequest } from '../../../base/http'
import { parseLinkHeader, type PageLinks } from './paging'
import {
  accountSchema,
  contextSchema,
  conversationSchema,
  notificationSchema,
  parseEach,
  statusSchema,
  type MastodonAccount,
  type MastodonConversation,
  type MastodonNotification,
  type MastodonStatus,
} from './schema'

export const NOTIFICATIONS_PATH = '/api/v1/notifications'
export const CONVERSATIONS_PATH = '/api/v1/conversations'

export interface Page<T> {
  items: T[]
  links: PageLinks
}

export interface StatusContext {
  ancestors: MastodonStatus[]
  descendants: MastodonStatus[]
}

export interface NewStatus {
  status: string
  in_reply_to_id: string
  visibility: 'public' | 'unlisted' | 'private' | 'direct'
}

type Query = [string, string][]

/** Typed requests against one instance with one token; every answer is validated before use. */
export class MastodonApi {
  constructor(
    private readonly http: HttpClient,
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  get host(): string {
    return safeHost(this.baseUrl)
  }

  async verifyCredentials(): Promise<MastodonAccount> {
    return this.one('/api/v1/accounts/verify_credentials', accountSchema)
  }

  /** A page of notifications; `pathAndQuery` is a followed Link target, or built from `query`. */
  async notifications(query: Query | string): Promise<Page<MastodonNotification>> {
    return this.list(typeof query === 'string' ? query : withQuery(NOTIFICATIONS_PATH, query), notificationSchema)
  }

  /** Conversations are paged only by following the Link header; their ids are internal. */
  async conversations(pathAndQuery: string): Promise<Page<MastodonConversation>> {
    return this.list(pathAndQuery, conversationSchema)
  }

  async context(statusId: string): Promise<StatusContext> {
    const body = await this.one(`/api/v1/statuses/${encodeURIComponent(statusId)}/context`, contextSchema)
    return { ancestors: parseEach(statusSchema, body.ancestors), descendants: parseEach(statusSchema, body.descendants) }
  }

  async status(statusId: string): Promise<MastodonStatus> {
    return this.one(`/api/v1/statuses/${encodeURIComponent(statusId)}`, statusSchema)
  }

  async accountStatuses(accountId: string, limit: number): Promise<MastodonStatus[]> {
    const path = withQuery(`/api/v1/accounts/${encodeURIComponent(accountId)}/statuses`, [['limit', String(limit)]])
    return (await this.list(path, statusSchema)).items
  }

  async postStatus(body: NewStatus, idempotencyKey: string): Promise<MastodonStatus> {
    return this.one('/api/v1/statuses', statusSchema, { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } })
  }

  async accountAction(accountId: string, action: 'block' | 'mute'): Promise<void> {
    await this.request(`/api/v1/accounts/${encodeURIComponent(accountId)}/${action}`, { method: 'POST' })
  }

  async deleteStatus(statusId: string): Promise<void> {
    await this.request(`/api/v1/statuses/${encodeURIComponent(statusId)}`, { method: 'DELETE' })
  }

  private request(pathAndQuery: string, init: HttpRequest = {}) {
    return this.http.request(`${this.baseUrl}${pathAndQuery}`, {
      ...init,
      headers: { Authorization: `Bearer ${this.token}`, ...init.headers },
    })
  }

  private async json(pathAndQuery: string, init?: HttpRequest): Promise<unknown> {
    return (await this.request(pathAndQuery, init)).json<unknown>()
  }

  private async one<T>(pathAndQuery: string, schema: z.ZodType<T>, init?: HttpRequest): Promise<T> {
    const body = await this.json(pathAndQuery, init)
    const parsed = schema.safeParse(body)
    if (!parsed.success) throw this.unexpected(pathAndQuery)
    return parsed.data
  }

  private async list<T>(pathAndQuery: string, schema: z.ZodType<T>): Promise<Page<T>> {
    const response = await this.request(pathAndQuery)
    const body = response.json<unknown>()
    if (!Array.isArray(body)) throw this.unexpected(pathAndQuery)
    return { items: parseEach(schema, body), links: parseLinkHeader(response.headers.get('link')) }
  }

  private unexpected(pathAndQuery: string): NetworkError {
    return new NetworkError(`${this.baseUrl}${pathAndQuery}`, 'bad_body', `${this.host} sent an answer that does not look like Mastodon's.`)
  }
}

export function withQuery(path: string, query: Query): string {
  const search = new URLSearchParams(query).toString()
  return search ? `${path}?${search}` : path
}
