import type { NormalizedItem } from './items'
import { neutraliseItem, sanitizeChannelHtml } from './sanitize'

/**
 * A channel item made ready to store: every field neutralised, the HTML sanitised, the list preview
 * and the platform's own record (as JSON) worked out. The per-item work that needs no database,
 * so it can run before the writer's transaction and on another thread (features/ingest/preparer.ts):
 * the writer only writes. The brand keeps unsanitised items out of the writer at compile time; it is
 * a plain property, so it survives the trip between threads.
 */
export interface PreparedItem extends NormalizedItem {
  readonly prepared: true
  /** The list's one-line preview of `text`. */
  preview: string
  /** `raw` as stored; `raw` itself is dropped once this is made. */
  rawJson: string | null
}

const PREVIEW_LENGTH = 160

export function previewOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat
}

export function prepareItem(delivered: NormalizedItem): PreparedItem {
  // A removal carries no content: nothing of it is stored but the fact.
  if (delivered.removalOnly) return { ...delivered, raw: undefined, prepared: true, preview: '', rawJson: null }
  const item = neutraliseItem(delivered)
  return {
    ...item,
    html: sanitizeChannelHtml(item.html),
    raw: undefined,
    prepared: true,
    preview: previewOf(item.text),
    rawJson: item.raw === undefined ? null : JSON.stringify(item.raw),
  }
}

/** Each item prepared, in the order given (ingest puts a call's items in time order itself). */
export function prepareItems(items: readonly NormalizedItem[]): PreparedItem[] {
  return items.map(prepareItem)
}
