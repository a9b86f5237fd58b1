import type { z } from 'zod'
import { HttpError, NetworkError, type HttpRequest } from '../../../base/http'
import { MeteredApi } from '../metered-api'
import { COST } from './quota'
import { channelSchema, commentSchema, commentThreadSchema, listSchema, parseEach, type YouTubeChannel, type YouTubeComment, type YouTubeThread } from './schema'

export interface Page<T> {
  items: T[]
  nextPageToken: string | null
}

/**
 * Typed Data API v3 calls for one account. Every call is charged to the day's quota before it goes
 * out (YouTube charges failed calls too), so the ledger never under-counts.
 */
export class YouTubeApi extends MeteredApi {

  async myChannels(): Promise<YouTubeChannel[]> {
    const path = '/youtube/v3/channels?part=snippet&mine=true&maxResults=50'
    const parsed = listSchema.safeParse(await this.call(path, COST.list))
    if (!parsed.success) throw this.unexpected(path)
    return parseEach(channelSchema, parsed.data.items)
  }

  async threads(query: { channelId: string; pageToken?: string | null; heldForReview?: boolean; maxResults?: number }): Promise<Page<YouTubeThread>> {
    const params = new URLSearchParams({
      part: 'snippet,replies',
      allThreadsRelatedToChannelId: query.channelId,
      order: 'time',
      textFormat: 'plainText',
      maxResults: String(query.maxResults ?? 100),
    })
    if (query.heldForReview) params.set('moderationStatus', 'heldForReview')
    if (query.pageToken) params.set('pageToken', query.pageToken)
    return this.page(`/youtube/v3/commentThreads?${params}`, commentThreadSchema)
  }

  async replies(parentId: string, pageToken: string | null): Promise<Page<YouTubeComment>> {
    const params = new URLSearchParams({ part: 'snippet', parentId, textFormat: 'plainText', maxResults: '100' })
    if (pageToken) params.set('pageToken', pageToken)
    return this.page(`/youtube/v3/comments?${params}`, commentSchema)
  }

  async insertReply(parentId: string, text: string): Promise<YouTubeComment> {
    const body = await this.call('/youtube/v3/comments?part=snippet', COST.insert, { method: 'POST', body: { snippet: { parentId, textOriginal: text } } })
    const parsed = commentSchema.safeParse(body)
    if (!parsed.success) throw this.unexpected('/youtube/v3/comments')
    return parsed.data
  }

  async setModerationStatus(commentId: string, status: 'published' | 'heldForReview' | 'rejected', banAuthor: boolean): Promise<void> {
    const params = new URLSearchParams({ id: commentId, moderationStatus: status })
    if (banAuthor) params.set('banAuthor', 'true')
    await this.call(`/youtube/v3/comments/setModerationStatus?${params}`, COST.setModerationStatus, { method: 'POST' })
  }

  private async page<T>(pathAndQuery: string, schema: z.ZodType<T>): Promise<Page<T>> {
    const parsed = listSchema.safeParse(await this.call(pathAndQuery, COST.list))
    if (!parsed.success) throw this.unexpected(pathAndQuery)
    return { items: parseEach(schema, parsed.data.items), nextPageToken: parsed.data.nextPageToken ?? null }
  }

  private async call(pathAndQuery: string, cost: number, init: HttpRequest = {}): Promise<unknown> {
    const send = async (token: string) => {
      this.guard?.(cost)
      this.budget.spend(cost, this.now())
      return this.http.request(`${this.baseUrl}${pathAndQuery}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } })
    }
    let response
    try {
      response = await send(await this.auth.token())
    } catch (error) {
      // Access tokens last an hour and can be withdrawn early: refresh once, then let the caller classify.
      if (!(error instanceof HttpError && error.status === 401)) throw error
      response = await send(await this.auth.refresh())
    }
    if (response.status === 204 || !response.text) return null
    return response.json<unknown>()
  }

  private unexpected(pathAndQuery: string): NetworkError {
    return new NetworkError(`${this.baseUrl}${pathAndQuery}`, 'bad_body', `${this.host} sent an answer that does not look like the YouTube Data API's.`)
  }
}
