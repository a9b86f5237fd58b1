import { resumeFromUsage, type UsageReading } from './usage'

/**
 * The last usage Meta reported per Page token, in memory: when it nears the budget the next poll
 * waits instead of calling (Meta counts refused calls too, and a blocked app stays blocked longer).
 */
const until = new Map<string, { at: number; usage: UsageReading }>()

export function noteUsage(key: string, usage: UsageReading, now: number): void {
  const resume = resumeFromUsage(usage, now)
  if (resume) until.set(key, { at: resume, usage })
  else until.delete(key)
}

/** When calls may resume, or null when they may go now. */
export function throttledUntil(key: string, now: number): { at: number; usage: UsageReading } | null {
  const entry = until.get(key)
  if (!entry) return null
  if (entry.at <= now) {
    until.delete(key)
    return null
  }
  return entry
}
