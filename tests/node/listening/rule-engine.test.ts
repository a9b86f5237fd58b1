import { describe, expect, it } from 'vitest'
import type { RuleConditions } from '../../../src/shared/contract'
import { compileRule, conditionsMatch, planFor } from '../../../src/main/features/listening/rule-engine'
import { indexFacts, parseTracked, trackedMatches, type MessageFacts } from '../../../src/main/features/listening/text-match'

const base: MessageFacts = {
  messageId: 10,
  conversationId: 3,
  accountId: 1,
  platform: 'mastodon',
  accountName: 'Lumen Bikes',
  accountHandle: '@lumenbikes@mastodon.social',
  kind: 'mention',
  status: 'open',
  unread: true,
  assigneeId: null,
  assigneeName: null,
  tags: ['vip'],
  authorName: 'Inês Araújo',
  authorHandle: '@ines@fosstodon.org',
  authorRemoteId: '42',
  remoteId: '1001',
  conversationKey: '1000',
  text: 'My e-bike arrived BROKEN, I want a refund! https://example.com/photo',
  subject: null,
  createdAt: Date.UTC(2026, 10, 16, 9),
  sentiment: 'negative',
  needsReply: true,
  language: 'en',
  followers: 1200,
}

const cases: { name: string; when: RuleConditions; facts?: Partial<MessageFacts>; match: boolean }[] = [
  { name: 'no conditions match everything', when: {}, match: true },
  { name: 'a word, case and accents folded', when: { text: 'broken' }, match: true },
  { name: 'OR between alternatives', when: { text: 'warranty OR refund' }, match: true },
  { name: 'every word of an alternative must be there', when: { text: 'refund warranty' }, match: false },
  { name: 'a negated word excludes', when: { text: 'refund -broken' }, match: false },
  { name: 'a phrase keeps its order', when: { text: '"want a refund"' }, match: true },
  { name: 'a phrase in the wrong order fails', when: { text: '"refund a want"' }, match: false },
  { name: 'punctuation makes a phrase of tokens', when: { text: 'e-bike' }, match: true },
  { name: 'a prefix', when: { text: 'refu*' }, match: true },
  { name: 'accents folded in the message', when: { text: 'araujo' }, match: true },
  { name: 'search filters: from:', when: { text: 'from:ines refund' }, match: true },
  { name: 'search filters: tag:', when: { text: 'tag:vip' }, match: true },
  { name: 'search filters: negated kind', when: { text: '-kind:mention' }, match: false },
  { name: 'search filters: needs:reply and sentiment:', when: { text: 'needs:reply sentiment:negative' }, match: true },
  { name: 'search filters: -needs:reply', when: { text: '-needs:reply' }, match: false },
  { name: 'search filters: sentiment:unrated', when: { text: 'sentiment:unrated' }, facts: { sentiment: null }, match: true },
  { name: 'search filters: sentiment: another class', when: { text: 'sentiment:positive' }, match: false },
  { name: 'platform', when: { platforms: ['bluesky'] }, match: false },
  { name: 'channel account', when: { accountIds: [1, 2] }, match: true },
  { name: 'kind', when: { kinds: ['dm'] }, match: false },
  { name: 'author part', when: { author: 'ines' }, match: true },
  { name: 'language', when: { languages: ['de'] }, match: false },
  { name: 'unknown language never matches a language condition', when: { languages: ['en'] }, facts: { language: null }, match: false },
  { name: 'sentiment', when: { sentiments: ['negative', 'neutral'] }, match: true },
  { name: 'needs reply false', when: { needsReply: false }, match: false },
  { name: 'min followers', when: { minFollowers: 1000 }, match: true },
  { name: 'max followers', when: { maxFollowers: 1000 }, match: false },
  { name: 'unknown followers never satisfy a bound', when: { minFollowers: 0 }, facts: { followers: null }, match: false },
  { name: 'all conditions together', when: { text: 'refund', kinds: ['mention'], sentiments: ['negative'], needsReply: true, minFollowers: 10 }, match: true },
]

describe('rule conditions', () => {
  it.each(cases)('$name', ({ when, facts, match }) => {
    const f = { ...base, ...facts }
    const compiled = compileRule({ id: 1, name: 'r', conditions: when, actions: [{ type: 'tag', tag: 'x' }] })
    expect(conditionsMatch(when, compiled.text, f, indexFacts(f))).toBe(match)
  })

  it('refuses a query with a mistake, in plain words', () => {
    expect(() => parseTracked('refund OR frm:ines')).toThrow(/Unknown filter "frm:"/)
  })

  it('keeps OR inside quotes as text', () => {
    const q = parseTracked('"this OR that"')
    expect(q.alternatives).toHaveLength(1)
    expect(trackedMatches(q, { ...base, text: 'this or that' }, indexFacts({ ...base, text: 'this or that' }))).toBe(true)
  })
})

describe('planning', () => {
  it('applies every matching rule, in order, each action named for the timeline', () => {
    const rules = [
      compileRule({ id: 7, name: 'Refunds', conditions: { text: 'refund' }, actions: [{ type: 'tag', tag: 'refund' }, { type: 'assign', profileId: 2 }] }),
      compileRule({ id: 8, name: 'Praise', conditions: { sentiments: ['positive'] }, actions: [{ type: 'tag', tag: 'praise' }] }),
      compileRule({ id: 9, name: 'Links', conditions: { text: 'https' }, actions: [{ type: 'block' }] }),
    ]
    const plan = planFor(rules, base, indexFacts(base), (id) => (id === 2 ? 'Sam' : '?'))
    expect(plan.map((o) => [o.ruleName, o.description])).toEqual([
      ['Refunds', 'tagged refund'],
      ['Refunds', 'assigned this to Sam'],
      ['Links', 'asked the platform to block @ines@fosstodon.org'],
    ])
  })
})
