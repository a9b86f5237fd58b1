import { expect } from 'vitest'
import type { CallResult } from '../../../src/shared/contract'

/** Refusals stay short however large the input: a message a person can read, a bounded list of issues. */
export const MESSAGE_MAX = 400

/** A refusal the user can act on: bad_input, the field named, short, and the promise that nothing changed. */
export function expectClearRefusal(op: string, result: CallResult<unknown>, expectedPath: string | null): void {
  expect(result.ok, 'an invalid input was accepted').toBe(false)
  if (result.ok) return
  const { code, message, issues } = result.error
  expect(code).toBe('bad_input')
  // Plain words: the first issue as a sentence, never the schema's own text or the operation's name.
  expect(message.endsWith('. Nothing was changed.')).toBe(true)
  expect(message).not.toMatch(/Invalid input|Too (small|big)|expected|>=|<=/)
  expect(message).not.toContain(op)
  expect(message.length).toBeLessThanOrEqual(MESSAGE_MAX)
  expect(issues?.length).toBeGreaterThan(0)
  expect(issues!.length).toBeLessThanOrEqual(20)
  for (const issue of issues!) {
    expect(issue.path.length + issue.message.length).toBeLessThanOrEqual(MESSAGE_MAX)
  }
  if (expectedPath !== null) {
    const paths = issues!.map((i) => i.path)
    const named = paths.some((p) => p === expectedPath || p.startsWith(`${expectedPath}.`) || (expectedPath === '(input)' && p !== ''))
    expect(named, `issues ${JSON.stringify(paths)} do not name ${expectedPath}`).toBe(true)
    // The message is the first issue's sentence.
    expect(message).toBe(`${issues![0]!.message} Nothing was changed.`)
  }
}
