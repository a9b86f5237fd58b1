import { conversationUuid, messageUuid } from '../model/natural-uuid'
import { ACCOUNT_KEY_SQL } from './team-entities'
import { randomUUID } from 'node:crypto'
import { ChangeBatch, type ChangeRecorder } from './change-batch'
import type { Db } from './database'
import type { UnitOfWork } from './unit-of-work'
import type { ItemAuthor, NormalizedItem } from '../model/items'
import { prepareItems, type PreparedItem } from '../model/prepared-item'
import { applyContext, applyInbound, applyOutbound, newConversationActivity, type ConversationActivity } from '../model/conversation-activity'

/** A remote id the platform reported inside another conversation than the one holding it. */
export interface RemoteIdConflict {
  remoteId: string
  /** Where the message with this id already is; it stays there, untouched. */
  keptInConversationId: number
  /** The other message's conversation key, and the distinct key it is stored under. */
  conversationKey: string
  storedAs: string
}

/**
 * A message is (channel account, remote id) and never moves: a different message reported under a
 * known id in another conversation (a restarted server reusing ids) is stored under this key instead.
 * Reply targets skip such keys, so nothing is ever sent in answer to the wrong message.
 */
export const CONFLICT_KEY_PREFIX = 'conflict:'

export function conflictKey(conversationKey: string, remoteId: string): string {
  return `${CONFLICT_KEY_PREFIX}${conversationKey}:${remoteId}`
}

export interface IngestResult {
  inserted: number
  updated: number
  /** Known remote ids reported inside another conversation (logged; both messages kept apart). */
  conflicts: RemoteIdConflict[]
  /** Conversations that gained or changed messages. */
  conversationIds: number[]
  /** The own times of the new inbound messages (not context posts): what coverage learns a stream's rate from. */
  arrivals: number[]
}

interface ExistingMessage {
  id: number
  uuid: string
  conversation_id: number
  direction: string
  author_handle: string
  created_at: number
  subject: string | null
  text: string
  html: string | null
  deleted_at: number | null
}

interface ConversationRow {
  id: number
  uuid: string
  status: ConversationActivity['status']
  snoozed_until: number | null
  contact_id: number | null
  author_name: string
  author_handle: string
  preview: string
  unread: 0 | 1
  message_count: number
  waiting_since: number | null
  first_reply_at: number | null
  last_activity_at: number
}

/** A conversation this ingest call writes: its list fields kept in memory and written once at the end. */
interface TouchedConversation {
  id: number
  uuid: string
  activity: ConversationActivity
  dirty: boolean
}

const fromRow = (r: ConversationRow): ConversationActivity => ({
  status: r.status,
  snoozedUntil: r.snoozed_until,
  contactId: r.contact_id,
  authorName: r.author_name,
  authorHandle: r.author_handle,
  preview: r.preview,
  unread: r.unread,
  messageCount: r.message_count,
  waitingSince: r.waiting_since,
  firstReplyAt: r.first_reply_at,
  lastActivityAt: r.last_activity_at,
})

/**
 * Upserts normalised items on (channel account, remote id): polling again never
 * duplicates, edits update the message, platform deletions mark it deleted.
 * Prepared once per database; each call runs in one transaction.
 */
