import { ParleyError, type ConnectorInfo, type ConnectorManifest, type Platform } from '../../../shared/contract'
import type { Connector, PlatformNames } from '../../model/connector'

/** The colour of a platform no connector describes any more (an account of a removed connector). */
const NEUTRAL = '#7c8594'

/** The connectors this build knows, by platform: the one list of platforms. Adding a platform adds one folder and one line. */
export class ConnectorRegistry implements PlatformNames {
  private readonly byPlatform = new Map<Platform, Connector>()

  constructor(connectors: readonly Connector[]) {
    for (const c of connectors) {
      if (this.byPlatform.has(c.platform)) throw new Error(`Two connectors claim the platform "${c.platform}".`)
      this.byPlatform.set(c.platform, c)
    }
  }

  get(platform: Platform): Connector {
    const found = this.byPlatform.get(platform)
    if (!found) throw new ParleyError('bad_input', `Parley cannot connect ${platform} accounts yet.`)
    return found
  }

  has(platform: Platform): boolean {
    return this.byPlatform.has(platform)
  }

  /** Refuses, in plain words, platform ids no connector provides (a rule naming a platform this build lacks). */
  requireKnown(platforms: readonly string[] = []): void {
    const unknown = platforms.filter((p) => !this.byPlatform.has(p))
    if (unknown.length) {
      const known = [...this.byPlatform.keys()].join(', ')
      throw new ParleyError('bad_input', `Parley has no connector for ${unknown.map((p) => `"${p}"`).join(', ')}. The platforms it knows are: ${known}.`)
    }
  }

  manifests(): ConnectorManifest[] {
    return [...this.byPlatform.values()].map((c) => c.manifest)
  }

  label(platform: string): string {
    return this.byPlatform.get(platform)?.manifest.label ?? platform
  }

  colour(platform: string): string {
    return this.byPlatform.get(platform)?.manifest.colour ?? NEUTRAL
  }

  info(): ConnectorInfo[] {
    return [...this.byPlatform.values()].map((c) => ({ ...c.manifest, platform: c.platform, canReply: c.capabilities.has('reply') }))
  }
}
