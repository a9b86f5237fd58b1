import type { ChannelAccount } from '../../shared/contract'
import type { ChannelAccountSeed } from '../domain/items'
import type { Db } from './database'
import { toAccount, type AccountRow } from './rows'

export class AccountStore {
  private readonly all
  private readonly find
  private readonly insert

  constructor(db: Db) {
    const cols = 'id, platform, display_name, handle, base_url, status, is_demo'
    this.all = db.prepare<[], AccountRow>(`SELECT ${cols} FROM channel_accounts ORDER BY platform, display_name, id`)
    this.find = db.prepare<[string, string, string], { id: number }>(
      'SELECT id FROM channel_accounts WHERE platform = ? AND base_url = ? AND handle = ?',
    )
    this.insert = db.prepare(
      `INSERT INTO channel_accounts(platform, display_name, handle, base_url, is_demo, created_at)
       VALUES (@platform, @displayName, @handle, @baseUrl, @isDemo, @at)`,
    )
  }

  list(): ChannelAccount[] {
    return this.all.all().map(toAccount)
  }

  /** Returns the existing account for the same platform, server and handle, or adds it. */
  ensure(seed: ChannelAccountSeed, options: { isDemo: boolean; at: number }): number {
    const found = this.find.get(seed.platform, seed.baseUrl, seed.handle)
    if (found) return found.id
    return Number(
      this.insert.run({ ...seed, isDemo: options.isDemo ? 1 : 0, at: options.at }).lastInsertRowid,
    )
  }
}
