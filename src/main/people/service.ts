import { ParleyError, type Profile, type ProfileInfo, type Role } from '../../shared/contract'
import type { Clock } from '../core/clock'
import type { EventBus } from '../core/event-bus'
import { hashPassphrase, verifyPassphrase } from './passphrase'
import { asProfile, type ProfileSession } from './session'
import { toInfo, type PeopleStore, type ProfileRecord } from './store'

const privileged = (role: Role): boolean => role === 'supervisor' || role === 'admin'

/** Local people: create, list, switch. Every other service asks this one who is acting. */
export class ProfilesService {
  constructor(
    private readonly people: PeopleStore,
    private readonly session: ProfileSession,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  /** The acting profile; every action is attributed to it. */
  current(): ProfileRecord {
    return this.session.current()
  }

  currentProfile(): Profile {
    return asProfile(this.current())
  }

  list(): ProfileInfo[] {
    this.current()
    return this.people.list().map(toInfo)
  }

  get(id: number): ProfileRecord | null {
    return this.people.get(id)
  }

  /** Throws 'unauthorized' in plain words unless the acting profile has one of the roles. */
  requireRole(roles: Role[], action: string): ProfileRecord {
    const me = this.current()
    if (!roles.includes(me.role)) {
      throw new ParleyError('unauthorized', `Only ${roles.map((r) => `${r}s`).join(' or ')} can ${action}; you are working as ${me.name} (${me.role}).`)
    }
    return me
  }

  async create(input: { name: string; role: Role; passphrase?: string }): Promise<ProfileInfo> {
    this.requireRole(['admin'], 'add people')
    const name = input.name.trim()
    if (this.people.findByName(name)) throw new ParleyError('conflict', `There is already someone called ${name}. Choose another name.`)
    if (privileged(input.role) && !input.passphrase) {
      throw new ParleyError('bad_input', `A ${input.role} needs a passphrase, so nobody else can switch to them. Nothing was created.`)
    }
    const hash = input.passphrase ? await hashPassphrase(input.passphrase) : null
    const created = this.people.create(name, input.role, hash, this.clock.now())
    this.events.emit('profiles.changed', { current: this.currentProfile() })
    return toInfo(created)
  }

  /** Supervisors and admins need their passphrase; a wrong one changes nothing. */
  async switchTo(profileId: number, passphrase: string | undefined): Promise<Profile> {
    const target = this.people.get(profileId)
    if (!target) throw new ParleyError('not_found', `There is no profile ${profileId}.`)
    if (privileged(target.role) && target.id !== this.current().id) {
      if (!target.passphraseHash) {
        throw new ParleyError(
          'unauthorized',
          `${target.name} has no passphrase yet, so Parley cannot check that it is them. ${target.name} (or an admin) must set one first.`,
        )
      }
      if (!passphrase || !(await verifyPassphrase(passphrase, target.passphraseHash))) {
        throw new ParleyError('unauthorized', `That passphrase is not the one for ${target.name}. You are still working as ${this.current().name}.`)
      }
    }
    this.session.set(target.id)
    const current = asProfile(target)
    this.events.emit('profiles.changed', { current })
    return current
  }

  async setPassphrase(profileId: number, passphrase: string): Promise<ProfileInfo> {
    const me = this.current()
    const target = this.people.get(profileId)
    if (!target) throw new ParleyError('not_found', `There is no profile ${profileId}.`)
    if (target.id !== me.id && me.role !== 'admin') {
      throw new ParleyError('unauthorized', `Only ${target.name} or an admin can set ${target.name}'s passphrase.`)
    }
    this.people.setPassphraseHash(target.id, await hashPassphrase(passphrase))
    return toInfo(this.people.get(target.id)!)
  }
}
