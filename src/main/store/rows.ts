import type { ChannelAccount, ConversationDetail, ConversationSummary, Message } from '../../shared/contract'
import { attachmentList } from '../model/attachments'

/** Row shapes as SQLite returns them, and their mapping to contract entities. */
export interface AccountRow {
  id: number
  platform: ChannelAccount['platform']
  display_name: string
  handle: string
  base_url: string
  status: ChannelAccount['status']
  status_message: string | null
  is_demo: number
}

export interface ConversationRow {
  id: number
  channel_account_id: number
  kind: ConversationSummary['kind']
  status: ConversationSummary['status']
  subject: string | null
  author_name: string
  author_handle: string
  preview: string
  last_activity_at: number
  waiting_since: number | null
  unread: number
  assignee_id: number | null
  message_count: number
  created_at: number
  first_reply_at: number | null
  contact_id: number | null
  snoozed_until: number | null
  /** Listening signals of the latest inbound message; absent from queries that do not select them. */
  sentiment?: 'negative' | 'neutral' | 'positive' | null
  needs_reply?: number | null
}

export interface MessageRow {
  id: number
  remote_id: string | null
  parent_remote_id: string | null
  direction: Message['direction']
  author_name: string
  author_handle: string
  author_profile_url: string | null
  text: string
  html: string | null
  created_at: number
  permalink: string | null
  is_context: number
  deleted_at: number | null
  edited_at: number | null
  sentiment?: 'negative' | 'neutral' | 'positive' | null
  needs_reply?: number | null
  /** JSON of the message's `raw.attachments`, when it has one. */
  attachments?: string | null
}

export const toAccount = (r: AccountRow): ChannelAccount => ({
  id: r.id,
  platform: r.platform,
  displayName: r.display_name,
  handle: r.handle,
  baseUrl: r.base_url,
  status: r.status,
  statusMessage: r.status_message,
  isDemo: r.is_demo === 1,
})

export const toSummary = (r: ConversationRow, tags: string[]): ConversationSummary => ({
  id: r.id,
  accountId: r.channel_account_id,
  kind: r.kind,
  status: r.status,
  subject: r.subject,
  authorName: r.author_name,
  authorHandle: r.author_handle,
  preview: r.preview,
  lastActivityAt: r.last_activity_at,
  waitingSince: r.waiting_since,
  unread: r.unread === 1,
  assigneeId: r.assignee_id,
  messageCount: r.message_count,
  tags,
  snoozedUntil: r.status === 'snoozed' ? (r.snoozed_until ?? null) : null,
  sentiment: r.sentiment ?? null,
  needsReply: r.needs_reply === undefined || r.needs_reply === null ? null : r.needs_reply === 1,
})

export const toDetail = (r: ConversationRow, tags: string[]): ConversationDetail => ({
  ...toSummary(r, tags),
  createdAt: r.created_at,
  firstReplyAt: r.first_reply_at,
  contactId: r.contact_id,
})

export const toMessage = (r: MessageRow): Message => withAttachments(r, {
  id: r.id,
  remoteId: r.remote_id,
  parentRemoteId: r.parent_remote_id,
  direction: r.direction,
  authorName: r.author_name,
  authorHandle: r.author_handle,
  authorProfileUrl: r.author_profile_url,
  text: r.text,
  html: r.html,
  createdAt: r.created_at,
  permalink: r.permalink,
  isContext: r.is_context === 1,
  deletedAt: r.deleted_at,
  editedAt: r.edited_at,
  sentiment: r.sentiment ?? null,
  needsReply: r.needs_reply === undefined || r.needs_reply === null ? null : r.needs_reply === 1,
})

/** The attachments field only when there are some: most channels have none, and the contract leaves it out then. */
function withAttachments(r: MessageRow, message: Message): Message {
  const attachments = attachmentList(r.attachments)
  return attachments.length ? { ...message, attachments } : message
}
