// Test infrastructure: how the loopback Graph API fake renders its state as Graph nodes; never imported by the app.
import type { FakeNode } from './fake-fields'
import { graphTime, type FakeComment, type FakeGraphState, type FakeIgComment, type FakeMedia, type FakeMessage, type FakePage, type FakePost, type FakeThread } from './fake-store'

/** Each node's spec name, so every answer can be checked against Meta's field definitions. */
export type NodeType = 'Page' | 'PagePost' | 'Comment' | 'UnifiedThread' | 'UnifiedMessage' | 'IGUser' | 'IGMedia' | 'IGComment' | 'User'

export interface TypedNode extends FakeNode {
  type: NodeType
}

export class FakeNodes {
  constructor(
    private readonly state: FakeGraphState,
    private readonly origin: () => string,
  ) {}

  private who(id: string): { id: string; name: string } {
    const page = this.state.pages.get(id)
    if (page) return { id: page.id, name: page.name }
    const person = this.state.people.get(id)
    return { id, name: person?.name ?? 'Facebook user' }
  }

  igUser(ig: { id: string; username: string; name?: string }): TypedNode {
    return { type: 'IGUser', fields: { id: ig.id, username: ig.username, name: ig.name, profile_picture_url: `${this.origin()}/pics/${ig.id}.png` } }
  }

  page(page: FakePage): TypedNode {
    return {
      type: 'Page',
      fields: {
        id: page.id,
        name: page.name,
        category: page.category,
        username: page.username,
        link: `https://www.facebook.com/${page.username}`,
        access_token: page.token,
      },
      nodes: { instagram_business_account: page.ig ? this.igUser(page.ig) : null },
    }
  }

  post(post: FakePost): TypedNode {
    return {
      type: 'PagePost',
      fields: {
        id: post.id,
        message: post.message,
        created_time: graphTime(post.createdAt),
        updated_time: graphTime(post.updatedAt),
        from: this.who(post.fromId),
        permalink_url: `https://www.facebook.com/${post.id}`,
        is_hidden: false,
        story: undefined,
      },
      edges: { comments: () => this.state.commentsOf(post.id, null).sort((a, b) => a.createdAt - b.createdAt).map((c) => this.comment(c)) },
    }
  }

  comment(c: FakeComment): TypedNode {
    const post = this.state.posts.get(c.postId)
    const parent = c.parentId ? this.state.comments.get(c.parentId) : undefined
    return {
      type: 'Comment',
      fields: {
        id: c.id,
        message: c.message,
        created_time: graphTime(c.createdAt),
        from: this.who(c.fromId),
        is_hidden: c.hidden,
        can_hide: true,
        can_remove: true,
        can_reply_privately: !c.parentId,
        comment_count: this.state.commentsOf(c.postId, c.id).length,
        like_count: 0,
        permalink_url: `https://www.facebook.com/${c.postId}?comment_id=${c.id}`,
        object: post ? { id: post.id } : undefined,
      },
      nodes: { parent: parent ? this.comment(parent) : null },
      edges: { comments: () => this.state.commentsOf(c.postId, c.id).sort((a, b) => a.createdAt - b.createdAt).map((r) => this.comment(r)) },
    }
  }

  thread(t: FakeThread): TypedNode {
    const page = this.state.pages.get(t.pageId)!
    const person = this.state.people.get(t.personId)!
    const participants =
      t.platform === 'instagram'
        ? [{ username: person.igUsername, id: person.igId }, { username: page.ig?.username ?? '', id: page.ig?.id ?? '' }]
        : [{ name: person.name, email: `${person.id}@facebook.com`, id: person.id }, { name: page.name, email: `${page.id}@facebook.com`, id: page.id }]
    const messages = this.state.messagesOf(t.id)
    return {
      type: 'UnifiedThread',
      fields: {
        id: t.id,
        updated_time: graphTime(this.state.threadUpdatedAt(t.id)),
        participants: { data: participants },
        message_count: messages.length,
        snippet: messages[0]?.text.slice(0, 100) ?? '',
        unread_count: 0,
        can_reply: true,
        link: `/${page.username}/inbox/${t.id}`,
      },
      edges: { messages: () => messages.map((m) => this.message(m, t)) },
    }
  }

  message(m: FakeMessage, t: FakeThread = this.state.threads.get(m.threadId)!): TypedNode {
    const page = this.state.pages.get(t.pageId)!
    const person = this.state.people.get(t.personId)!
    const pageSide = t.platform === 'instagram' ? { username: page.ig?.username ?? '', id: page.ig?.id ?? '' } : { name: page.name, email: `${page.id}@facebook.com`, id: page.id }
    const personSide = t.platform === 'instagram' ? { username: person.igUsername, id: person.igId } : { name: person.name, email: `${person.id}@facebook.com`, id: person.id }
    return {
      type: 'UnifiedMessage',
      fields: {
        id: m.id,
        created_time: graphTime(m.createdAt),
        message: m.text,
        from: m.fromPage ? pageSide : personSide,
        to: { data: [m.fromPage ? personSide : pageSide] },
      },
    }
  }

  media(m: FakeMedia): TypedNode {
    const page = this.state.pageByIg(m.ownerIgId)
    const person = this.state.personByIg(m.ownerIgId)
    const username = page?.ig?.username ?? person?.igUsername ?? 'instagram_user'
    return {
      type: 'IGMedia',
      fields: {
        id: m.id,
        caption: m.caption,
        timestamp: graphTime(m.createdAt),
        media_type: m.mediaType,
        username,
        permalink: `https://www.instagram.com/p/${m.id}/`,
        comments_count: this.state.igCommentsOf(m.id, null).length,
      },
      nodes: { owner: this.igUser({ id: m.ownerIgId, username }) },
      edges: { comments: () => this.state.igCommentsOf(m.id, null).sort((a, b) => a.createdAt - b.createdAt).map((c) => this.igComment(c)) },
    }
  }

  igComment(c: FakeIgComment): TypedNode {
    const page = this.state.pageByIg(c.fromIgId)
    const person = this.state.personByIg(c.fromIgId)
    const username = page?.ig?.username ?? person?.igUsername ?? 'instagram_user'
    const media = this.state.media.get(c.mediaId)
    return {
      type: 'IGComment',
      fields: {
        id: c.id,
        text: c.text,
        timestamp: graphTime(c.createdAt),
        username,
        hidden: c.hidden,
        like_count: 0,
        parent_id: c.parentId ?? undefined,
      },
      nodes: {
        from: { fields: { id: c.fromIgId, username } },
        media: media ? { fields: { id: media.id } } : null,
      },
      edges: { replies: () => this.state.igCommentsOf(c.mediaId, c.id).sort((a, b) => a.createdAt - b.createdAt).map((r) => this.igComment(r)) },
    }
  }
}
