/**
 * The contract's declared limits: every string, list and map in every operation's input is
 * bounded and every object is strict (read from the schemas, so a new field without a limit
 * fails here), and calls that are well-formed but too big — a 2 MB draft, 10,000 ids — are
 * refused by those limits with a message that names the field and the limit, changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { limits, operations, triageLimits, type OperationName } from '../../../src/shared/contract'
import { peopleLimits } from '../../../src/shared/contract/operations-people'
import { defOf, isStrictObject, MB, maximumOf } from './fuzz'
import { expectClearRefusal } from './refusal'
import { validSamples } from './samples'
import { fullFingerprint, seededWorkspace, totalChanges, type Ws } from './workspace'

const names = Object.keys(operations) as OperationName[]

/** Every place in a schema where input could be unbounded or carry keys the contract does not know. */
function unbounded(schema: z.ZodType, path: string, out: string[]): string[] {
  const d = defOf(schema)
  switch (d.type) {
    case 'object':
      if (!isStrictObject(schema)) out.push(`${path || '(input)'}: object is not strict (unknown keys would be dropped silently)`)
      for (const [key, field] of Object.entries(d.shape ?? {})) unbounded(field, path ? `${path}.${key}` : key, out)
      break
    case 'string':
      // A length limit or an anchored pattern; either must refuse a megabyte, padded or not.
      if (['x'.repeat(MB), `${' '.repeat(MB / 2)}ab${' '.repeat(MB / 2)}`].some((big) => schema.safeParse(big).success))
        out.push(`${path}: string without a limit`)
      break
    case 'array':
      if (maximumOf(schema) === undefined) out.push(`${path}: list without a maximum length`)
      unbounded(d.element!, `${path}.*`, out)
      break
    case 'tuple':
      d.items?.forEach((item, i) => unbounded(item, `${path}.${i}`, out))
      break
    case 'record': {
      const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 'v']))
      if (schema.safeParse(many).success) out.push(`${path}: map without a limit on its number of keys`)
      unbounded(d.keyType!, `${path}.(key)`, out)
      unbounded(d.valueType!, `${path}.(value)`, out)
      break
    }
    case 'union':
      d.options?.forEach((o) => unbounded(o, path, out))
      break
    case 'pipe':
      unbounded(d.in!, path, out)
      break
    default:
      if (d.innerType) unbounded(d.innerType, path, out)
  }
  return out
}

describe('contract limits', () => {
  it('bounds every string, list and map of every input, and every input object is strict', () => {
    expect(names.length).toBeGreaterThanOrEqual(90)
    const problems = names.flatMap((op) => unbounded(operations[op].input, '', []).map((p) => `${op} ${p}`))
    expect(problems).toEqual([])
  })

  describe('well-formed but oversized calls are refused by the declared limits', () => {
    let ws: Ws
    let dir: string
    let events: string[]
    let cleanup: () => Promise<void>
    beforeAll(async () => {
      ;({ ws, dir, events, cleanup } = await seededWorkspace())
    })
    afterAll(async () => {
      await cleanup()
    })

    const text = (chars: number) => 'Thanks for your patience! '.repeat(Math.ceil(chars / 26)).slice(0, chars)
    const padded = (chars: number, core: string) => `${' '.repeat(chars / 2)}${core}${' '.repeat(chars / 2)}`
    const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1)
    const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`field${i}`, 'value']))
    const rule = validSamples['policy.set'].rules![0]!

    // [operation, what is too big, the input, the field, the limit the message must state]
    const cases: [OperationName, string, Record<string, unknown>, string, number][] = [
      ['drafts.save', 'a 2 MB draft', { conversationId: 1, body: text(2 * MB) }, 'body', limits.draftLength],
      ['policy.evaluate', 'a 2 MB reply', { conversationId: 1, body: text(2 * MB) }, 'body', limits.draftLength],
      ['approvals.editAndApprove', 'a 2 MB edited reply', { ...validSamples['approvals.editAndApprove'], body: text(2 * MB) }, 'body', limits.draftLength],
      ['approvals.reject', 'a note padded to 2 MB', { approvalId: 'a', note: padded(2 * MB, 'no') }, 'note', limits.noteLength],
      ['notes.add', 'a note padded to 2 MB', { conversationId: 1, body: padded(2 * MB, 'Called the customer.') }, 'body', triageLimits.noteLength],
      ['contacts.setNotes', '2 MB of contact notes', { id: 1, notes: text(2 * MB) }, 'notes', peopleLimits.contactNotes],
      ['canned.save', 'a 2 MB canned reply', { name: 'Long', body: text(2 * MB) }, 'body', peopleLimits.cannedBody],
      ['tags.create', 'a tag name padded to 1 MB', { name: padded(MB, 'refund') }, 'name', triageLimits.tagName],
      ['conversations.search', 'a 1 MB query', { query: text(MB) }, 'query', peopleLimits.query],
      ['conversations.setStatus', '10,000 ids', { ids: ids(10_000), status: 'done' }, 'ids', triageLimits.bulkIds],
      ['conversations.assign', '10,000 ids', { ids: ids(10_000), profileId: null }, 'ids', triageLimits.bulkIds],
      ['conversations.markReadMany', '10,000 ids', { ids: ids(10_000), read: true }, 'ids', triageLimits.bulkIds],
      ['conversations.addTags', '10,000 tag ids', { ids: [1], tagIds: ids(10_000) }, 'tagIds', triageLimits.tagsPerCall],
      ['savedViews.reorder', '10,000 ids', { ids: ids(10_000) }, 'ids', peopleLimits.savedViews],
      ['savedViews.matching', '10,000 ids', { conversationIds: ids(10_000) }, 'conversationIds', 1000],
      ['rules.reorder', '10,000 ids', { ids: ids(10_000) }, 'ids', 500],
      ['accounts.add', '10,000 fields', { platform: 'feed', fields: fields(10_000) }, 'fields', limits.connectorFields],
      ['accounts.beginOAuth', '10,000 fields', { platform: 'mastodon', fields: fields(10_000) }, 'fields', limits.connectorFields],
      ['policy.set', '101 rules', { rules: Array.from({ length: 101 }, (_, i) => ({ ...rule, id: `r${i}` })) }, 'rules', 100],
      ['policy.set', '10,000 keywords', { rules: [{ ...rule, when: { keywords: Array.from({ length: 10_000 }, (_, i) => `word${i}`) } }] }, 'rules.0.when.keywords', 200],
      ['conversations.list', 'a page of 10,000', { view: 'inbox', limit: 10_000 }, 'limit', limits.pageSize],
      ['workspace.loadDemo', 'a million conversations', { conversations: 1_000_000 }, 'conversations', limits.demoConversations],
    ]

    it.each(cases)('%s refuses %s at the declared limit', async (op, _what, input, path, limit) => {
      const before = await fullFingerprint(ws, dir)
      const changes = totalChanges(ws.core.db)
      events.length = 0
      const result = await ws.call(op, input)
      expectClearRefusal(op, result, path)
      if (result.ok) return
      const issue = result.error.issues!.find((i) => i.path === path)
      expect(issue?.message).toContain(String(limit))
      expect(result.error.message).toContain(String(limit))
      expect(totalChanges(ws.core.db)).toBe(changes)
      expect(events).toEqual([])
      expect(await fullFingerprint(ws, dir)).toBe(before)
    })
  })
})
