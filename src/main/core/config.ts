import type { Connector } from '../model/connector'
import type { HttpClient } from '../base/http'
import type { SyncOptions } from '../features/sync/engine'
import type { DeliveryOptions } from '../features/outbox/deliver'
import type { Timers } from '../base/timers'
import type { Vault } from '../features/vault/vault'
import type { Clock } from '../base/clock'
import type { BackupSchedule } from '../features/backup/service'
import type { IntegrityCheckMode } from '../store/workspace-open'

/** Everything the core needs from its host: where data lives, where secrets live, what time it is. */
export interface CoreConfig {
  dataDir: string
  vault: Vault | null
  clock: Clock
  version: string
  /** Platforms this core can connect; defaults to every built-in connector. */
  connectors?: readonly Connector[]
  http?: HttpClient
  /** Start polling on a schedule (desktop and browser mode); one-shot CLI commands and tests leave it off. */
  autoSync?: boolean
  sync?: Partial<SyncOptions>
  timers?: Timers
  /** Outbox delivery settings (backoff, attempts, refresh before send); tests tune them. */
  outbox?: Partial<DeliveryOptions>
  random?: () => number
  /** When the daily backup check runs (with autoSync); false turns the schedule off. */
  backupSchedule?: BackupSchedule | false
  /**
   * After an unclean close: quick_check before the workspace opens ('at-open', the default: one-shot CLI
   * commands and tests), or in the background while Parley serves ('background': desktop and browser mode).
   */
  integrityCheck?: IntegrityCheckMode
  /** The built report-reader entry (src/main/report-reader.ts), the weekly summary's read-only second thread; without it one thread does both weeks. */
  reportReaderEntry?: string
  /** The built item-preparer entry (src/main/hosts/item-preparer.ts): polls' items are sanitised there while the writer writes; without it, on the database thread. */
  itemPreparerEntry?: string
}
