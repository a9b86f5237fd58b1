import { DateTime } from 'luxon'
import type { ConversationExport } from '../../../shared/contract'
import { safeRemoteUrl } from '../../model/sanitize'

type Doc = ConversationExport
type ExportedMessage = Doc['messages'][number]

/** "Mon 16 Nov 2026, 09:40" in the workspace's zone. */
export const stamp = (doc: Doc, at: number): string => DateTime.fromMillis(at, { zone: doc.timeZone }).setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm')

export const directionLabels: Record<ExportedMessage['direction'], string> = { in: 'Received', out: 'Sent', note: 'Internal note', activity: 'Activity' }

export const statusLabels: Record<Doc['conversation']['status'], string> = { open: 'Open', pending: 'Pending', snoozed: 'Snoozed', done: 'Done' }

export function channelLine(doc: Doc): string {
  const c = doc.channel
  return c ? `${c.platformLabel} · ${c.displayName} (${c.handle})` : 'Unknown channel account'
}

export function conversationTitle(doc: Doc): string {
  return doc.conversation.subject?.trim() || `Conversation with ${doc.conversation.authorName}`
}

/** A permalink the export may link to: http(s) only, re-serialised; anything else is dropped. */
export const permalinkOf = (m: { permalink: string | null }): string | null => safeRemoteUrl(m.permalink)

/** The thread in reading order: the post a comment hangs on first, then by time. */
export function threadOrder(doc: Doc): ExportedMessage[] {
  return [...doc.messages].sort((a, b) => Number(b.isContext) - Number(a.isContext) || a.createdAt - b.createdAt || a.id - b.id)
}

export function messageMeta(doc: Doc, m: ExportedMessage): string {
  const parts = [directionLabels[m.direction], stamp(doc, m.createdAt)]
  if (m.isContext) parts.unshift('Original post')
  if (m.editedAt !== null) parts.push(`edited ${stamp(doc, m.editedAt)}`)
  if (m.deletedAt !== null) parts.push(`deleted ${stamp(doc, m.deletedAt)}`)
  return parts.join(' · ')
}

export function approvalLine(doc: Doc, a: Doc['approvals'][number]): string {
  const decided = a.decidedAt !== null ? `, decided ${stamp(doc, a.decidedAt)}${a.decidedBy ? ` by ${a.decidedBy.name}` : ''}` : ''
  return `${a.status.replace('_', ' ')}: submitted by ${a.author.name} ${stamp(doc, a.createdAt)}${decided}`
}

export function auditLine(doc: Doc, e: Doc['audit'][number], names: Map<number, string>): string {
  const who = e.profileId === null ? 'Parley' : (names.get(e.profileId) ?? `profile ${e.profileId}`)
  return `${stamp(doc, e.at)} · ${e.kind.replace('_', ' ')} · ${who}`
}

/** Who did what in the trail, by name, from the approvals and the exporter (the trail stores ids). */
export function profileNames(doc: Doc): Map<number, string> {
  const names = new Map<number, string>([[doc.exportedBy.id, doc.exportedBy.name]])
  for (const p of doc.people) names.set(p.id, p.name)
  for (const a of doc.approvals) {
    names.set(a.author.id, a.author.name)
    for (const d of a.decisions) names.set(d.profile.id, d.profile.name)
  }
  if (doc.conversation.assignee) names.set(doc.conversation.assignee.id, doc.conversation.assignee.name)
  return names
}

export const baseName = (doc: Doc): string => `parley-conversation-${doc.conversation.id}`
