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
