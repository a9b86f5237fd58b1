import type { Profile } from '../../shared/contract'
import type { Db } from './database'

/** Local people using this workspace. The first run creates one admin so the app is usable at once. */
export class ProfileStore {
  private readonly first
  private readonly insert

  constructor(db: Db) {
    this.first = db.prepare<[], Profile>('SELECT id, name, role FROM profiles ORDER BY id LIMIT 1')
    this.insert = db.prepare("INSERT INTO profiles(name, role, created_at) VALUES (?, 'admin', ?)")
  }

  current(at: number): Profile {
    const found = this.first.get()
    if (found) return found
    this.insert.run('Me', at)
    return this.first.get()!
  }
}
