import type { WeeklySummary } from '../../../shared/contract/operations-reports'

/** The summary as the contract defines it, with a format marker so later versions can change it safely. */
export function renderJson(s: WeeklySummary): string {
  return JSON.stringify({ format: 'parley.weekly-summary', version: 1, ...s }, null, 2) + '\n'
}
