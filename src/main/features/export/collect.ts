import {
  auditEventSchema,
  CONVERSATION_EXPORT_SCHEMA,
  type AuditEvent,
  type ConversationExport,
  type Message,
} from '../../../shared/contract'
import type { Clock } from '../../base/clock'
import type { PlatformNames } from '../../model/connector'
import type { ApprovalsService } from '../approval/service'
import type { AuditLog } from '../../store/audit'
import type { InboxService } from '../inbox/service'
import type { OutboxService } from '../outbox/service'
import type { ProfilesService } from '../people/service'
import type { WeeklyReports } from '../reports/summary'

/** The services an export reads; the core passes itself. */
export interface ExportSources {
  config: { clock: Clock }
  inbox: Pick<InboxService, 'get' | 'accounts'>
  profiles: Pick<ProfilesService, 'list' | 'currentProfile'>
  audit: Pick<AuditLog, 'export'>
  reports: { settings: Pick<WeeklyReports['settings'], 'timeZone'> }
  approvals: Pick<ApprovalsService, 'list'>
  outbox: Pick<OutboxService, 'list'>
  connectors: Pick<PlatformNames, 'label'>
}

/** Generous caps: a conversation's whole record, but never an unbounded read. */
const CAP = { approvals: 1_000, outbox: 1_000 } as const

/**
 * Gathers one conversation's whole record from the same services the app reads, so the export
 * shows exactly what the conversation pane and the audit timeline show.
 */
export function collectConversation(core: ExportSources, id: number, includeNotes: boolean): ConversationExport {
  const { conversation, messages } = core.inbox.get(id)
  const account = core.inbox.accounts().find((a) => a.id === conversation.accountId) ?? null
  const profiles = core.profiles.list()
  const assignee = profiles.find((p) => p.id === conversation.assigneeId) ?? null
  const audit = core.audit
    .export(id)
    .lines.split('\n')
    .filter((line) => line !== '')
    .map((line) => auditEventSchema.parse(JSON.parse(line)) as AuditEvent)
  return {
    schema: CONVERSATION_EXPORT_SCHEMA,
    exportedAt: core.config.clock.now(),
    exportedBy: core.profiles.currentProfile(),
    timeZone: core.reports.settings.timeZone(),
    includesInternalNotes: includeNotes,
    conversation: {
      id: conversation.id,
      kind: conversation.kind,
      status: conversation.status,
      subject: conversation.subject,
      authorName: conversation.authorName,
      authorHandle: conversation.authorHandle,
      createdAt: conversation.createdAt,
      lastActivityAt: conversation.lastActivityAt,
      firstReplyAt: conversation.firstReplyAt,
      tags: conversation.tags,
      assignee: assignee ? { id: assignee.id, name: assignee.name, role: assignee.role } : null,
    },
    channel: account ? { accountId: account.id, platform: account.platform, platformLabel: core.connectors.label(account.platform), displayName: account.displayName, handle: account.handle, baseUrl: account.baseUrl } : null,
    messages: messages.filter((m) => includeNotes || m.direction !== 'note').map(exportedMessage),
    approvals: core.approvals.list({ conversationId: id, status: 'all', limit: CAP.approvals }),
    outbox: core.outbox.list({ conversationId: id, limit: CAP.outbox }),
    audit,
    people: profiles.filter((p) => audit.some((e) => e.profileId === p.id)).map((p) => ({ id: p.id, name: p.name, role: p.role })),
  }
}

function exportedMessage(m: Message): ConversationExport['messages'][number] {
  return {
    id: m.id,
    remoteId: m.remoteId,
    parentRemoteId: m.parentRemoteId,
    direction: m.direction,
    internal: m.direction === 'note',
    isContext: m.isContext,
    author: { name: m.authorName, handle: m.authorHandle, profileUrl: m.authorProfileUrl },
    text: m.text,
    createdAt: m.createdAt,
    editedAt: m.editedAt,
    deletedAt: m.deletedAt,
    permalink: m.permalink,
  }
}
