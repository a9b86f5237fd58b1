import type { Db } from './database'

/** What the demo sets on a conversation after ingesting it: its triage state, as if people had worked on it. */
export interface DemoTriageState {
  account: number
  key: string
  status: string
  unread: boolean
}

/** Writes a demo conversation's status and unread mark (a done one stops waiting). */
export class DemoSeedWriter {
  private readonly setTriage

  constructor(db: Db) {
    this.setTriage = db.prepare<{ account: number; key: string; status: string; unread: number }>(
      `UPDATE conversations SET status = @status, unread = @unread,
         waiting_since = CASE WHEN @status = 'done' THEN NULL ELSE waiting_since END
       WHERE channel_account_id = @account AND conversation_key = @key`,
    )
  }

  setTriageState(s: DemoTriageState): void {
    this.setTriage.run({ account: s.account, key: s.key, status: s.status, unread: s.unread ? 1 : 0 })
  }
}
