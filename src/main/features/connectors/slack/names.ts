import type { SlackApi, SlackMessage } from './api'

/** Lookups per poll: a workspace full of new names fills in over a few polls. */
const LOOKUP_BUDGET = 20
const CACHE_CAP = 5000

/** Display names by workspace and user id; names change rarely, and users.info is Slack's cheapest tier. */
const cache = new Map<string, { name: string; avatarUrl: string | null }>()

function httpsOnly(url: string | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null
}

/** The names of the messages' authors and of the people they mention, from cache or users.info. */
export async function namesFor(api: SlackApi, team: string, messages: SlackMessage[]): Promise<Map<string, { name: string; avatarUrl: string | null }>> {
  const ids = new Set<string>()
  for (const m of messages) {
    if (m.user) ids.add(m.user)
    for (const match of (m.text ?? '').matchAll(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g)) ids.add(match[1]!)
  }
  const names = new Map<string, { name: string; avatarUrl: string | null }>()
  let lookups = 0
  for (const id of ids) {
    const key = `${api.baseUrl}|${team}|${id}`
    let known = cache.get(key)
    if (!known && lookups < LOOKUP_BUDGET) {
      lookups++
      try {
        const user = await api.user(id)
        const name = user.profile?.display_name?.trim() || user.profile?.real_name?.trim() || user.real_name?.trim() || user.name || id
        known = { name, avatarUrl: httpsOnly(user.profile?.image_72) }
        if (cache.size >= CACHE_CAP) cache.delete(cache.keys().next().value!)
        cache.set(key, known)
      } catch {
        // A name is a nicety: the message still comes in, under the user id.
      }
    }
    if (known) names.set(id, known)
  }
  return names
}
