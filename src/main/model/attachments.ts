import type { MessageAttachment } from '../../shared/contract'

/** More than any real message carries; a hostile list stops here. */
const LIST_LIMIT = 1_000
const NAME_LIMIT = 200

const isAttachment = (a: unknown): a is MessageAttachment =>
  typeof a === 'object' &&
  a !== null &&
  typeof (a as MessageAttachment).name === 'string' &&
  typeof (a as MessageAttachment).type === 'string' &&
  typeof (a as MessageAttachment).size === 'number'

/**
 * The files a message came with. A connector that lists them puts them in the item's `raw.attachments`
 * ({ name, type, size } each, in its own order: the index it is later asked to fetch by); this reads that
 * JSON back, dropping anything of another shape.
 */
export function attachmentList(json: string | null | undefined): MessageAttachment[] {
  if (!json) return []
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return []
  }
  if (!Array.isArray(value)) return []
  return value
    .slice(0, LIST_LIMIT)
    .filter(isAttachment)
    .map((a) => ({ name: a.name.slice(0, NAME_LIMIT * 2), type: a.type.slice(0, 200), size: a.size }))
}

/**
 * A file name a sender chose, made safe to save under: no folders (either slash), no control or
 * direction-changing characters (which make "gpj.exe" read as "exe.jpg"), none a file system refuses,
 * no leading dots (hidden files, ".."), and not too long. What is left of it is kept recognisable.
 */
export function safeFileName(name: string, fallback = 'attachment'): string {
  const cleaned = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[/\\:*?"<>|]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
  if (!cleaned) return fallback
  if (cleaned.length <= NAME_LIMIT) return cleaned
  // Keep the extension when cutting: it is what the system opens the file with.
  const dot = cleaned.lastIndexOf('.')
  const ext = dot > 0 && cleaned.length - dot <= 12 ? cleaned.slice(dot) : ''
  return cleaned.slice(0, NAME_LIMIT - ext.length) + ext
}
