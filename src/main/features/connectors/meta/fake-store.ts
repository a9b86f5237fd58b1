// Test infrastructure: the state behind the loopback Graph API fake; never imported by the app.

/** Graph's datetime: ISO 8601 to the second with a "+0000" offset. */
export const graphTime = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+0000')

export interface FakePerson {
  /** Page-scoped id (Messenger PSID); also the Facebook user id the fake shows in `from`. */
  id: string
  name: string
  /** Instagram-scoped id and username, when the person is on Instagram too. */
  igId: string
  igUsername: string
}

export interface FakePost {
  id: string
  pageId: string
  /** The Page itself, or a visitor (visitor posts; tagged posts by others). */
  fromId: string
  message: string
  createdAt: number
  updatedAt: number
  /** Another Page's or a person's post that tags this Page (the /tagged edge). */
  tagsPage: boolean
}

export interface FakeComment {
  id: string
  postId: string
  parentId: string | null
  /** A person's id, or the Page's id for the Page's own replies. */
  fromId: string
  message: string
  createdAt: number
  hidden: boolean
}

export interface FakeMessage {
  id: string
  threadId: string
  fromPage: boolean
  text: string
  createdAt: number
}

export interface FakeThread {
  id: string
  pageId: string
  platform: 'messenger' | 'instagram'
  personId: string
}

export interface FakeMedia {
  id: string
  /** The brand's IG account, or a person's (media that tags the brand: the /tags edge). */
  ownerIgId: string
  caption: string
  createdAt: number
  mediaType: 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM'
}

export interface FakeIgComment {
  id: string
  mediaId: string
  parentId: string | null
  /** A person's igId, or the brand's IG user id for its own replies. */
  fromIgId: string
  text: string
  createdAt: number
  hidden: boolean
}

export interface FakePage {
  id: string
  name: string
  category: string
  username: string
  token: string
  ig: { id: string; username: string; name: string } | null
}

export class FakeGraphState {
  people = new Map<string, FakePerson>()
  pages = new Map<string, FakePage>()
  posts = new Map<string, FakePost>()
  comments = new Map<string, FakeComment>()
  threads = new Map<string, FakeThread>()
  messages = new Map<string, FakeMessage>()
  media = new Map<string, FakeMedia>()
  igComments = new Map<string, FakeIgComment>()
  /** Page id → banned person ids. */
  blocked = new Map<string, Set<string>>()
  private seq = 1000

  nextId(prefix = ''): string {
    this.seq += 1
    return `${prefix}${this.seq}`
  }

  personByIg(igId: string): FakePerson | undefined {
    for (const p of this.people.values()) if (p.igId === igId) return p
    return undefined
  }

  pageByIg(igId: string): FakePage | undefined {
    for (const p of this.pages.values()) if (p.ig?.id === igId) return p
    return undefined
  }

  pageOfPost(postId: string): FakePage | undefined {
    const post = this.posts.get(postId)
    return post ? this.pages.get(post.pageId) : undefined
  }

  pageOfMedia(mediaId: string): FakePage | undefined {
    const media = this.media.get(mediaId)
    if (!media) return undefined
    const tagged = this.mediaTags.get(mediaId)
    return this.pageByIg(media.ownerIgId) ?? (tagged ? this.pageByIg(tagged) : undefined)
  }

  /** Media id → the brand IG id it tags (the /tags edge). */
  mediaTags = new Map<string, string>()

  commentsOf(postId: string, parentId: string | null): FakeComment[] {
    return [...this.comments.values()].filter((c) => c.postId === postId && c.parentId === parentId)
  }

  igCommentsOf(mediaId: string, parentId: string | null): FakeIgComment[] {
    return [...this.igComments.values()].filter((c) => c.mediaId === mediaId && c.parentId === parentId)
  }

  messagesOf(threadId: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.threadId === threadId).sort((a, b) => b.createdAt - a.createdAt)
  }

  threadUpdatedAt(threadId: string): number {
    return this.messagesOf(threadId)[0]?.createdAt ?? 0
  }

  /** The latest message the person sent in this thread: it opens the 24-hour window. */
  lastInbound(threadId: string): number | null {
    return this.messagesOf(threadId).find((m) => !m.fromPage)?.createdAt ?? null
  }

  threadWith(pageId: string, platform: FakeThread['platform'], personId: string): FakeThread | undefined {
    return [...this.threads.values()].find((t) => t.pageId === pageId && t.platform === platform && t.personId === personId)
  }
}
