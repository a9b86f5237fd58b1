/**
 * Property: for every operation in the contract, an invalid input is refused with a clear
 * bad_input error that names the field, through the real router on a real SQLite
 * workspace, and nothing changes: no row, no file, no event, no in-memory state, no
 * prototype. PARLEY_FC_SEED fixes the seed (reproduce a failure with the seed and path
 * fast-check prints); PARLEY_FC_RUNS sets the runs per operation for a long run.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { operationNames, operations, type OperationName } from '../../../src/shared/contract'
import { invalidInputs, prototypeKeys, type InvalidCase } from './fuzz'
import { expectClearRefusal } from './refusal'
import { validSamples } from './samples'
import { fullFingerprint, seededWorkspace, totalChanges, type Ws } from './workspace'

const SEED = Number(process.env.PARLEY_FC_SEED ?? 20_261_116)
const RUNS = Number(process.env.PARLEY_FC_RUNS ?? 100)

/** Enumerated from the contract's operation map, never listed here. */
const names = Object.keys(operations) as OperationName[]

describe('contract: every operation refuses invalid input clearly and changes nothing', () => {
  let ws: Ws
  let dir: string
  let events: string[]
  let cleanup: () => Promise<void>
  const stats = { operations: 0, calls: 0 }

  beforeAll(async () => {
    ;({ ws, dir, events, cleanup } = await seededWorkspace())
  })
  afterAll(async () => {
    console.info(`[contract] ${stats.operations} of ${names.length} operations × ${RUNS} runs passed: ${stats.calls} invalid calls (seed ${SEED})`)
    await cleanup()
  })

  it('enumerates the operations from the contract', () => {
    expect(names.length).toBeGreaterThanOrEqual(90)
    expect([...names].sort()).toEqual([...operationNames].sort())
    expect(Object.keys(validSamples).sort()).toEqual([...names].sort())
  })

  it.each(names)('%s: the valid sample the generators start from is valid', (op) => {
    const parsed = operations[op].input.safeParse(validSamples[op])
    expect(parsed.error?.issues ?? []).toEqual([])
  })

  it.each(names)('%s: invalid input is refused with a clear error, nothing changed', async (op) => {
    const schema = operations[op].input
    const arb = invalidInputs(schema, validSamples[op] as Record<string, unknown>)
    const before = await fullFingerprint(ws, dir)
    const proto = prototypeKeys()
    await fc.assert(
      fc.asyncProperty(arb, async (c: InvalidCase) => {
        const changes = totalChanges(ws.core.db)
        events.length = 0
        const result = await ws.call(op, c.input)
        stats.calls++
        expectClearRefusal(op, result, c.path)
        expect(totalChanges(ws.core.db), 'the call wrote to the database').toBe(changes)
        expect(events, 'the call announced a change').toEqual([])
        expect(prototypeKeys()).toEqual(proto)
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      }),
      { seed: SEED, numRuns: RUNS },
    )
    stats.operations++
    expect(await fullFingerprint(ws, dir)).toBe(before)
  })

  it('map keys named __proto__ or constructor stay data: the handler refuses them in plain words, nothing changed', async () => {
    // The one map in the inputs: connector fields. Its keys are any strings, so the schema lets these through.
    const known = new Set(['instance', 'token', 'handle', 'appPassword', 'url', 'keywords', 'service'])
    const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'), fc.string({ minLength: 1, maxLength: 12 }))
    const arb = fc.record({
      platform: fc.constantFrom('mastodon', 'bluesky', 'feed'),
      op: fc.constantFrom('accounts.add', 'accounts.beginOAuth'),
      entries: fc.uniqueArray(fc.tuple(key.filter((k) => !known.has(k)), fc.string({ maxLength: 40 })), { minLength: 1, maxLength: 12, selector: ([k]) => k }),
    })
    const before = await fullFingerprint(ws, dir)
    const proto = prototypeKeys()
    await fc.assert(
      fc.asyncProperty(arb, async ({ platform, op, entries }) => {
        // As JSON.parse (HTTP) and structured clone (IPC) deliver them: own keys, '__proto__' included.
        const fields: Record<string, string> = {}
        for (const [k, v] of entries) Object.defineProperty(fields, k, { value: v, enumerable: true, writable: true, configurable: true })
        const changes = totalChanges(ws.core.db)
        const result = await ws.call(op, { platform, fields })
        expect(result.ok).toBe(false)
        if (result.ok) return
        expect(['bad_input', 'unavailable']).toContain(result.error.code)
        expect(result.error.message.length).toBeLessThanOrEqual(400)
        expect(totalChanges(ws.core.db)).toBe(changes)
        expect(prototypeKeys()).toEqual(proto)
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      }),
      { seed: SEED, numRuns: RUNS },
    )
    expect(await fullFingerprint(ws, dir)).toBe(before)
  })

  // Last: it writes. Proves the detectors above are not blind — one changed column shows in each.
  it('the change detectors see a real write', async () => {
    const list = await ws.call('conversations.list', { view: 'inbox', limit: 1 })
    const first = list.ok ? (list.value as { items: { id: number; unread: boolean }[] }).items[0] : undefined
    expect(first).toBeDefined()
    const before = await fullFingerprint(ws, dir)
    const changes = totalChanges(ws.core.db)
    events.length = 0
    // Flip one boolean column of one row: no row count changes.
    expect(await ws.call('conversations.markRead', { id: first!.id, read: first!.unread })).toMatchObject({ ok: true })
    expect(totalChanges(ws.core.db)).toBeGreaterThan(changes)
    expect(events.length).toBeGreaterThan(0)
    expect(await fullFingerprint(ws, dir)).not.toBe(before)
  })
})