export class IngestWriter {
  private readonly findIdentity
  private readonly insertContact
  private readonly insertIdentity
  private readonly updateIdentity
  private readonly readConversation
  private readonly insertConversation
  private readonly writeConversation
  private readonly findMessage
  private readonly insertMessage
  private readonly updateMessage
  private readonly renameMessage
  private readonly readAccountKey
  private readonly sentAuthor
  private readonly markDeleted
  private readonly changes
  private readonly run

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    /** Where conflicts are reported: ids and keys only, never a message's words. */
    private readonly log: (message: string) => void = (message) => console.warn(message),
    /** The workspace's unit of work (stamps the change log, joins a caller's transaction); a bare transaction without one. */
    private readonly uow: UnitOfWork | null = null,
  ) {
    this.findIdentity = db.prepare<[number, string], { id: number; uuid: string; contact_id: number; display_name: string; handle: string }>(
      'SELECT id, uuid, contact_id, display_name, handle FROM identities WHERE channel_account_id = ? AND remote_id = ?',
    )
    // New rows get their uuid in the insert itself: the change log names them without reading them back.
    this.insertContact = db.prepare('INSERT INTO contacts(display_name, created_at, uuid) VALUES (?, ?, ?)')
    this.insertIdentity = db.prepare(
      `INSERT INTO identities(contact_id, channel_account_id, remote_id, handle, display_name, avatar_url, profile_url, uuid)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.updateIdentity = db.prepare(
      'UPDATE identities SET handle = ?, display_name = ?, avatar_url = ?, profile_url = ? WHERE id = ?',
    )
    this.readConversation = db.prepare<[number, string], ConversationRow>(
      `SELECT id, uuid, status, snoozed_until, contact_id, author_name, author_handle, preview, unread, message_count,
         waiting_since, first_reply_at, last_activity_at
       FROM conversations WHERE channel_account_id = ? AND conversation_key = ?`,
    )
    // A new conversation is written with its first message's activity already applied: one statement, not an insert and an update.
    this.insertConversation = db.prepare(
      `INSERT INTO conversations(channel_account_id, conversation_key, kind, subject, status, snoozed_until, contact_id, author_name,
         author_handle, preview, unread, message_count, waiting_since, first_reply_at, last_activity_at, created_at, uuid)
       VALUES (@account, @key, @kind, @subject, @status, @snoozedUntil, @contactId, @authorName,
         @authorHandle, @preview, @unread, @messageCount, @waitingSince, @firstReplyAt, @lastActivityAt, @createdAt, @uuid)`,
    )
    // The list fields after a batch's messages (model/conversation-activity.ts), written once per conversation.
    this.writeConversation = db.prepare(
      `UPDATE conversations SET status = @status, snoozed_until = @snoozedUntil, contact_id = @contactId, author_name = @authorName,
         author_handle = @authorHandle, preview = @preview, unread = @unread, message_count = @messageCount,
         waiting_since = @waitingSince, first_reply_at = @firstReplyAt, last_activity_at = @lastActivityAt
       WHERE id = @id`,
    )
    this.findMessage = db.prepare<[number, string], ExistingMessage>(
      `SELECT id, uuid, conversation_id, direction, author_handle, created_at, subject, text, html, deleted_at
       FROM messages WHERE channel_account_id = ? AND remote_id = ? AND remote_id IS NOT NULL`,
    )
    this.insertMessage = db.prepare(
      `INSERT INTO messages(conversation_id, channel_account_id, remote_id, parent_remote_id, direction, identity_id, profile_id,
         author_name, author_handle, author_profile_url, subject, text, html, is_context, permalink, created_at, deleted_at, raw, uuid)
       VALUES (@conversation, @account, @remoteId, @parent, @direction, @identity, @profile, @authorName, @authorHandle,
         @profileUrl, @subject, @text, @html, @isContext, @permalink, @createdAt, @deletedAt, @raw, @uuid)`,
    )
    this.updateMessage = db.prepare(
      'UPDATE messages SET subject = @subject, text = @text, html = @html, edited_at = @editedAt, deleted_at = @deletedAt WHERE id = @id',
    )
    this.markDeleted = db.prepare('UPDATE messages SET deleted_at = ? WHERE id = ?')
    this.renameMessage = db.prepare('UPDATE messages SET uuid = ? WHERE id = ?')
    // The brand's post that is a reply Parley sent: its author is the reply's, whether the copy arrives before the
    // outbox records the send (which then attributes it) or after (a poll, or another laptop of the team sharing it).
    this.sentAuthor = db.prepare<[number, number, string], { author_id: number }>(
      'SELECT author_id FROM outbox_items WHERE conversation_id = ? AND channel_account_id = ? AND remote_id = ? AND author_id IS NOT NULL LIMIT 1',
    )
    this.readAccountKey = db.prepare<[number], { k: string }>(`SELECT ${ACCOUNT_KEY_SQL} AS k FROM channel_accounts a WHERE a.id = ?`)
    this.changes = new ChangeBatch(db)
    this.run = db.transaction((accountId: number, items: PreparedItem[]) => this.apply(accountId, items))
  }

  /** Runs fn in one transaction; ingest calls inside it become savepoints. */
  inTransaction(fn: () => void): void {
    if (this.uow) this.uow.run(fn)
    else this.db.transaction(fn)()
  }

  /** Prepares the items here, on the writer's thread; a caller that can prepare them elsewhere first uses ingestPrepared. */
  ingest(accountId: number, items: readonly NormalizedItem[]): IngestResult {
    return this.ingestPrepared(accountId, prepareItems(items))
  }

  /** Stores items prepareItems made: only the database work happens here. */
  ingestPrepared(accountId: number, items: readonly PreparedItem[]): IngestResult {
    const sorted = [...items].sort((a, b) => a.createdAt - b.createdAt)
    if (this.uow) return this.uow.run(() => this.apply(accountId, sorted))
    return this.run(accountId, sorted)
  }

  private apply(accountId: number, items: PreparedItem[]): IngestResult {
    return this.changes.run((log) => this.write(accountId, items, log))
  }

  private write(accountId: number, items: PreparedItem[], log: ChangeRecorder): IngestResult {
    const result: IngestResult = { inserted: 0, updated: 0, conflicts: [], conversationIds: [], arrivals: [] }
    // New conversations and messages are named by their natural keys: every laptop names them alike.
    const key = this.readAccountKey.get(accountId)?.k ?? null
    const touched = new Set<number>()
    const identities = new Map<string, { id: number; contactId: number }>()
    const conversations = new Map<string, TouchedConversation>()
    for (const item of items) {
      if (item.removalOnly) {
        if (item.deleted) this.markRemoved(accountId, item.remoteId, result, touched, log)
        continue
      }
      // The brand's own posts and replies are not a contact of the brand.
      const identity = item.direction === 'in' ? this.identity(accountId, item.author, identities, log) : null
      const html = item.html
      let remoteId = item.remoteId
      let existing = remoteId ? this.findMessage.get(accountId, remoteId) : undefined
      if (existing && remoteId && this.isOtherMessage(accountId, existing, item)) {
        // Same id, another conversation, another message: the stored one stays where it is, untouched.
        const storedAs = conflictKey(item.conversationKey, remoteId)
        const conflict = { remoteId, keptInConversationId: existing.conversation_id, conversationKey: item.conversationKey, storedAs }
        result.conflicts.push(conflict)
        this.log(
          `ingest: account ${accountId} reported remote id ${remoteId} in conversation "${item.conversationKey}", but it belongs to conversation ${existing.conversation_id}; kept both apart (stored as ${storedAs}).`,
        )
        remoteId = storedAs
        existing = this.findMessage.get(accountId, storedAs)
      }
      if (existing) {
        if (item.teamUuid && existing.uuid !== item.teamUuid) {
          // This laptop stored its own copy first; the team's id is the one every laptop uses.
          this.renameMessage.run(item.teamUuid, existing.id)
          log.updated('message', item.teamUuid)
        }
        const deletedAt = item.deleted ? (existing.deleted_at ?? this.now()) : null
        const subject = item.subject ?? null
        const edited = existing.text !== item.text || existing.html !== html || existing.subject !== subject
        if (edited || deletedAt !== existing.deleted_at) {
          this.updateMessage.run({
            id: existing.id,
            subject,
            text: item.text,
            html,
            editedAt: edited ? this.now() : null,
            deletedAt,
          })
          result.updated++
          log.updated('message', existing.uuid)
          touched.add(existing.conversation_id)
        }
        continue
      }
      const conversation = this.conversation(accountId, key, item, identity?.contactId ?? null, conversations, log)
      const conversationId = conversation.id
      const uuid = item.teamUuid ?? (key !== null && remoteId ? messageUuid(key, remoteId) : randomUUID())
      this.insertMessage.run({
        uuid,
        conversation: conversationId,
        account: accountId,
        remoteId,
        parent: item.parentRemoteId,
        direction: item.direction,
        identity: identity?.id ?? null,
        profile: item.direction === 'out' && remoteId ? (this.sentAuthor.get(conversationId, accountId, remoteId)?.author_id ?? null) : null,
        authorName: item.author.displayName,
        authorHandle: item.author.handle,
        profileUrl: item.author.profileUrl,
        subject: item.subject ?? null,
        text: item.text,
        html,
        isContext: item.isContext ? 1 : 0,
        permalink: item.permalink,
        createdAt: item.createdAt,
        deletedAt: item.deleted ? this.now() : null,
        raw: item.rawJson,
      })
      log.inserted('message', uuid)
      if (item.direction === 'in' && !item.isContext) result.arrivals.push(item.createdAt)
      result.inserted++
      touched.add(conversationId)
    }
    for (const c of conversations.values()) {
      if (!c.dirty) continue
      this.writeConversation.run({ id: c.id, ...c.activity })
      log.updated('conversation', c.uuid)
    }
    result.conversationIds = [...touched]
    return result
  }

  /** A removal the platform reported: a known message is marked deleted (text kept); an unknown one is nothing to store. */
  private markRemoved(accountId: number, remoteId: string, result: IngestResult, touched: Set<number>, log: ChangeRecorder): void {
    const existing = remoteId ? this.findMessage.get(accountId, remoteId) : undefined
    if (!existing || existing.deleted_at !== null) return
    this.markDeleted.run(this.now(), existing.id)
    result.updated++
    log.updated('message', existing.uuid)
    touched.add(existing.conversation_id)
  }

  /** What the item does to its conversation's list fields, in memory until the batch ends. */
  private static touch(activity: ConversationActivity, item: PreparedItem, contactId: number | null): void {
    if (item.isContext) applyContext(activity)
    else if (item.direction === 'in') {
      applyInbound(activity, { at: item.createdAt, preview: item.preview, authorName: item.author.displayName, authorHandle: item.author.handle, contactId })
    } else applyOutbound(activity, item.createdAt)
  }

  /**
   * Whether a reported item is another message than the stored one with its remote id: it sits in
   * another conversation and differs in who wrote it, when, or which way. The same message reported
   * under another thread key (a thread whose root became known later) is not a conflict: it stays put.
   */
  private isOtherMessage(accountId: number, existing: ExistingMessage, item: PreparedItem): boolean {
    const conversation = this.readConversation.get(accountId, item.conversationKey)
    if (conversation?.id === existing.conversation_id) return false
    return existing.direction !== item.direction || existing.author_handle !== item.author.handle || existing.created_at !== item.createdAt
  }

  private identity(
    accountId: number,
    author: ItemAuthor,
    cache: Map<string, { id: number; contactId: number }>,
    log: ChangeRecorder,
  ): { id: number; contactId: number } {
    const hit = cache.get(author.remoteId)
    if (hit) return hit
    const row = this.findIdentity.get(accountId, author.remoteId)
    let found: { id: number; contactId: number }
    if (row) {
      if (row.display_name !== author.displayName || row.handle !== author.handle) {
        this.updateIdentity.run(author.handle, author.displayName, author.avatarUrl, author.profileUrl, row.id)
        log.updated('identity', row.uuid)
      }
      found = { id: row.id, contactId: row.contact_id }
    } else {
      const contactUuid = randomUUID()
      const contactId = Number(this.insertContact.run(author.displayName, this.now(), contactUuid).lastInsertRowid)
      log.inserted('contact', contactUuid)
      const identityUuid = randomUUID()
      const id = Number(
        this.insertIdentity.run(
          contactId,
          accountId,
          author.remoteId,
          author.handle,
          author.displayName,
          author.avatarUrl,
          author.profileUrl,
          identityUuid,
        ).lastInsertRowid,
      )
      log.inserted('identity', identityUuid)
      found = { id, contactId }
    }
    cache.set(author.remoteId, found)
    return found
  }

  /**
   * The conversation the item belongs to, with the item's activity applied: created (and logged) with it
   * if new, else read once per call and written at the end.
   */
  private conversation(
    accountId: number,
    accountKey: string | null,
    item: PreparedItem,
    contactId: number | null,
    batch: Map<string, TouchedConversation>,
    log: ChangeRecorder,
  ): { id: number; uuid: string } {
    const known = batch.get(item.conversationKey)
    if (known) {
      IngestWriter.touch(known.activity, item, contactId)
      known.dirty = true
      return known
    }
    const row = this.readConversation.get(accountId, item.conversationKey)
    if (row) {
      const touched = { id: row.id, uuid: row.uuid, activity: fromRow(row), dirty: true }
      IngestWriter.touch(touched.activity, item, contactId)
      batch.set(item.conversationKey, touched)
      return touched
    }
    const inbound = item.direction === 'in' && !item.isContext
    const activity = newConversationActivity(item.createdAt, inbound ? { authorName: item.author.displayName, authorHandle: item.author.handle, contactId } : null)
    IngestWriter.touch(activity, item, contactId)
    const uuid = accountKey !== null ? conversationUuid(accountKey, item.conversationKey) : randomUUID()
    log.inserted('conversation', uuid)
    const id = Number(
      this.insertConversation.run({
        uuid,
        account: accountId,
        key: item.conversationKey,
        kind: item.kind,
        subject: item.subject ?? null,
        createdAt: item.createdAt,
        ...activity,
      }).lastInsertRowid,
    )
    const created = { id, uuid, activity, dirty: false }
    batch.set(item.conversationKey, created)
    return created
  }
}
