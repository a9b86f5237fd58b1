/** The labelled community comments in tests/fixtures/sentiment, and the scores the sentiment test reports. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Sentiment } from '../../../src/main/features/listening/signals'

export type Category = 'complaint' | 'question' | 'request' | 'praise' | 'chatter' | 'thanks' | 'spam' | 'unknown'

export interface Labelled {
  text: string
  lang: string
  sentiment: Sentiment
  needsReply: boolean
  category: Category
  kind?: string
  /** Tuning split (70 %) or held out (30 %), fixed by a hash of the text so it never moves. */
  split: 'tune' | 'held-out'
}

const dir = join(import.meta.dirname, '../../fixtures/sentiment')

function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0
  return h
}
const splitOf = (text: string): Labelled['split'] => (fnv1a(text) % 10 < 7 ? 'tune' : 'held-out')

/** The first set (TSV, written before categories were labelled): label, needs_reply, lang, text. */
function fromTsv(file: string): Labelled[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [sentiment, need, lang, text] = line.split('\t') as [Sentiment, string, string, string]
      return { text, lang, sentiment, needsReply: need === '1', category: 'unknown', split: splitOf(text) }
    })
}

function fromJsonl(file: string): Labelled[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const row = JSON.parse(line) as Omit<Labelled, 'split'>
      return { ...row, split: splitOf(row.text) }
    })
}

export function labelledSet(): Labelled[] {
  const files = readdirSync(dir).sort()
  return [...files.filter((f) => f.endsWith('.tsv')).flatMap(fromTsv), ...files.filter((f) => f.endsWith('.jsonl')).flatMap(fromJsonl)]
}

export interface Scored extends Labelled {
  predicted: Sentiment | null
  predictedNeedsReply: boolean
}

export interface Figures {
  n: number
  accuracy: number
  recall: Record<Sentiment, number>
  /** Share of complaints and questions flagged as needing a reply (TSV rows: every row labelled needs-reply). */
  needsReplyRecall: number
  needsReplyPrecision: number
}

const CLASSES: Sentiment[] = ['negative', 'neutral', 'positive']
const ratio = (a: number, b: number): number => (b ? a / b : 1)

export function figures(rows: Scored[]): Figures {
  const recall = Object.fromEntries(
    CLASSES.map((c) => [c, ratio(rows.filter((r) => r.sentiment === c && r.predicted === c).length, rows.filter((r) => r.sentiment === c).length)]),
  ) as Record<Sentiment, number>
  const mustReply = rows.filter((r) => (r.category === 'unknown' ? r.needsReply : r.category === 'complaint' || r.category === 'question'))
  const flagged = rows.filter((r) => r.predictedNeedsReply)
  return {
    n: rows.length,
    accuracy: ratio(rows.filter((r) => r.predicted === r.sentiment).length, rows.length),
    recall,
    needsReplyRecall: ratio(mustReply.filter((r) => r.predictedNeedsReply).length, mustReply.length),
    needsReplyPrecision: ratio(flagged.filter((r) => r.needsReply).length, flagged.length),
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`
export const describeFigures = (f: Figures): string =>
  `n ${f.n}, accuracy ${pct(f.accuracy)}, recall neg ${pct(f.recall.negative)} neu ${pct(f.recall.neutral)} pos ${pct(f.recall.positive)}, ` +
  `needs-reply recall ${pct(f.needsReplyRecall)} precision ${pct(f.needsReplyPrecision)}`
