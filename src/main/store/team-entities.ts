import type Database from 'better-sqlite3'
import { channelAccountKey, conversationUuid, messageUuid } from '../model/natural-uuid'

/** The channel account in team terms (model/natural-uuid.ts). */
export { channelAccountKey as accountKey }
import type { Db } from './database'
import { TeamSharedEntityStore } from './team-shared-entities'

/** A conversation as every laptop can find it: its uuid here, and its natural key (channel account, conversation key). */
export interface ConversationRef {
  id: string
  /** The channel account as `platform|base url|handle`: the same on every laptop that connects it. */
  account: string
  key: string
}

export interface ChangeRow {
  entity: string
  uuid: string
  op: 'insert' | 'update' | 'delete'
}

export interface ApprovalFacts {
  id: string
  conversationId: number
  body: string
  bodyHash: string
  inReplyTo: string | null
  reason: string | null
  status: string
  decidedBy: number | null
}

/** A platform record bigger than this is not shared (an op stays small); such a message's envelope comes from its text alone. */
const MAX_SHARED_RAW = 64 * 1024

/** An inbound or outbound message as a team op carries it, so a laptop without the account can show it. */
export interface SharedItem {
  itemId: string
  conversation: ConversationRef
  account: { platform: string; displayName: string; handle: string; baseUrl: string }
  item: {
    remoteId: string
    conversationKey: string
    parentRemoteId: string | null
    kind: string
    direction: string
    author: { remoteId: string; handle: string; displayName: string; avatarUrl: string | null; profileUrl: string | null }
    text: string
    html: string | null
    createdAt: number
    permalink: string | null
    subject: string | null
    isContext: boolean
    deleted: boolean
    /** The platform's own record, which the reply envelope (Mastodon's mentions) is worked out from; absent when too big to share. */
    raw?: unknown
    /** Set by the laptop applying the op: the team's id of the message (model/items.ts). */
    teamUuid?: string
  }
}

export interface TeamMemberRow {
  memberId: string
  name: string
  profile: string
  role: string
}


function splitAccountKey(key: string): { platform: string; baseUrl: string; handle: string } | null {
  const first = key.indexOf('|')
  const last = key.lastIndexOf('|')
  if (first < 0 || last === first) return null
  return { platform: key.slice(0, first), baseUrl: key.slice(first + 1, last), handle: key.slice(last + 1) }
}

/** The channel account `a` in team terms, in SQL: the same text as model/natural-uuid.ts's channelAccountKey. */
export const ACCOUNT_KEY_SQL = "a.platform || '|' || a.base_url || '|' || a.handle"

/**
 * The SQL the team store's laptop side needs to put local changes in team terms (uuids and natural
 * keys instead of local integer ids) and to find, or make, the local rows a pulled op names.
 */
export class TeamEntityStore {
  /** Tags, canned replies, saved views, rules, topics and contacts in team terms. */
  readonly shared: TeamSharedEntityStore

  constructor(private readonly db: Db) {
    this.shared = new TeamSharedEntityStore(db)
  }

  lastChangeSeq(): number {
    return this.db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM change_log').get()?.seq ?? 0
  }

  changesSince(seq: number): ChangeRow[] {
    return this.db
      .prepare<[number], { entity: string; uuid: string; op: ChangeRow['op'] }>('SELECT entity, entity_uuid AS uuid, op FROM change_log WHERE seq > ? ORDER BY seq')
      .all(seq)
  }

  conversationRefs(ids: readonly number[]): ConversationRef[] {
    const stmt = this.db.prepare<[number], ConversationRef>(
      `SELECT c.uuid AS id, ${ACCOUNT_KEY_SQL} AS account, c.conversation_key AS key
       FROM conversations c JOIN channel_accounts a ON a.id = c.channel_account_id WHERE c.id = ?`,
    )
    return ids.map((id) => stmt.get(id)).filter((r): r is ConversationRef => r !== undefined)
  }

  /** By uuid first (it was made here, or shared from here), then by its natural key. */
  conversationId(ref: Partial<ConversationRef> & { id: string }): number | null {
    // Prepared once: a catch-up looks up a conversation for nearly every op.
    this.byUuid ??= this.db.prepare<[string], { id: number }>('SELECT id FROM conversations WHERE uuid = ?')
    const byUuid = this.byUuid.get(ref.id)
    if (byUuid) return byUuid.id
    if (!ref.account || ref.key === undefined) return null
    this.byKey ??= this.db.prepare<[string, string], { id: number }>(
      `SELECT c.id FROM conversations c JOIN channel_accounts a ON a.id = c.channel_account_id
       WHERE ${ACCOUNT_KEY_SQL} = ? AND c.conversation_key = ?`,
    )
    return this.byKey.get(ref.account, ref.key)?.id ?? null
  }
  private byUuid: Database.Statement<[string], { id: number }> | null = null
  private byKey: Database.Statement<[string, string], { id: number }> | null = null

