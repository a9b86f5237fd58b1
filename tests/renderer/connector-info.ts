import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { ConnectorInfo, ConnectorManifest } from '@shared/contract'
import { usePlatformsStore } from '@renderer/stores/platforms'
import { blueskyManifest } from '../../src/main/features/connectors/bluesky/manifest'
import { emailManifest } from '../../src/main/features/connectors/email/manifest'
import { feedManifest } from '../../src/main/features/connectors/feed/manifest'
import { mastodonManifest } from '../../src/main/features/connectors/mastodon/manifest'

/** The real manifests, as the renderer's fixtures of `connectors.list`. */
export const manifests = { mastodon: mastodonManifest, bluesky: blueskyManifest, feed: feedManifest, email: emailManifest }

/** One `connectors.list` entry for a manifest, as the core's registry serves it; a test may override a field. */
export function connectorInfo(manifest: ConnectorManifest, patch: Partial<ConnectorInfo> = {}): ConnectorInfo {
  return { ...manifest, platform: manifest.id, canReply: manifest.capabilities.includes('reply'), ...patch }
}

/** A Pinia whose platforms store already holds the shipped manifests, for components mounted on their own. */
export function piniaWithManifests(): Pinia {
  const pinia = createPinia()
  setActivePinia(pinia)
  const platforms = usePlatformsStore()
  platforms.list = Object.values(manifests).map((m) => connectorInfo(m))
  platforms.loaded = true
  return pinia
}
