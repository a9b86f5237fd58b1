import type { Platform } from '../../../shared/contract'
import type { ConnectorRegistry } from '../connectors/registry'

/** Whether the platform files spam itself (e-mail's Junk folder), so a spam mark also queues that: its manifest says so. */
export function platformFilesSpam(connectors: ConnectorRegistry): (platform: string) => boolean {
  return (platform) => connectors.has(platform as Platform) && connectors.get(platform as Platform).capabilities.has('spam')
}
