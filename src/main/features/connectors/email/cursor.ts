import type { ThreadMemory } from './threads'

export interface FolderCursor {
  /** UIDVALIDITY as a decimal string (it is a 32-bit unsigned number, BigInt in imapflow). */
  uidValidity: string
  /** The highest UID stored; the next poll asks for the ones above. */
  lastUid: number
  /** When this folder was last polled (ms), to bound a resync after UIDVALIDITY changes. */
  polledAt: number
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
