import type { z } from 'zod'
import { NetworkError, safeHost, type HttpClient, type HttpRequest } from '../../../base/http'
import {
  currentUserSchema,
  notificationSchema,
  notificationsSchema,
  parseEach,
  postSchema,
  postStreamSchema,
  reviewableSchema,
  reviewQueueSchema,
  topicListSchema,
  topicSchema,
  type DiscourseCurrentUser,
  type DiscourseNotification,
  type DiscoursePost,
  type DiscourseReviewable,
  type DiscourseTopic,
} from './schema'

/** How Parley speaks for the account: an admin-issued key acts as a named user; a User API Key is bound to its user. */
export type DiscourseAuth = { kind: 'admin'; apiKey: string; username: string } | { kind: 'user'; userApiKey: string }

/** Discourse's post action types (PostActionType): the flags Parley raises. */
export const POST_ACTION = { inappropriate: 4, spam: 8 } as const

export interface NewPost {
  raw: string
  topic_id: number
  reply_to_post_number?: number
}

/** Typed requests against one forum with one key; every answer is validated before use. */
export class DiscourseApi {
  constructor(
    private readonly http: HttpClient,
    readonly baseUrl: string,
    private readonly auth: DiscourseAuth,
  ) {}

  get host(): string {
    return safeHost(this.baseUrl)
  }

  async currentUser(): Promise<DiscourseCurrentUser> {
    return (await this.one('/session/current.json', currentUserSchema)).current_user
  }

  async notifications(): Promise<DiscourseNotification[]> {
    const body = await this.one('/notifications.json', notificationsSchema)
    return parseEach(notificationSchema, body.notifications)
  }

  /** A topic list (/latest.json, /c/{slug}/{id}.json, private messages), newest activity first. */
  async topics(path: string, page = 0): Promise<{ topics: DiscourseTopic[]; more: boolean }> {
    const body = await this.one(page ? `${path}?page=${page}` : path, topicListSchema)
    return { topics: parseEach(topicSchema, body.topic_list.topics), more: Boolean(body.topic_list.more_topics_url) }
  }

  /** Posts of a topic after post_number, oldest first, one chunk (Discourse's chunk is 20 posts). */
  async postsAfter(topicId: number, postNumber: number): Promise<DiscoursePost[]> {
    const query = new URLSearchParams({ post_number: String(postNumber), asc: 'true' })
    const body = await this.one(`/t/${topicId}/posts.json?${query.toString()}`, postStreamSchema)
    return parseEach(postSchema, body.post_stream.posts)
  }

  /** Chosen posts of a topic (post_ids[]). */
  async postsById(topicId: number, ids: number[]): Promise<DiscoursePost[]> {
    const query = new URLSearchParams(ids.map((id): [string, string] => ['post_ids[]', String(id)]))
    const body = await this.one(`/t/${topicId}/posts.json?${query.toString()}`, postStreamSchema)
    return parseEach(postSchema, body.post_stream.posts)
  }

  /** The review queue's pending items, newest first (moderators only). */
  async reviewQueue(): Promise<DiscourseReviewable[]> {
    const body = await this.one('/review.json?status=pending', reviewQueueSchema)
    return parseEach(reviewableSchema, body.reviewables)
  }

  async post(id: number): Promise<DiscoursePost> {
    return this.one(`/posts/${id}.json`, postSchema)
  }

  async createPost(body: NewPost): Promise<DiscoursePost> {
    return this.one('/posts.json', postSchema, { method: 'POST', body })
  }

  async deletePost(id: number): Promise<void> {
    await this.request(`/posts/${id}.json`, { method: 'DELETE' })
  }

  async flag(postId: number, type: number): Promise<void> {
    await this.request('/post_actions.json', { method: 'POST', body: { id: postId, post_action_type_id: type } })
  }

  async closeTopic(topicId: number): Promise<void> {
    await this.request(`/t/${topicId}/status.json`, { method: 'PUT', body: { status: 'closed', enabled: 'true' } })
  }

  /** Withdraws the User API Key this client holds (Discourse's user-api-key/revoke); an admin-issued key is the admin's to revoke. */
  async revokeUserApiKey(): Promise<void> {
    await this.request('/user-api-key/revoke', { method: 'POST' })
  }

  async silence(userId: number, until: string, reason: string): Promise<void> {
    await this.request(`/admin/users/${userId}/silence.json`, { method: 'PUT', body: { silenced_till: until, reason } })
  }

  private request(pathAndQuery: string, init: HttpRequest = {}) {
    const auth: Record<string, string> =
      this.auth.kind === 'admin' ? { 'Api-Key': this.auth.apiKey, 'Api-Username': this.auth.username } : { 'User-Api-Key': this.auth.userApiKey }
    return this.http.request(`${this.baseUrl}${pathAndQuery}`, { ...init, headers: { ...auth, ...init.headers } })
  }

  private async one<T>(pathAndQuery: string, schema: z.ZodType<T>, init?: HttpRequest): Promise<T> {
    const body = (await this.request(pathAndQuery, init)).json<unknown>()
    const parsed = schema.safeParse(body)
    if (!parsed.success) {
      throw new NetworkError(`${this.baseUrl}${pathAndQuery}`, 'bad_body', `${this.host} sent an answer that does not look like Discourse's.`)
    }
    return parsed.data
  }
}
