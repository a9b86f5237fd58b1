import type { ConversationStatus } from '../../../shared/contract'

/** The sentences activity lines show in the thread ("Mira assigned this to Sam"). */

const whenFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })

export function statusSentence(actor: string, status: ConversationStatus, snoozedUntil: number | null): string {
  switch (status) {
    case 'open':
      return `${actor} reopened this`
    case 'pending':
      return `${actor} marked this pending (waiting for a reply)`
    case 'done':
      return `${actor} marked this done`
    case 'snoozed':
      return `${actor} snoozed this until ${snoozedUntil === null ? 'later' : whenFormat.format(snoozedUntil)}`
  }
}

export function assignSentence(actor: { id: number; name: string }, assignee: { id: number; name: string } | null, previous: string | null): string {
  if (!assignee) return previous ? `${actor.name} unassigned ${previous}` : `${actor.name} unassigned this`
  if (assignee.id === actor.id) return `${actor.name} assigned this to themselves`
  return `${actor.name} assigned this to ${assignee.name}`
}

export function tagSentence(actor: string, names: string[], added: boolean): string {
  const list = names.join(', ')
  if (added) return `${actor} tagged this ${list}`
  return `${actor} removed the ${names.length === 1 ? 'tag' : 'tags'} ${list}`
}
