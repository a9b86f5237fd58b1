import { ParleyError, type Profile, type ProfileInfo, type Role, type SessionProfile } from '../../../shared/contract'
import type { Clock } from '../../base/clock'
import type { EventBus } from '../../base/event-bus'
import { hashPassphrase, verifyPassphrase } from './passphrase'
import { asProfile, privileged, type ProfileSession } from './session'
import { toInfo, type PeopleStore, type ProfileRecord } from '../../store/profiles'

const article = (role: Role): string => (role === 'admin' ? 'an admin' : `a ${role}`)

/** Local people: create, list, switch, unlock. Every other service asks this one who is acting. */
export class ProfilesService {
  constructor(
    private readonly people: PeopleStore,
    private readonly session: ProfileSession,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  /** The acting profile; every action is attributed to it. Locked, it acts with an agent's role. */
  current(): ProfileRecord {
    return this.session.current()
  }

  /** Runs fn as a team member whose right to act the team store has checked (see ProfileSession.actAs). */
  actAs<T>(profile: ProfileRecord, fn: () => T): T {
    return this.session.actAs(profile, fn)
  }

  currentProfile(): Profile {
    return asProfile(this.current())
  }

  /** Who this session works as, with the real role and whether it still waits for a passphrase. */
  sessionProfile(): SessionProfile {
    return this.session.describe()
  }

  list(): ProfileInfo[] {
    this.current()
    return this.people.list().map(toInfo)
  }

  get(id: number): ProfileRecord | null {
    return this.people.get(id)
  }

  /** Throws 'unauthorized' in plain words unless the acting profile has one of the roles (and is unlocked). */
  requireRole(roles: Role[], action: string): ProfileRecord {
    const chosen = this.session.chosen()
    if (roles.includes(chosen.role) && this.session.locked()) throw this.lockedError(chosen, action)
    if (!roles.includes(chosen.role)) {
      throw new ParleyError('unauthorized', `Only ${roles.map((r) => `${r}s`).join(' or ')} can ${action}; you are working as ${chosen.name} (${chosen.role}).`)
    }
    return this.current()
  }

  /** Refuses a supervisor's or admin's action while their passphrase has not been entered in this session. */
  requireUnlocked(action: string): void {
    const chosen = this.session.chosen()
    if (this.session.locked()) throw this.lockedError(chosen, action)
  }

  private lockedError(who: ProfileRecord, action: string): ParleyError {
    return new ParleyError(
      'unauthorized',
      who.passphraseHash
        ? `Enter ${who.name}'s passphrase first: until then Parley does not let anyone ${action} as ${who.name}.`
        : `${who.name} has no passphrase yet. Set one first: until then Parley does not let anyone ${action} as ${article(who.role)}.`,
    )
  }

  async create(input: { name: string; role: Role; passphrase?: string }): Promise<ProfileInfo> {
    this.requireRole(['admin'], 'add people')
    const name = input.name.trim()
    if (this.people.findByName(name)) throw new ParleyError('conflict', `There is already someone called ${name}. Choose another name.`)
    if (privileged(input.role) && !input.passphrase) {
      throw new ParleyError('bad_input', `${article(input.role)[0]!.toUpperCase()}${article(input.role).slice(1)} needs a passphrase, so nobody else can work as them. Nothing was created.`)
    }
    const hash = input.passphrase ? await hashPassphrase(input.passphrase) : null
    const created = this.people.create(name, input.role, hash, this.clock.now())
    this.changed()
    return toInfo(created)
  }

  /** Supervisors and admins need their passphrase, every time, so a switch never grants a role; a wrong one changes nothing. */
  async switchTo(profileId: number, passphrase: string | undefined): Promise<SessionProfile> {
    const target = this.people.get(profileId)
    if (!target) throw new ParleyError('not_found', `There is no profile ${profileId}.`)
    const stayUnlocked = target.id === this.session.chosen().id && !this.session.locked()
    let unlocked = !privileged(target.role) || stayUnlocked
    if (!unlocked && target.passphraseHash) {
      if (!passphrase || !(await verifyPassphrase(passphrase, target.passphraseHash))) {
        throw new ParleyError('unauthorized', `That passphrase is not the one for ${target.name}. You are still working as ${this.session.chosen().name}.`)
      }
      unlocked = true
    }
    // A supervisor or admin without a passphrase can be chosen, but acts locked until one is set.
    this.session.set(target.id, unlocked)
    this.changed()
    return this.sessionProfile()
  }

  /** Unlocks the chosen supervisor or admin for this session. */
  async unlock(passphrase: string): Promise<SessionProfile> {
    const me = this.session.chosen()
    if (!me.passphraseHash) {
      throw new ParleyError('bad_input', `${me.name} has no passphrase yet. Set one first; it unlocks ${me.name} at once.`)
    }
    if (!(await verifyPassphrase(passphrase, me.passphraseHash))) {
      throw new ParleyError('unauthorized', `That passphrase is not the one for ${me.name}. Nothing was unlocked.`)
    }
    this.session.unlock()
    this.changed()
    return this.sessionProfile()
  }

  /**
   * Your own passphrase (changing it needs the old one), or anyone's when you are an unlocked admin.
   * Setting your first passphrase unlocks you: it is how the first run claims the admin.
   */
  async setPassphrase(profileId: number, passphrase: string, currentPassphrase?: string): Promise<ProfileInfo> {
    const chosen = this.session.chosen()
    const target = this.people.get(profileId)
    if (!target) throw new ParleyError('not_found', `There is no profile ${profileId}.`)
    const own = target.id === chosen.id
    const adminReset = !own && chosen.role === 'admin' && !this.session.locked()
    if (!own && !adminReset) {
      if (chosen.role === 'admin') throw this.lockedError(chosen, "set another person's passphrase")
      throw new ParleyError('unauthorized', `Only ${target.name} or an admin can set ${target.name}'s passphrase.`)
    }
    if (own && target.passphraseHash) {
      if (!currentPassphrase) throw new ParleyError('bad_input', `Enter your current passphrase to change it. Nothing was changed.`)
      if (!(await verifyPassphrase(currentPassphrase, target.passphraseHash))) {
        throw new ParleyError('unauthorized', `That is not your current passphrase. Nothing was changed.`)
      }
    }
    this.people.setPassphraseHash(target.id, await hashPassphrase(passphrase))
    if (own) this.session.unlock()
    this.changed()
    return toInfo(this.people.get(target.id)!)
  }

  private changed(): void {
    this.events.emit('profiles.changed', { current: this.sessionProfile() })
  }
}
