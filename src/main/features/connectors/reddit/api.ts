import { HttpError, NetworkError, safeHost, type HttpClient, type HttpResponse } from '../../../base/http'
import type { BearerAuth } from '../metered-api'
import type { RedditRate } from './rate'
import { jsonEnvelopeSchema, listingSchema, meSchema, thingsOf, type RedditThing } from './schema'

export interface Page {
  items: RedditThing[]
  after: string | null
}

/** Reddit refused a POST inside a 200 answer ({"json": {"errors": [["THREAD_LOCKED", "…", "parent"]]}}). */
export class RedditApiError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`)
    this.name = 'RedditApiError'
  }
}

/**
 * Typed Reddit API calls for one account. Every answer's X-Ratelimit-* headers go to the account's
 * rate record; the polling copy checks it before each request so polling never spends the last few.
 */
export class RedditApi {
  private polling = false

  constructor(
    private readonly http: HttpClient,
    readonly baseUrl: string,
    private readonly auth: BearerAuth,
    private readonly rate: RedditRate,
    private readonly userAgent: string,
    private readonly now: () => number,
  ) {}

  forPolling(): RedditApi {
    const copy = Object.create(this) as RedditApi
    copy.polling = true
    return copy
  }

  get host(): string {
    return safeHost(this.baseUrl)
  }

  async me(): Promise<{ name: string }> {
    const parsed = meSchema.safeParse(await this.call('GET', '/api/v1/me'))
    if (!parsed.success) throw this.unexpected('/api/v1/me')
    return parsed.data
  }

  /** A listing, newest first; `after` pages further back. */
  async listing(path: string, query: { after?: string | null; limit?: number; extra?: Record<string, string> } = {}): Promise<Page> {
    const params = new URLSearchParams({ limit: String(query.limit ?? 100), raw_json: '1', ...query.extra })
    if (query.after) params.set('after', query.after)
    const body = await this.call('GET', `${path}?${params}`)
    const parsed = listingSchema.safeParse(body)
    if (!parsed.success) throw this.unexpected(path)
    return { items: thingsOf(parsed.data.data.children), after: parsed.data.data.after ?? null }
  }

  /** /api/comment: a reply to a comment, a post or a private message (thing_id is its fullname). */
  async comment(thingId: string, text: string): Promise<RedditThing> {
    const body = await this.post('/api/comment', { thing_id: thingId, text })
    const thing = thingsOf(body.json.data?.things ?? [])[0]
    if (!thing) throw this.unexpected('/api/comment')
    return thing
  }

  async compose(to: string, subject: string, text: string): Promise<void> {
    await this.post('/api/compose', { to, subject, text })
  }

  async remove(fullname: string, spam: boolean): Promise<void> {
    await this.post('/api/remove', { id: fullname, spam: spam ? 'true' : 'false' })
  }

  async approve(fullname: string): Promise<void> {
    await this.post('/api/approve', { id: fullname })
  }

  async lock(fullname: string): Promise<void> {
    await this.post('/api/lock', { id: fullname })
  }

  async ban(subreddit: string, username: string, note: string): Promise<void> {
    await this.post(`/r/${encodeURIComponent(subreddit)}/api/friend`, { name: username, type: 'banned', note })
  }

  private async post(path: string, form: Record<string, string>) {
    const body = await this.call('POST', `${path}?raw_json=1`, new URLSearchParams({ api_type: 'json', ...form }))
    // Moderation endpoints answer {} on success; the others wrap their result and errors in "json".
    if (body && typeof body === 'object' && !('json' in body)) return { json: {} } as { json: { errors?: unknown[][]; data?: { things?: { kind: string; data: unknown }[] } } }
    const parsed = jsonEnvelopeSchema.safeParse(body)
    if (!parsed.success) throw this.unexpected(path)
    const first = parsed.data.json.errors?.[0]
    if (first) throw new RedditApiError(String(first[0] ?? 'ERROR'), String(first[1] ?? 'Reddit refused the request.').slice(0, 300))
    return parsed.data
  }

  private async call(method: 'GET' | 'POST', pathAndQuery: string, form?: URLSearchParams): Promise<unknown> {
    const send = async (token: string): Promise<HttpResponse> => {
      if (this.polling) this.rate.assertCanPoll(this.now())
      else this.rate.assertCanSend(this.now())
      try {
        const response = await this.http.request(`${this.baseUrl}${pathAndQuery}`, {
          method,
          body: form,
          headers: { Authorization: `Bearer ${token}`, 'User-Agent': this.userAgent, ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
        })
        this.rate.note(response.headers, this.now())
        return response
      } catch (error) {
        if (error instanceof HttpError) this.rate.note(error.headers, this.now())
        throw error
      }
    }
    let response: HttpResponse
    try {
      response = await send(await this.auth.token())
    } catch (error) {
      // Reddit's access tokens last a day: refresh once, then let the caller classify.
      if (!(error instanceof HttpError && error.status === 401)) throw error
      response = await send(await this.auth.refresh())
    }
    if (!response.text) return {}
    try {
      return response.json<unknown>()
    } catch {
      throw this.unexpected(pathAndQuery)
    }
  }

  private unexpected(path: string): NetworkError {
    return new NetworkError(`${this.baseUrl}${path}`, 'bad_body', `${this.host} sent an answer that does not look like Reddit's API.`)
  }
}
