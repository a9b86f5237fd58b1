import type { TagRef } from '../../store/team-shared-entities'
import { str, type Input, type SharedApplyDeps, type SharedHandler } from './apply-shared'

const ref = (v: unknown): Partial<TagRef> => {
  const r = (v ?? {}) as Input
  return { id: str(r.id) ?? undefined, name: str(r.name) ?? undefined }
}

/**
 * Tags are named by the uuid of the laptop that made them and the name they had when the op was
 * made (tags made before joining have other uuids on each laptop; the name finds them). A tag
 * another laptop renamed to a name that is taken here is merged into the tag of that name: the team
 * knows one tag per name.
 */
export function tagHandlers(d: SharedApplyDeps): Record<string, SharedHandler> {
  const shared = d.entities.shared
  // Renames, merges and deletions change the chips every list shows (as the router says for a click).
  const changed = (): void => d.events.emit('conversations.changed', { ids: [], reason: 'update' })
  /** The tag here for a reference, made with that name and uuid when missing. */
  const ensure = (r: Partial<TagRef>, color?: string): number | null => {
    const found = shared.tagId(r)
    if (found !== null) return found
    if (!r.name) return null
    const id = d.tags.create(r.name, color).id
    if (r.id) shared.setTagUuid(id, r.id)
    return id
  }
  return {
    'tags.create': (i) => {
      const name = str(i.name)
      if (!name) return
      const uuid = str(i.tagId)
      const id = ensure({ id: uuid ?? undefined, name }, str(i.color) ?? undefined)
      // Made on two laptops at once: both keep the smaller uuid.
      const mine = id === null ? null : shared.tagUuid(id)
      if (id !== null && uuid !== null && mine !== null && uuid < mine) shared.setTagUuid(id, uuid)
    },
    'tags.update': (i) => {
      const tag = ref(i.tag)
      const name = str(i.name)
      const color = str(i.color) ?? undefined
      // A tag this laptop never had is made under its new name (the other laptops have it).
      const id = shared.tagId(tag) ?? ensure({ id: tag.id, name: name ?? tag.name }, color)
      if (id === null) return
      const clash = name === null ? null : shared.tagId({ name })
      if (clash !== null && clash !== id) {
        // The renamed tag's colour, as on the laptop that renamed it (where the other tag arrives later, by name).
        const renamedColor = color ?? d.tags.get(id)?.color
        d.tags.merge([id], clash)
        if (renamedColor) d.tags.update(clash, { color: renamedColor })
      } else {
        d.tags.update(id, { ...(name !== null ? { name } : {}), ...(color ? { color } : {}) })
      }
      changed()
    },
    'tags.merge': (i) => {
      const target = ensure(ref(i.target))
      if (target === null) return
      const sources = (Array.isArray(i.sources) ? i.sources : []).map((s) => shared.tagId(ref(s))).filter((id): id is number => id !== null && id !== target)
      if (sources.length === 0) return
      d.tags.merge([...new Set(sources)], target)
      changed()
    },
    'tags.delete': (i) => {
      const id = shared.tagId(ref(i.tag))
      // Already gone here (deleted or merged on this laptop too): nothing to do.
      if (id === null) return
      d.tags.delete(id)
      changed()
    },
  }
}