  setConversationUuid(id: number, uuid: string): void {
    this.db.prepare('UPDATE conversations SET uuid = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM conversations WHERE uuid = ?)').run(uuid, id, uuid)
  }

  accountOfConversation(id: number): number | null {
    return this.db.prepare<[number], { a: number }>('SELECT channel_account_id AS a FROM conversations WHERE id = ?').get(id)?.a ?? null
  }

  accountKeyOf(accountId: number): string | null {
    return this.db.prepare<[number], { k: string }>(`SELECT ${ACCOUNT_KEY_SQL} AS k FROM channel_accounts a WHERE a.id = ?`).get(accountId)?.k ?? null
  }

  /** Accounts this laptop can poll and send from (active, with their secrets here), as team account keys with their local ids. */
  activeAccounts(): { id: number; key: string }[] {
    return this.db.prepare<[], { id: number; key: string }>(`SELECT a.id, ${ACCOUNT_KEY_SQL} AS key FROM channel_accounts a WHERE a.status = 'active' AND a.is_demo = 0`).all()
  }

  accountId(key: string): number | null {
    const parts = splitAccountKey(key)
    if (!parts) return null
    return (
      this.db
        .prepare<[string, string, string], { id: number }>('SELECT id FROM channel_accounts WHERE platform = ? AND base_url = ? AND handle = ?')
        .get(parts.platform, parts.baseUrl, parts.handle)?.id ?? null
    )
  }

  tagNames(ids: readonly number[]): string[] {
    const stmt = this.db.prepare<[number], { name: string }>('SELECT name FROM tags WHERE id = ?')
    return ids.map((id) => stmt.get(id)?.name).filter((n): n is string => n !== undefined)
  }

  tagId(name: string): number | null {
    return this.db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE name = ? COLLATE NOCASE').get(name)?.id ?? null
  }

  profileName(id: number): string | null {
    return this.db.prepare<[number], { name: string }>('SELECT name FROM profiles WHERE id = ?').get(id)?.name ?? null
  }

  /** The approval an outbox item sends the reply of (null for a reply exempt from approval). */
  approvalOfOutboxItem(id: string): string | null {
    return this.db.prepare<[string], { a: string | null }>('SELECT approval_id AS a FROM outbox_items WHERE id = ?').get(id)?.a ?? null
  }

  approval(id: string): ApprovalFacts | null {
    return (
      this.db
        .prepare<[string], ApprovalFacts>(
          `SELECT id, conversation_id AS conversationId, body, body_hash AS bodyHash, in_reply_to AS inReplyTo, reason, status, decided_by AS decidedBy
           FROM approvals WHERE id = ?`,
        )
        .get(id) ?? null
    )
  }

  /**
   * The last message stored in a conversation (what a reply was written against), by id as on the
   * author's laptop: the new-activity hold counts messages with a higher id, so a message dated
   * earlier but stored later (a note stamped with its own time) is not taken for the base.
   */
  newestMessageId(conversationId: number): number {
    return this.db.prepare<[number], { id: number | null }>('SELECT max(id) AS id FROM messages WHERE conversation_id = ?').get(conversationId)?.id ?? 0
  }

  /** When a message (a note) was written, by its uuid, or null. */
  messageCreatedAt(uuid: string): number | null {
    return this.db.prepare<[string], { at: number }>('SELECT created_at AS at FROM messages WHERE uuid = ?').get(uuid)?.at ?? null
  }

  messageExists(uuid: string): boolean {
    return this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM messages WHERE uuid = ?').get(uuid) !== undefined
  }

