import type { IdentityKey } from '../../store/team-shared-entities'
import { NotHere, adopt, str, type SharedApplyDeps, type SharedHandler } from './apply-shared'

const keys = (v: unknown): IdentityKey[] =>
  (Array.isArray(v) ? v : []).filter((k): k is IdentityKey => typeof (k as IdentityKey)?.account === 'string' && typeof (k as IdentityKey)?.remoteId === 'string')

/**
 * Contacts are made by each laptop as its messages arrive, so they have no shared id: an op names
 * a contact by its identities (channel account key and the author's id there), and a merge by the
 * uuid its maker gave it, so an un-merge on any laptop undoes that merge on every laptop.
 */
export function contactHandlers(d: SharedApplyDeps): Record<string, SharedHandler> {
  const shared = d.entities.shared
  const contact = (v: unknown, what: string): number => {
    const id = shared.contactOf(keys(v))
    if (id === null) throw new NotHere(`${what} has not reached this laptop.`)
    return id
  }
  return {
    'contacts.setNotes': (i) => {
      d.contacts.setNotes(contact(i.contact, 'That contact'), String(i.notes ?? ''))
    },
    'contacts.merge': (i) => {
      const uuid = str(i.mergeId)
      if (uuid !== null && shared.idOf('contact_merges', uuid) !== null) return
      const target = contact(i.target, 'The contact merged into')
      const source = contact(i.source, 'The merged contact')
      // Already one contact here (merged on this laptop too, or never two): nothing to move.
      if (target === source) return
      adopt(d, 'contact_merges', d.contacts.merge(target, source).id, uuid)
    },
    'contacts.unmerge': (i) => {
      const id = str(i.mergeId) === null ? null : shared.idOf('contact_merges', str(i.mergeId)!)
      if (id === null) throw new NotHere('That merge has not reached this laptop.')
      if (!shared.mergeUnmerged(id)) d.contacts.unmerge(id)
    },
  }
}
