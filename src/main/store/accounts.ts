import { randomUUID } from 'node:crypto'
import type { ChannelAccount } from '../../shared/contract'
import type { ChannelAccountSeed } from '../model/items'
import type { Db } from './database'
import { toAccount, type AccountRow } from './rows'

export interface AccountRecord extends ChannelAccount {
  uid: string
  settings: Record<string, unknown>
  secretNames: string[]
  authFailures: number
}

interface FullRow extends AccountRow {
  uid: string
  settings: string
  secret_names: string
  auth_failures: number
}

const COLS = 'id, uid, platform, display_name, handle, base_url, status, status_message, is_demo, settings, secret_names, auth_failures'

const toRecord = (r: FullRow): AccountRecord => ({
  ...toAccount(r),
  uid: r.uid,
  settings: JSON.parse(r.settings) as Record<string, unknown>,
  secretNames: JSON.parse(r.secret_names) as string[],
  authFailures: r.auth_failures,
})

export class AccountStore {
  private readonly all
  private readonly one
  private readonly find
  private readonly insert
  private readonly setStatusStmt
  private readonly setSettingsStmt
  private readonly setSecretNamesStmt
  private readonly authFailureStmt
  private readonly authOkStmt
  private readonly deleteStmt
  private readonly reviveStmt

  constructor(db: Db) {
    this.all = db.prepare<[], FullRow>(`SELECT ${COLS} FROM channel_accounts WHERE status <> 'removed' ORDER BY platform, display_name, id`)
    this.one = db.prepare<[number], FullRow>(`SELECT ${COLS} FROM channel_accounts WHERE id = ?`)
    this.find = db.prepare<[string, string, string], FullRow>(
      `SELECT ${COLS} FROM channel_accounts WHERE platform = ? AND base_url = ? AND handle = ?`,
    )
    this.insert = db.prepare(
      `INSERT INTO channel_accounts(uid, platform, display_name, handle, base_url, is_demo, settings, secret_names, created_at)
       VALUES (@uid, @platform, @displayName, @handle, @baseUrl, @isDemo, @settings, @secretNames, @at)`,
    )
    this.reviveStmt = db.prepare(
      `UPDATE channel_accounts SET status = 'active', status_message = NULL, auth_failures = 0, display_name = @displayName,
         settings = @settings, secret_names = @secretNames WHERE id = @id`,
    )
    this.setStatusStmt = db.prepare('UPDATE channel_accounts SET status = ?, status_message = ? WHERE id = ?')
    this.setSettingsStmt = db.prepare('UPDATE channel_accounts SET settings = ? WHERE id = ?')
    this.setSecretNamesStmt = db.prepare('UPDATE channel_accounts SET secret_names = ? WHERE id = ?')
    this.authFailureStmt = db.prepare<[number], { auth_failures: number }>(
      'UPDATE channel_accounts SET auth_failures = auth_failures + 1 WHERE id = ? RETURNING auth_failures',
    )
    this.authOkStmt = db.prepare('UPDATE channel_accounts SET auth_failures = 0 WHERE id = ? AND auth_failures <> 0')
    this.deleteStmt = db.prepare('DELETE FROM channel_accounts WHERE id = ?')
  }

  list(): ChannelAccount[] {
    return this.all.all().map(toAccount)
  }

  records(): AccountRecord[] {
    return this.all.all().map(toRecord)
  }

  get(id: number): AccountRecord | null {
    const row = this.one.get(id)
    return row ? toRecord(row) : null
  }

  findBySeed(seed: ChannelAccountSeed): AccountRecord | null {
    const row = this.find.get(seed.platform, seed.baseUrl, seed.handle)
    return row ? toRecord(row) : null
  }

  /** Returns the existing account for the same platform, server and handle, or adds it. */
  ensure(seed: ChannelAccountSeed, options: { isDemo: boolean; at: number }): number {
    const found = this.find.get(seed.platform, seed.baseUrl, seed.handle)
    if (found) return found.id
    return this.add(seed, { ...options, settings: {}, secretNames: [] }).id
  }

  add(
    seed: ChannelAccountSeed,
    options: { isDemo: boolean; at: number; settings: Record<string, unknown>; secretNames: string[]; uid?: string },
  ): { id: number; uid: string } {
    const found = this.find.get(seed.platform, seed.baseUrl, seed.handle)
    const settings = JSON.stringify(options.settings)
    const secretNames = JSON.stringify(options.secretNames)
    if (found) {
      // A removed account that is connected again keeps its history.
      this.reviveStmt.run({ id: found.id, displayName: seed.displayName, settings, secretNames })
      return { id: found.id, uid: found.uid }
    }
    const uid = options.uid ?? randomUUID()
    const info = this.insert.run({ ...seed, uid, isDemo: options.isDemo ? 1 : 0, settings, secretNames, at: options.at })
    return { id: Number(info.lastInsertRowid), uid }
  }

  setStatus(id: number, status: AccountRecord['status'], message: string | null = null): void {
    this.setStatusStmt.run(status, message, id)
  }

  setSettings(id: number, settings: Record<string, unknown>): void {
    this.setSettingsStmt.run(JSON.stringify(settings), id)
  }

  setSecretNames(id: number, names: string[]): void {
    this.setSecretNamesStmt.run(JSON.stringify(names), id)
  }

  /** Counts consecutive auth failures; a good poll resets the count. */
  authFailed(id: number): number {
    return this.authFailureStmt.get(id)?.auth_failures ?? 0
  }

  authSucceeded(id: number): void {
    this.authOkStmt.run(id)
  }

  delete(id: number): void {
    this.deleteStmt.run(id)
  }
}
