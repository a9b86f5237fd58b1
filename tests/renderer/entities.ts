import type { Approval, ConversationSummary, OutboxItem, Profile } from '@shared/contract'

/** Plain records as the core returns them, for renderer tests; each test overrides what it is about. */

export const NOW = Date.now()
export const agentSam: Profile = { id: 2, name: 'Sam', role: 'agent' }

/** A conversation as listed in the inbox: open, read, unassigned, with no tags. */
export const conversationSummary = (id: number, patch: Partial<ConversationSummary> = {}): ConversationSummary => ({
  id,
  accountId: 1,
  kind: 'comment',
  status: 'open',
  subject: null,
  authorName: `Person ${id}`,
  authorHandle: `@p${id}@social.example`,
  preview: 'Does it fit?',
  lastActivityAt: NOW - id,
  waitingSince: null,
  unread: false,
  assigneeId: null,
  messageCount: 2,
  tags: [],
  ...patch,
})

/** An agent's reply waiting for one supervisor, a minute old. */
export const pendingApproval = (patch: Partial<Approval> = {}): Approval => ({
  id: 'ap-1',
  conversationId: 7,
  accountId: 1,
  inReplyTo: '109',
  author: agentSam,
  body: 'Thanks for asking! It fits.',
  originalBody: null,
  editedBy: null,
  bodyHash: 'a'.repeat(64),
  status: 'pending',
  step: 1,
  steps: [{ kind: 'supervisor' }],
  decisions: [],
  decidedBy: null,
  decisionNote: null,
  reason: 'Default: agents need approval.',
  createdAt: NOW - 60_000,
  decidedAt: null,
  waitedMs: 60_000,
  deadline: null,
  ...patch,
})

/** An approved reply queued to go out in ten seconds. */
export const queuedOutboxItem = (patch: Partial<OutboxItem> = {}): OutboxItem => ({
  id: 'it-1',
  conversationId: 7,
  accountId: 1,
  approvalId: 'ap-1',
  authorId: agentSam.id,
  body: 'It folds, yes.',
  inReplyTo: '109',
  state: 'queued',
  holdReason: null,
  attempts: 0,
  notBefore: NOW + 10_000,
  remoteId: null,
  permalink: null,
  lastError: null,
  createdAt: NOW,
  updatedAt: NOW,
  sentAt: null,
  ...patch,
})
