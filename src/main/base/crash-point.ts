import { writeSync } from 'node:fs'

/**
 * The crash harness's markers inside a running Parley: the points where a pulled plug must lose
 * nothing and repeat nothing (a change committed but not pushed, a batch the service took but this
 * laptop did not mark, a send lease taken, a post made but not marked sent, …).
 *
 * A test switch, never set in use: PARLEY_TEST_CRASH_AT="name#n" makes the process SIGKILL itself
 * the n-th time it reaches the point `name` (n defaults to 1), exactly there, which an outside kill
 * cannot time. It writes "crash point: name#n" to standard error first, synchronously, so the test
 * knows which kill happened. Unset, a crash point is one comparison.
 */
const plan = parse(process.env.PARLEY_TEST_CRASH_AT)
let reached = 0

function parse(value: string | undefined): { name: string; at: number } | null {
  if (!value) return null
  const [name, n] = value.split('#')
  const at = n === undefined ? 1 : Number(n)
  if (!name || !Number.isInteger(at) || at < 1) throw new Error(`PARLEY_TEST_CRASH_AT must be "name" or "name#n" with n ≥ 1, not ${value}`)
  return { name, at }
}

export function crashPoint(name: string): void {
  if (plan === null || plan.name !== name || ++reached !== plan.at) return
  writeSync(2, `crash point: ${name}#${plan.at}\n`)
  process.kill(process.pid, 'SIGKILL')
}
