import type { Profile, Role, SessionProfile } from '../../../shared/contract'
import type { SettingsStore } from '../../store/settings'
import type { PeopleStore, ProfileRecord } from '../../store/profiles'

/** The settings key that remembers who used Parley last, so a restart opens on them. */
const LAST_PROFILE = 'profiles.lastId'

export const privileged = (role: Role): boolean => role === 'supervisor' || role === 'admin'

/**
 * Who this core session acts as. The profile is remembered across restarts
 * (Parley opens on whoever used it last); being unlocked is not. A supervisor
 * or admin starts locked and acts with no privileged role until their
 * passphrase is entered in this session, so a restart never grants a role.
 */
export class ProfileSession {
  private currentId: number | null
  private unlockedId: number | null = null
  /** Set while a change made by another laptop's member is applied here through the domain code. */
  private actingAs: ProfileRecord | null = null

  constructor(
    private readonly people: PeopleStore,
    private readonly settings: SettingsStore,
    /** Creates the first-run admin when the workspace has no profile yet. */
    private readonly ensureFirstProfile: () => Profile,
  ) {
    this.currentId = settings.get<number | null>(LAST_PROFILE, null)
  }

  /** The chosen profile as stored, with its real role. */
  chosen(): ProfileRecord {
    if (this.actingAs) return this.actingAs
    const chosen = this.currentId === null ? null : this.people.get(this.currentId)
    if (chosen) return chosen
    this.currentId = null
    const admin = this.people.firstAdmin()
    if (admin) return admin
    return this.people.get(this.ensureFirstProfile().id)!
  }

  /** The stable id of who acts now, for the change log; reads only (never creates the first profile). */
  actorUid(): string | null {
    if (this.actingAs) return this.actingAs.uid
    const chosen = this.currentId === null ? null : this.people.get(this.currentId)
    return (chosen ?? this.people.firstAdmin())?.uid ?? null
  }

  /** A supervisor or admin whose passphrase has not been entered in this session. */
  locked(): boolean {
    if (this.actingAs) return false
    const me = this.chosen()
    return privileged(me.role) && this.unlockedId !== me.id
  }

  /** The profile every action is attributed to, with the role it may act with now (an agent's while locked). */
  current(): ProfileRecord {
    const me = this.chosen()
    return this.locked() ? { ...me, role: 'agent' } : me
  }

  /** Acting as someone else starts locked for them unless the caller has checked their passphrase. */
  set(profileId: number, unlocked: boolean): void {
    this.currentId = profileId
    this.unlockedId = unlocked ? profileId : null
    this.settings.set(LAST_PROFILE, profileId)
  }

  /**
   * Runs fn (synchronous, so nothing else interleaves) as a team member whose role the team store
   * has already checked: the team applies another laptop's decision through the same domain code.
   */
  actAs<T>(profile: ProfileRecord, fn: () => T): T {
    const before = this.actingAs
    this.actingAs = profile
    try {
      return fn()
    } finally {
      this.actingAs = before
    }
  }

  /** Only after the caller has checked the passphrase of the chosen profile. */
  unlock(): void {
    this.unlockedId = this.chosen().id
  }

  describe(): SessionProfile {
    const me = this.chosen()
    return { ...asProfile(me), hasPassphrase: me.hasPassphrase, locked: this.locked() }
  }
}

export const asProfile = (p: { id: number; name: string; role: Profile['role'] }): Profile => ({ id: p.id, name: p.name, role: p.role })
