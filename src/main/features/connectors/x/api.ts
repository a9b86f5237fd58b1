import type { z } from 'zod'
import { HttpError, NetworkError, type HttpRequest, type HttpResponse } from '../../../base/http'
import { MeteredApi } from '../metered-api'
import { dmEventSchema, listSchema, parseEach, postSchema, userSchema, type XDmEvent, type XPost, type XUser } from './schema'

export interface Page<T> {
  items: T[]
  users: Map<string, XUser>
  nextToken: string | null
}

const POST_FIELDS = 'created_at,conversation_id,in_reply_to_user_id,referenced_tweets,author_id'
const USER_FIELDS = 'username,name,profile_image_url'
const DM_FIELDS = 'id,text,event_type,sender_id,dm_conversation_id,created_at'

/** The quietest window X reported during this session: when its calls run out and when they come back. */
export interface RateWindow {
  remaining: number
  resetAt: number
}

/**
 * Typed X API v2 calls for one account. Each request is counted against the month before it goes out
 * (X bills requests, not results), and X's x-rate-limit-* headers are remembered so polling can wait
 * for the window instead of running into a 429.
 */
export class XApi extends MeteredApi {
  rate: RateWindow | null = null

  async me(): Promise<XUser> {
    const body = (await this.call('/2/users/me?user.fields=username,name,profile_image_url')) as { data?: unknown }
    const parsed = userSchema.safeParse(body?.data)
    if (!parsed.success) throw this.unexpected('/2/users/me')
    return parsed.data
  }

  mentions(userId: string, q: { sinceId?: string | null; startTime?: string | null; token?: string | null }): Promise<Page<XPost>> {
    const params = this.postQuery(100)
    if (q.sinceId) params.set('since_id', q.sinceId)
    else if (q.startTime) params.set('start_time', q.startTime)
    if (q.token) params.set('pagination_token', q.token)
    return this.page(`/2/users/${encodeURIComponent(userId)}/mentions?${params}`, postSchema)
  }

  /** The account's own newest posts; with replies when reconciling, without when looking for its threads. */
  userPosts(userId: string, q: { max: number; withReplies: boolean }): Promise<Page<XPost>> {
    const params = this.postQuery(q.max)
    if (!q.withReplies) params.set('exclude', 'replies,retweets')
    return this.page(`/2/users/${encodeURIComponent(userId)}/tweets?${params}`, postSchema)
  }

  search(query: string, q: { sinceId?: string | null; token?: string | null }): Promise<Page<XPost>> {
    const params = this.postQuery(100)
    params.set('query', query)
    if (q.sinceId) params.set('since_id', q.sinceId)
    if (q.token) params.set('next_token', q.token)
    return this.page(`/2/tweets/search/recent?${params}`, postSchema)
  }

  dmEvents(q: { token?: string | null; max?: number }): Promise<Page<XDmEvent>> {
    const params = new URLSearchParams({
      event_types: 'MessageCreate',
      max_results: String(q.max ?? 100),
      'dm_event.fields': DM_FIELDS,
      expansions: 'sender_id',
      'user.fields': USER_FIELDS,
    })
    if (q.token) params.set('pagination_token', q.token)
    return this.page(`/2/dm_events?${params}`, dmEventSchema)
  }

  async createPost(text: string, inReplyTo: string): Promise<{ id: string; text: string }> {
    const body = (await this.call('/2/tweets', { method: 'POST', body: { text, reply: { in_reply_to_tweet_id: inReplyTo } } })) as { data?: { id?: unknown; text?: unknown } }
    if (typeof body?.data?.id !== 'string') throw this.unexpected('/2/tweets')
    return { id: body.data.id, text: typeof body.data.text === 'string' ? body.data.text : text }
  }

  async sendDm(conversationId: string, text: string): Promise<string> {
    const path = `/2/dm_conversations/${encodeURIComponent(conversationId)}/messages`
    const body = (await this.call(path, { method: 'POST', body: { text } })) as { data?: { dm_event_id?: unknown } }
    if (typeof body?.data?.dm_event_id !== 'string') throw this.unexpected(path)
    return body.data.dm_event_id
  }

  async hideReply(postId: string): Promise<void> {
    await this.call(`/2/tweets/${encodeURIComponent(postId)}/hidden`, { method: 'PUT', body: { hidden: true } })
  }

  async mute(userId: string, targetId: string): Promise<void> {
    await this.call(`/2/users/${encodeURIComponent(userId)}/muting`, { method: 'POST', body: { target_user_id: targetId } })
  }

  private postQuery(max: number): URLSearchParams {
    return new URLSearchParams({ max_results: String(max), 'tweet.fields': POST_FIELDS, expansions: 'author_id', 'user.fields': USER_FIELDS })
  }

  private async page<T>(pathAndQuery: string, schema: z.ZodType<T>): Promise<Page<T>> {
    const parsed = listSchema.safeParse(await this.call(pathAndQuery))
    if (!parsed.success) throw this.unexpected(pathAndQuery)
    const users = new Map(parseEach(userSchema, parsed.data.includes?.users).map((u) => [u.id, u]))
    return { items: parseEach(schema, parsed.data.data), users, nextToken: parsed.data.meta?.next_token ?? null }
  }

  private noteRate(headers: Headers): void {
    const remaining = Number(headers.get('x-rate-limit-remaining'))
    const reset = Number(headers.get('x-rate-limit-reset'))
    if (!headers.get('x-rate-limit-remaining') || !Number.isFinite(remaining) || !Number.isFinite(reset)) return
    if (!this.rate || remaining < this.rate.remaining) this.rate = { remaining, resetAt: reset * 1000 }
  }

  private async call(pathAndQuery: string, init: HttpRequest = {}): Promise<unknown> {
    const send = async (token: string): Promise<HttpResponse> => {
      this.guard?.(1)
      this.budget.spend(1, this.now())
      try {
        const response = await this.http.request(`${this.baseUrl}${pathAndQuery}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } })
        this.noteRate(response.headers)
        return response
      } catch (error) {
        if (error instanceof HttpError) this.noteRate(error.headers)
        throw error
      }
    }
    let response: HttpResponse
    try {
      response = await send(await this.auth.token())
    } catch (error) {
      // Access tokens last two hours: refresh once (rotating the refresh token), then let the caller classify.
      if (!(error instanceof HttpError && error.status === 401)) throw error
      response = await send(await this.auth.refresh())
    }
    return response.text ? response.json<unknown>() : null
  }

  private unexpected(pathAndQuery: string): NetworkError {
    return new NetworkError(`${this.baseUrl}${pathAndQuery}`, 'bad_body', `${this.host} sent an answer that does not look like the X API's.`)
  }
}
