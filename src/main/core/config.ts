import type { Vault } from '../vault/vault'
import type { Clock } from './clock'

/** Everything the core needs from its host: where data lives, where secrets live, what time it is. */
export interface CoreConfig {
  dataDir: string
  vault: Vault | null
  clock: Clock
  version: string
}
