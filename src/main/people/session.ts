import type { Profile } from '../../shared/contract'
import type { PeopleStore, ProfileRecord } from './store'

/**
 * Who this core session acts as. Kept in memory, never in the database, so
 * each start begins as the workspace's first admin (the "Me" of the first run)
 * and a switch lasts as long as the session.
 */
export class ProfileSession {
  private currentId: number | null = null

  constructor(
    private readonly people: PeopleStore,
    /** Creates the first-run admin when the workspace has no profile yet. */
    private readonly ensureFirstProfile: () => Profile,
  ) {}

  current(): ProfileRecord {
    const chosen = this.currentId === null ? null : this.people.get(this.currentId)
    if (chosen) return chosen
    this.currentId = null
    const admin = this.people.firstAdmin()
    if (admin) return admin
    return this.people.get(this.ensureFirstProfile().id)!
  }

  set(profileId: number): void {
    this.currentId = profileId
  }
}

export const asProfile = (p: { id: number; name: string; role: Profile['role'] }): Profile => ({ id: p.id, name: p.name, role: p.role })
