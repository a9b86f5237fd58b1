import type { Profile, ProfileInfo, Role } from '../../shared/contract'
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

interface Row {
  id: number
  uid: string
  name: string
  role: Role
  passphrase_hash: string | null
  created_at: number
}

export interface ProfileRecord extends ProfileInfo {
  passphraseHash: string | null
}

const toRecord = (r: Row): ProfileRecord => ({
  id: r.id,
  uid: r.uid,
  name: r.name,
  role: r.role,
  hasPassphrase: r.passphrase_hash !== null,
  createdAt: r.created_at,
  passphraseHash: r.passphrase_hash,
})

export const toInfo = ({ passphraseHash: _hash, ...info }: ProfileRecord): ProfileInfo => info

const COLS = 'id, uid, name, role, passphrase_hash, created_at'

/** The profiles table, with the passphrase hash (which never leaves the core). */
export class PeopleStore {
  private readonly all
  private readonly one
  private readonly byName
  private readonly firstAdminStmt
  private readonly insert
  private readonly setHash

  constructor(db: Db) {
    this.all = db.prepare<[], Row>(`SELECT ${COLS} FROM profiles ORDER BY id`)
    this.one = db.prepare<[number], Row>(`SELECT ${COLS} FROM profiles WHERE id = ?`)
    this.byName = db.prepare<[string], Row>(`SELECT ${COLS} FROM profiles WHERE name = ? COLLATE NOCASE`)
    this.firstAdminStmt = db.prepare<[], Row>(`SELECT ${COLS} FROM profiles WHERE role = 'admin' ORDER BY id LIMIT 1`)
    this.insert = db.prepare('INSERT INTO profiles(name, role, passphrase_hash, created_at) VALUES (?, ?, ?, ?)')
    this.setHash = db.prepare('UPDATE profiles SET passphrase_hash = ? WHERE id = ?')
  }

  list(): ProfileRecord[] {
    return this.all.all().map(toRecord)
  }

  get(id: number): ProfileRecord | null {
    const row = this.one.get(id)
    return row ? toRecord(row) : null
  }

  findByName(name: string): ProfileRecord | null {
    const row = this.byName.get(name)
    return row ? toRecord(row) : null
  }

  firstAdmin(): ProfileRecord | null {
    const row = this.firstAdminStmt.get()
    return row ? toRecord(row) : null
  }

  create(name: string, role: Role, passphraseHash: string | null, at: number): ProfileRecord {
    const id = Number(this.insert.run(name, role, passphraseHash, at).lastInsertRowid)
    return this.get(id)!
  }

  setPassphraseHash(id: number, hash: string): void {
    this.setHash.run(hash, id)
  }
}
