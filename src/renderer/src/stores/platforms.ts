import { defineStore, getActivePinia } from 'pinia'
import { computed, ref } from 'vue'
import type { ConnectField, ConnectorInfo, ConnectorManifest } from '@shared/contract'
import { useApi } from '@renderer/api/client'
import { streamLabel } from '@renderer/lib/connect-fields'
import { useAppStore } from './app'

/** What the app shows for a platform no manifest describes (not loaded yet, or a removed connector). */
const UNKNOWN_COLOUR = 'var(--text-faint)'
const fallbackLabel = (id: string): string => (id ? id[0]!.toUpperCase() + id.slice(1) : 'Unknown')

/** How every screen names, colours and connects a platform: read from its connector's manifest, never a list here. */
export interface PlatformLookup {
  label(id: string): string
  colour(id: string): string
  /** Who is on the other end, mid-sentence: "Mastodon asked…", "the feed asked…". */
  source(id: string): string
  /** The link to an item's original: "Open on Mastodon", "Open the page". */
  openLabel(id: string | null | undefined): string
  icon(id: string): string | null
  manifest(id: string): ConnectorManifest | null
  /** A sync stream's name in plain words ("Mentions and replies"), from the manifest, else tidied up. */
  streamLabel(id: string, stream: string): string
  /** True when the platform's form holds a secret (something to delete from the vault on removal). */
  hasSecrets(id: string): boolean
  /** The secret the form asks for, in words ("access token"), when there is one. */
  secretLabel(id: string): string | null
}

function lookupOver(byId: (id: string) => ConnectorManifest | undefined): PlatformLookup {
  const label = (id: string): string => byId(id)?.label ?? fallbackLabel(id)
  const secret = (id: string): ConnectField | undefined => byId(id)?.connect.fields.find((f) => f.secret)
  return {
    label,
    colour: (id) => byId(id)?.colour ?? UNKNOWN_COLOUR,
    source: (id) => byId(id)?.source ?? label(id),
    openLabel: (id) => (id ? (byId(id)?.openLabel ?? `Open on ${label(id)}`) : 'Open original'),
    icon: (id) => byId(id)?.icon ?? null,
    manifest: (id) => byId(id) ?? null,
    streamLabel: (id, stream) => byId(id)?.streams?.find((s) => s.name === stream)?.label ?? streamLabel(stream),
    // Unknown: assume there is something to delete, so the removal dialog never promises less than it does.
    hasSecrets: (id) => (byId(id) ? !!secret(id) : true),
    secretLabel: (id) => secret(id)?.label.toLowerCase() ?? null,
  }
}

/** The connectable platforms, loaded once from `connectors.list` (their manifests). */
export const usePlatformsStore = defineStore('platforms', () => {
  const list = ref<ConnectorInfo[]>([])
  const loaded = ref(false)
  let pending: Promise<void> | null = null
  const byId = computed(() => new Map(list.value.map((c) => [c.platform, c])))
  /** Every connectable platform's name, in the registry's order. */
  const labels = computed(() => list.value.map((c) => c.label))

  /** Loads the manifests the first time it is called; later calls wait for or reuse that answer. */
  function load(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= (async () => {
      try {
        list.value = await useApi().call('connectors.list', {})
        loaded.value = true
      } catch (error) {
        useAppStore().report(error)
      } finally {
        pending = null
      }
    })()
    return pending
  }

  return { list, loaded, byId, labels, load }
})

/** Outside a Pinia app (a component mounted alone) there are no manifests: names fall back to the id. */
const noManifests = lookupOver(() => undefined)

/**
 * The lookup for a component or a store: over the platforms store's manifests when the app runs, the plain
 * fallback otherwise. Plain functions over the store's state (not store actions), so they stay live and pure.
 */
export function usePlatforms(): PlatformLookup {
  if (!getActivePinia()) return noManifests
  const store = usePlatformsStore()
  return lookupOver((id) => store.byId.get(id))
}
