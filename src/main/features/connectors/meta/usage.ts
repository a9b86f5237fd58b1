/**
 * Meta's rate-limit accounting (Graph API "Rate Limiting"): every answer carries how much of the
 * hourly budget is used, as percentages, in X-App-Usage (the app), X-Page-Usage (a Page token, older
 * form) and X-Business-Use-Case-Usage (per Page or IG account, with the minutes until calls are
 * allowed again once the limit is hit).
 */
export interface UsageReading {
  /** Highest of call count, CPU time and total time, over every header (0–100+). */
  percent: number
  /** Minutes Meta says until access returns (Business Use Case), 0 when not throttled. */
  regainMinutes: number
}

/** Parley stops polling at this share of the budget and waits for the hour to roll over. */
export const SLOW_DOWN_AT = 90

const numbers = (value: unknown): number[] => {
  if (!value || typeof value !== 'object') return []
  return ['call_count', 'total_cputime', 'total_time', 'acc_id_util_pct'].map((k) => Number((value as Record<string, unknown>)[k])).filter((n) => Number.isFinite(n))
}

function parse(raw: string | null): unknown {
  if (!raw) return null
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return null
  }
}

export function readUsage(headers: Headers): UsageReading | null {
  const app = parse(headers.get('x-app-usage'))
  const page = parse(headers.get('x-page-usage'))
  const buc = parse(headers.get('x-business-use-case-usage'))
  if (!app && !page && !buc) return null
  const percents = [...numbers(app), ...numbers(page)]
  let regain = 0
  if (buc && typeof buc === 'object') {
    for (const entries of Object.values(buc as Record<string, unknown>)) {
      if (!Array.isArray(entries)) continue
      for (const entry of entries) {
        percents.push(...numbers(entry))
        const minutes = Number((entry as Record<string, unknown>)?.estimated_time_to_regain_access)
        if (Number.isFinite(minutes)) regain = Math.max(regain, minutes)
      }
    }
  }
  return { percent: percents.length ? Math.max(...percents) : 0, regainMinutes: regain }
}

/**
 * When calls may resume (ms epoch) from a reading: Meta's own estimate when it gives one; otherwise,
 * at or over the budget, the rest of a rolling hour is not knowable, so wait a quarter of it.
 */
export function resumeFromUsage(usage: UsageReading | null, now: number): number | null {
  if (!usage) return null
  if (usage.regainMinutes > 0) return now + usage.regainMinutes * 60_000
  if (usage.percent >= 100) return now + 15 * 60_000
  if (usage.percent >= SLOW_DOWN_AT) return now + 5 * 60_000
  return null
}
