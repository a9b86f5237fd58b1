import type { ThreadMemory } from './threads'

export interface FolderCursor {
  /** UIDVALIDITY as a decimal string (it is a 32-bit unsigned number, BigInt in imapflow). */
  uidValidity: string
  /** The highest UID stored; the next poll asks for the ones above. */
  lastUid: number
  /** When this folder was last polled (ms), to bound a resync after UIDVALIDITY changes. */
  polledAt: number
  /** HIGHESTMODSEQ (decimal) when the server keeps mod-sequences (CONDSTORE): expunges are asked for since then. */
  highestModseq?: string
  /**
   * The newest messages read from this folder as [UID, Message-ID] pairs, oldest first: a UID the
   * server reports gone is only a number, and this says which message left. Absent in cursors written
   * before Parley tracked removals (the next poll fills it).
   */
  known?: [number, string][]
  /** When the UID list was last compared with the server's, on servers without QRESYNC (ms). */
  checkedAt?: number
}

/**
 * Messages per folder whose removal at the server Parley notices: the recent window a support team
 * works in (weeks of a busy mailbox), small enough for the cursor written after every poll (~120 KB).
 */
export const KNOWN_LIMIT = 2_000

/** The known messages with those that left removed and those just read added, newest KNOWN_LIMIT kept. */
export function nextKnown(known: readonly [number, string][], gone: ReadonlySet<number>, read: readonly [number, string][]): [number, string][] {
  const kept = known.filter(([uid]) => !gone.has(uid))
  const seen = new Set(kept.map(([uid]) => uid))
  for (const pair of read) if (!seen.has(pair[0])) kept.push(pair)
  kept.sort((a, b) => a[0] - b[0])
  return kept.length > KNOWN_LIMIT ? kept.slice(kept.length - KNOWN_LIMIT) : kept
}

export interface EmailCursor {
  v: 1
  folders: Record<string, FolderCursor>
  threads: ThreadMemory
}

export function readCursor(raw: string | null): EmailCursor {
  const empty: EmailCursor = { v: 1, folders: {}, threads: { byMessageId: {}, bySubject: {} } }
  if (!raw) return empty
  try {
    const parsed = JSON.parse(raw) as Partial<EmailCursor>
    if (parsed.v !== 1 || typeof parsed.folders !== 'object' || !parsed.folders) return empty
    return {
      v: 1,
      folders: parsed.folders,
      threads: { byMessageId: { ...parsed.threads?.byMessageId }, bySubject: { ...parsed.threads?.bySubject } },
    }
  } catch {
    return empty
  }
}

/** Sync health's view of the cursor: where each folder stands, so a stuck or renumbered folder can be seen. */
export function folderPositions(raw: string | null): { label: string; position: string }[] {
  return Object.entries(readCursor(raw).folders).map(([folder, at]) => ({
    label: folder,
    position: at.uidValidity ? `read up to UID ${at.lastUid} (UIDVALIDITY ${at.uidValidity})` : 'not read yet',
  }))
}
