import type { Counts } from '../../shared/contract'
import type { Db } from './database'

/** Reads the trigger-maintained counters: a few rows, however large the workspace. */
export class CountStore {
  private readonly rows

  constructor(db: Db) {
    this.rows = db.prepare<[string], { key: string; n: number }>(
      "SELECT key, n FROM view_counts WHERE key IN ('inbox','unassigned','done','needs_approval','pending','snoozed') OR key = ? OR key LIKE 'unread:%'",
    )
  }

  read(profileId: number): Counts {
    const mineKey = `mine:${profileId}`
    const byKey = new Map(this.rows.all(mineKey).map((r) => [r.key, r.n]))
    const get = (key: string): number => byKey.get(key) ?? 0
    const accounts = [...byKey.entries()]
      .filter(([key]) => key.startsWith('unread:'))
      .map(([key, n]) => ({ accountId: Number(key.slice('unread:'.length)), unread: n }))
    return {
      views: {
        inbox: get('inbox'),
        unassigned: get('unassigned'),
        mine: get(mineKey),
        needs_approval: get('needs_approval'),
        pending: get('pending'),
        snoozed: get('snoozed'),
        done: get('done'),
      },
      accounts,
    }
  }
}
