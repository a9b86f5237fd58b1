import { DateTime } from 'luxon'
import type { WeeklySummary } from '../../../shared/contract/operations-reports'
import type { ConversationRow } from './metrics'

type Cell = string | number | null

/**
 * Text that a spreadsheet would run as a formula (= + - @, and tab or CR that some strip first)
 * gets a leading apostrophe, the OWASP-recommended neutraliser. Numbers stay numbers.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** RFC 4180: quote fields with a comma, quote, CR or LF; double the quotes; CRLF between records. */
export function csvField(cell: Cell): string {
  if (cell === null) return ''
  const text = typeof cell === 'number' ? String(cell) : neutralise(cell)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A UTF-8 byte order mark: without it Excel reads the file as the system code page and garbles non-Latin names. */
export const BOM = '\uFEFF'

export function toCsv(header: string[], rows: Cell[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

const iso = (at: number | null, zone: string): string | null => (at === null ? null : DateTime.fromMillis(at, { zone }).toISO({ suppressMilliseconds: true }))
const minutes = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 6_000) / 10)

/** One row per conversation with a message received or sent in the week. */
export function conversationsCsv(s: WeeklySummary, rows: ConversationRow[]): string {
  return toCsv(
    ['week', 'conversation_id', 'channel', 'account', 'kind', 'status_now', 'author', 'about', 'received', 'replies_sent', 'first_received_at', 'first_response_at', 'first_response_minutes', 'negative', 'positive', 'tags'],
    rows.map((r) => [
      s.week,
      r.id,
      r.channel,
      r.account,
      r.kind,
      r.status,
      r.author,
      r.title,
      r.received,
      r.repliesSent,
      iso(r.firstReceivedAt, s.timeZone),
      iso(r.firstResponseAt, s.timeZone),
      r.firstResponseAt !== null && r.firstReceivedAt !== null ? minutes(r.firstResponseAt - r.firstReceivedAt) : null,
      r.negative,
      r.positive,
      r.tags,
    ]),
  )
}

/** One row per local day of the week. */
export function daysCsv(s: WeeklySummary): string {
  const channels = s.receivedByChannel.map((c) => c.name)
  return toCsv(
    ['week', 'date', 'received', ...channels.map((c) => `received_${c}`), 'replies_sent', 'first_response_median_minutes', 'first_response_p90_minutes'],
    s.days.map((d, i) => [
      s.week,
      d.date,
      d.received,
      ...channels.map((c) => d.byChannel[c] ?? 0),
      d.repliesSent,
      minutes(s.firstResponse.byDay[i]?.medianMs ?? null),
      minutes(s.firstResponse.byDay[i]?.p90Ms ?? null),
    ]),
  )
}
