import type { ExpungeEvent, ImapFlow, MailboxObject } from 'imapflow'
import type { FolderCursor } from './cursor'

/**
 * How often a server without QRESYNC has its UID list compared with the known one. A SEARCH over the
 * known window costs the server more than a poll for new UIDs, and a removal is less urgent than an arrival.
 */
export const UID_CHECK_MS = 15 * 60_000

export interface Removals {
  /** Known UIDs that are no longer in the folder (expunged, or moved to another folder). */
  gone: Set<number>
  /** When the UID list was compared (servers without QRESYNC), for the cursor. */
  checkedAt?: number
}

/** Whether the server reports expunged UIDs (RFC 7162 VANISHED) for this open folder. */
export function reportsVanished(client: ImapFlow, mailbox: MailboxObject): boolean {
  return client.enabled.has('QRESYNC') && !mailbox.noModseq && mailbox.highestModseq !== undefined
}

/**
 * The known messages of an open folder that left it since the last poll. With QRESYNC the server names
 * them (UID FETCH … CHANGEDSINCE the stored HIGHESTMODSEQ VANISHED), and nothing is asked when the
 * folder's HIGHESTMODSEQ has not moved. Without it the folder's UIDs over the known window are compared
 * with the known ones, at most every UID_CHECK_MS.
 */
export async function removedSince(client: ImapFlow, mailbox: MailboxObject, previous: FolderCursor, now: number): Promise<Removals> {
  const known = previous.known ?? []
  if (!known.length) return { gone: new Set() }
  const range = `${known[0]![0]}:${known[known.length - 1]![0]}`
  if (reportsVanished(client, mailbox) && previous.highestModseq) {
    if (String(mailbox.highestModseq) === previous.highestModseq) return { gone: new Set() }
    const gone = new Set<number>()
    const listen = (event: ExpungeEvent): void => {
      if (event.vanished && event.uid) gone.add(event.uid)
    }
    client.on('expunge', listen)
    try {
      // The changed messages themselves (flag changes) are not needed: Parley keeps no per-message flags.
      await client.fetchAll(range, { uid: true }, { uid: true, changedSince: BigInt(previous.highestModseq) })
    } finally {
      client.off('expunge', listen)
    }
    return { gone }
  }
  if (previous.checkedAt !== undefined && now - previous.checkedAt < UID_CHECK_MS) return { gone: new Set(), checkedAt: previous.checkedAt }
  const present = new Set(mailbox.exists ? (await client.search({ uid: range }, { uid: true })) || [] : [])
  return { gone: new Set(known.filter(([uid]) => !present.has(uid)).map(([uid]) => uid)), checkedAt: now }
}
