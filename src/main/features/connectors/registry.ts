import { ParleyError, type ConnectorInfo, type Platform } from '../../../shared/contract'
import type { Connector } from '../../model/connector'

/** The connectors this build knows, by platform. Adding a platform adds one folder and one line. */
export class ConnectorRegistry {
  private readonly byPlatform = new Map<Platform, Connector>()

  constructor(connectors: readonly Connector[]) {
    for (const c of connectors) this.byPlatform.set(c.platform, c)
  }

  get(platform: Platform): Connector {
    const found = this.byPlatform.get(platform)
    if (!found) throw new ParleyError('bad_input', `Parley cannot connect ${platform} accounts yet.`)
    return found
  }

  has(platform: Platform): boolean {
    return this.byPlatform.has(platform)
  }

  info(): ConnectorInfo[] {
    return [...this.byPlatform.values()].map((c) => ({
      platform: c.platform,
      label: c.label,
      authKind: c.authKind,
      capabilities: [...c.capabilities],
      canReply: c.capabilities.has('reply'),
    }))
  }
}
