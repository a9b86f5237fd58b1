import { describe, expect, it } from 'vitest'
import { highlightTerms, parseQuery, type QueryNode } from '../../../src/main/model/search'
import { ParleyError } from '../../../src/shared/contract'

const w = (value: string, extra: { prefix?: boolean; negated?: boolean } = {}): QueryNode => ({
  type: 'word',
  value,
  prefix: extra.prefix ?? false,
  negated: extra.negated ?? false,
})
const ph = (value: string, negated = false): QueryNode => ({ type: 'phrase', value, negated })
const f = (key: string, value: unknown, negated = false): QueryNode => ({ type: 'filter', key, value, negated }) as QueryNode

const valid: [string, QueryNode[]][] = [
  ['', []],
  ['   ', []],
  ['battery', [w('battery')]],
  ['battery charger', [w('battery'), w('charger')]],
  ['  battery   charger  ', [w('battery'), w('charger')]],
  ['"stopped charging"', [ph('stopped charging')]],
  ['batt*', [w('batt', { prefix: true })]],
  ['-refund', [w('refund', { negated: true })]],
  ['-"money back"', [ph('money back', true)]],
  ['-batt*', [w('batt', { prefix: true, negated: true })]],
  ['*', [w('*')]],
  ['-', [w('-')]],
  ['a-b', [w('a-b')]],
  ['NEAR(', [w('NEAR(')]],
  ['foo"bar"', [w('foo'), ph('bar')]],
  ['""', [ph('')]],
  ['from:ines', [f('from', 'ines')]],
  ['FROM:ines', [f('from', 'ines')]],
  ['from:"Inês Araújo"', [f('from', 'Inês Araújo')]],
  ['from:@ines@fosstodon.org', [f('from', '@ines@fosstodon.org')]],
  ['-from:ines', [f('from', 'ines', true)]],
  ['channel:mastodon', [f('channel', 'mastodon')]],
  ['channel:"Lumen Bikes"', [f('channel', 'Lumen Bikes')]],
  ['kind:dm', [f('kind', 'dm')]],
  ['kind:DM', [f('kind', 'dm')]],
  ['Kind:feed', [f('kind', 'feed')]],
  ['-kind:comment', [f('kind', 'comment', true)]],
  ['is:open', [f('is', 'open')]],
  ['is:Unread', [f('is', 'unread')]],
  ['-is:done', [f('is', 'done', true)]],
  ['tag:warranty', [f('tag', 'warranty')]],
  ['tag:"needs follow-up"', [f('tag', 'needs follow-up')]],
  ['assignee:me', [f('assignee', { me: true })]],
  ['assignee:none', [f('assignee', { none: true })]],
  ['assignee:Ana', [f('assignee', { name: 'Ana' })]],
  ['assignee:"me"', [f('assignee', { name: 'me' })]],
  ['before:2026-11-22', [f('before', '2026-11-22')]],
  ['after:2024-02-29', [f('after', '2024-02-29')]],
  ['https://lumen.example/help', [w('https://lumen.example/help')]],
  [
    'battery -refund from:ines is:open "after the update" tag:warranty',
    [w('battery'), w('refund', { negated: true }), f('from', 'ines'), f('is', 'open'), ph('after the update'), f('tag', 'warranty')],
  ],
]

const invalid: [string, RegExp][] = [
  ['hello kin:dm', /^Unknown filter "kin:" at column 7\. Did you mean "kind:"\?$/],
  ['frm:ines', /^Unknown filter "frm:" at column 1\. Did you mean "from:"\?/],
  ['-tags:x', /^Unknown filter "tags:" at column 2\. Did you mean "tag:"\?/],
  ['zzzzzz:x', /^Unknown filter "zzzzzz:" at column 1\. Filters are from:, channel:/],
  ['is:closed', /^"is:closed" at column 1 is not a status; use open, pending, snoozed, done or unread\.$/],
  ['a kind:email', /^"kind:email" at column 3 is not a kind; use dm, comment, mention or feed\.$/],
  ['hello "world', /^Unclosed quote starting at column 7\.$/],
  ['from:"Inês', /^Unclosed quote starting at column 6\.$/],
  ['before:yesterday', /^before: needs a date like 2026-11-22 \(got "yesterday" at column 1\)\.$/],
  ['x after:2026-02-30', /^after: needs a date like 2026-11-22 \(got "2026-02-30" at column 3\)\.$/],
  ['before:2026-1-2', /^before: needs a date like 2026-11-22/],
  ['from:', /^from: needs a value \(column 1\)\.$/],
  ['a tag:""', /^tag: needs a value \(column 3\)\.$/],
]

describe('parseQuery', () => {
  it.each(valid)('parses %j', (query, nodes) => {
    expect(parseQuery(query)).toEqual({ nodes })
  })

  it.each(invalid)('rejects %j', (query, message) => {
    let error: unknown
    try {
      parseQuery(query)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ParleyError)
    expect((error as ParleyError).code).toBe('bad_input')
    expect((error as ParleyError).message).toMatch(message)
  })

  it('has at least 40 cases', () => {
    expect(valid.length + invalid.length).toBeGreaterThanOrEqual(40)
  })
})

describe('highlightTerms', () => {
  it('returns only the positive, searchable text terms', () => {
    expect(highlightTerms(parseQuery('batt* "after the update" -refund from:ines * -'))).toEqual([
      { text: 'batt', prefix: true, phrase: false },
      { text: 'after the update', prefix: false, phrase: true },
    ])
  })
})