  /**
   * Renames this workspace's conversations and channel messages to the uuids their natural keys give
   * (model/natural-uuid.ts), as new ones are named: done once, when the workspace joins a team, so what
   * it stored before (an older Parley named them at random) is named as on every other laptop.
   */
  adoptNaturalUuids(): number {
    const conversations = this.db.prepare<[], { id: number; uuid: string; account: string; key: string }>(
      `SELECT c.id, c.uuid, ${ACCOUNT_KEY_SQL} AS account, c.conversation_key AS key FROM conversations c JOIN channel_accounts a ON a.id = c.channel_account_id`,
    )
    // Messages a page at a time (a big workspace holds millions), in the one transaction.
    const messages = this.db.prepare<[number], { id: number; uuid: string; account: string; key: string }>(
      `SELECT m.id, m.uuid, ${ACCOUNT_KEY_SQL} AS account, m.remote_id AS key FROM messages m JOIN channel_accounts a ON a.id = m.channel_account_id
       WHERE m.id > ? AND m.remote_id IS NOT NULL AND m.remote_id <> '' ORDER BY m.id LIMIT 5000`,
    )
    const renameConversation = this.db.prepare('UPDATE conversations SET uuid = ? WHERE id = ?')
    const renameMessage = this.db.prepare('UPDATE messages SET uuid = ? WHERE id = ?')
    return this.db.transaction(() => {
      let renamed = 0
      for (const r of conversations.all()) {
        const uuid = conversationUuid(r.account, r.key)
        if (uuid !== r.uuid) renamed += renameConversation.run(uuid, r.id).changes
      }
      for (let page = messages.all(0); page.length > 0; page = messages.all(page.at(-1)!.id)) {
        for (const r of page) {
          const uuid = messageUuid(r.account, r.key)
          if (uuid !== r.uuid) renamed += renameMessage.run(uuid, r.id).changes
        }
      }
      return renamed
    })()
  }

  setMessageUuid(id: number, uuid: string): void {
    this.db.prepare('UPDATE messages SET uuid = ? WHERE id = ?').run(uuid, id)
  }

  /** A channel message (not a note or activity line) with what another laptop needs to store it. */
  sharedItem(uuid: string): SharedItem | null {
    const r = this.db
      .prepare<[string], Record<string, string | number | null>>(
        `SELECT m.uuid AS item_id, m.remote_id, m.parent_remote_id, m.direction, m.author_name, m.author_handle, m.author_profile_url, m.subject, m.text, m.html,
           m.is_context, m.permalink, m.created_at, m.deleted_at, m.raw, c.uuid AS conversation_uuid, c.conversation_key, c.kind,
           a.platform, a.display_name AS account_name, a.handle AS account_handle, a.base_url, i.remote_id AS author_remote_id, i.avatar_url
         FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN channel_accounts a ON a.id = m.channel_account_id
         LEFT JOIN identities i ON i.id = m.identity_id
         WHERE m.uuid = ? AND m.direction IN ('in', 'out') AND m.remote_id IS NOT NULL AND a.is_demo = 0`,
      )
      .get(uuid)
    if (!r) return null
    const s = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v))
    const account = { platform: s(r.platform), displayName: s(r.account_name), handle: s(r.account_handle), baseUrl: s(r.base_url) }
    return {
      itemId: s(r.item_id),
      conversation: { id: s(r.conversation_uuid), account: channelAccountKey(account), key: s(r.conversation_key) },
      account,
      item: {
        remoteId: s(r.remote_id),
        conversationKey: s(r.conversation_key),
        parentRemoteId: r.parent_remote_id === null ? null : s(r.parent_remote_id),
        kind: s(r.kind),
        direction: s(r.direction),
        author: {
          remoteId: r.author_remote_id === null ? s(r.author_handle) || s(r.author_name) : s(r.author_remote_id),
          handle: s(r.author_handle),
          displayName: s(r.author_name),
          avatarUrl: r.avatar_url === null ? null : s(r.avatar_url),
          profileUrl: r.author_profile_url === null ? null : s(r.author_profile_url),
        },
        text: s(r.text),
        html: r.html === null ? null : s(r.html),
        createdAt: Number(r.created_at),
        permalink: r.permalink === null ? null : s(r.permalink),
        subject: r.subject === null ? null : s(r.subject),
        isContext: Number(r.is_context) === 1,
        deleted: r.deleted_at !== null,
        // Every laptop must work out the same reply envelope from it, or an approver's words get different mentions on each.
        ...(typeof r.raw === 'string' && r.raw.length <= MAX_SHARED_RAW ? { raw: JSON.parse(r.raw) as unknown } : {}),
      },
    }
  }

  members(): TeamMemberRow[] {
    return this.db.prepare<[], TeamMemberRow>('SELECT member_id AS memberId, name, profile, role FROM team_members ORDER BY name').all()
  }

  setMembers(members: readonly TeamMemberRow[]): void {
    const insert = this.db.prepare('INSERT INTO team_members(member_id, name, profile, role) VALUES (?, ?, ?, ?)')
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM team_members').run()
      for (const m of members) insert.run(m.memberId, m.name, m.profile, m.role)
    })()
  }
}
