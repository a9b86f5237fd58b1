import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { needsReplyOf, sentimentOf, type Sentiment } from '../../../src/main/listening/signals'

interface Labelled {
  label: Sentiment
  needsReply: boolean
  lang: string
  text: string
}

const dir = join(import.meta.dirname, '../../fixtures/sentiment')
const set: Labelled[] = readdirSync(dir)
  .filter((f) => f.endsWith('.tsv'))
  .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => {
    const [label, need, lang, text] = line.split('\t') as [Sentiment, string, string, string]
    return { label, needsReply: need === '1', lang, text }
  })

const classes: Sentiment[] = ['negative', 'neutral', 'positive']

function metrics(): { accuracy: number; perClass: Record<Sentiment, { precision: number; recall: number }>; needsReply: number } {
  const predicted = set.map((s) => sentimentOf(s.text))
  const perClass = Object.fromEntries(
    classes.map((c) => {
      const tp = set.filter((s, i) => s.label === c && predicted[i] === c).length
      const said = predicted.filter((p) => p === c).length
      const real = set.filter((s) => s.label === c).length
      return [c, { precision: said ? tp / said : 0, recall: real ? tp / real : 0 }]
    }),
  ) as Record<Sentiment, { precision: number; recall: number }>
  const accuracy = set.filter((s, i) => predicted[i] === s.label).length / set.length
  const needsReply = set.filter((s, i) => needsReplyOf(s.text, predicted[i]) === s.needsReply).length / set.length
  return { accuracy, perClass, needsReply }
}

describe('on-device sentiment and needs-reply (tests/fixtures/sentiment)', () => {
  it('has at least 300 labelled comments covering every class and some non-English ones', () => {
    expect(set.length).toBeGreaterThanOrEqual(300)
    for (const c of classes) expect(set.filter((s) => s.label === c).length).toBeGreaterThan(50)
    expect(set.filter((s) => s.lang !== 'en').length).toBeGreaterThanOrEqual(20)
  })

  it('stays above the accuracy floor the README states', () => {
    const m = metrics()
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`
    console.info(
      `sentiment accuracy ${pct(m.accuracy)} on ${set.length}; ` +
        classes.map((c) => `${c} P ${pct(m.perClass[c].precision)} R ${pct(m.perClass[c].recall)}`).join('; ') +
        `; needs-reply accuracy ${pct(m.needsReply)}`,
    )
    expect(m.accuracy).toBeGreaterThanOrEqual(0.8)
    for (const c of classes) expect(m.perClass[c].recall).toBeGreaterThanOrEqual(0.65)
    expect(m.needsReply).toBeGreaterThanOrEqual(0.85)
  })

  it('reads plain cases the obvious way', () => {
    expect(sentimentOf('I love this bike, thank you!')).toBe('positive')
    expect(sentimentOf('My order never arrived and I want a refund.')).toBe('negative')
    expect(sentimentOf('What are your opening hours?')).toBe('neutral')
    expect(needsReplyOf('What are your opening hours?')).toBe(true)
    expect(needsReplyOf('Picked up my bike today.')).toBe(false)
  })
})
