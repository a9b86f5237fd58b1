import type { NormalizedItem } from '../../../model/items'
import { HttpError } from '../../../base/http'
import type { MastodonApi } from './api'
import { statusToItem, type MappingContext } from './mapping'
import type { MastodonStatus } from './schema'

/**
 * Places public mentions and comments in their thread: the conversation is
 * the thread's root post. One context request per thread and poll, cached
 * here, so a busy thread does not cost one request per reply.
 */
export class ThreadResolver {
  private readonly rootOf = new Map<string, MastodonStatus>()
  private readonly known = new Map<string, MastodonStatus>()

  private fetches = 0

  constructor(
    private readonly api: MastodonApi,
    private readonly ctx: MappingContext,
    /** Context requests allowed per poll, so a long backfill stays inside the instance's rate limit. */
    private readonly budget: number,
  ) {}

  /**
   * The status, plus the brand's own posts it hangs off (the root as context,
   * a brand reply as an outgoing message); null when placing it would need
   * another context request than the budget allows.
   */
  async items(status: MastodonStatus): Promise<NormalizedItem[] | null> {
    if (this.needsFetch(status) && this.fetches >= this.budget) return null
    const root = await this.root(status)
    const brandId = this.ctx.brandId
    if (!root) {
      // The server could not show the thread (parent deleted or never fetched): group under the parent.
      const kind = status.in_reply_to_account_id === brandId ? 'comment' : 'mention'
      return [statusToItem(status, this.ctx, { kind, conversationKey: status.in_reply_to_id ?? status.id })]
    }
    const kind = root.account.id === brandId ? 'comment' : 'mention'
    const place = { kind, conversationKey: root.id } as const
    const items = [statusToItem(status, this.ctx, place)]
    if (root.id !== status.id && root.account.id === brandId) items.push(statusToItem(root, this.ctx, { ...place, isContext: true }))
    const parent = status.in_reply_to_id ? this.known.get(status.in_reply_to_id) : undefined
    if (parent && parent.id !== root.id && parent.account.id === brandId) items.push(statusToItem(parent, this.ctx, place))
    return items
  }

  private needsFetch(status: MastodonStatus): boolean {
    return !!status.in_reply_to_id && !this.rootOf.has(status.in_reply_to_id)
  }

  private async root(status: MastodonStatus): Promise<MastodonStatus | null> {
    const parentId = status.in_reply_to_id
    if (!parentId) {
      this.known.set(status.id, status)
      this.rootOf.set(status.id, status)
      return status
    }
    const cached = this.rootOf.get(parentId)
    if (cached) {
      this.rootOf.set(status.id, cached)
      return cached
    }
    let ancestors: MastodonStatus[]
    this.fetches++
    try {
      ;({ ancestors } = await this.api.context(status.id))
    } catch (error) {
      if (error instanceof HttpError && (error.status === 404 || error.status === 403)) return null
      throw error
    }
    // Ancestors come oldest first. When the server lacks the top of the thread, its oldest known post
    // stands in as the root, the same one for every reply, so the thread still stays together.
    const root = ancestors[0]
    if (!root) return null
    for (const s of [...ancestors, status]) {
      this.known.set(s.id, s)
      this.rootOf.set(s.id, root)
    }
    return root
  }
}
