import type { CallResult, EventName } from '../../../shared/contract'
import type { CoreConfig } from '../../core/config'

/** What crosses between the UI-serving thread and the database worker. */
export type ToWorker =
  | { type: 'call'; id: number; op: unknown; input: unknown }
  | { type: 'close' }

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: CallResult<unknown> }
  | { type: 'event'; name: EventName; payload: unknown }
  | { type: 'closed' }

/** Serialisable part of the config; the worker builds its own vault and clock. */
export interface WorkerData {
  dataDir: string
  version: string
  vault: 'keychain' | 'file' | 'none'
  /** Only for the file vault; read by the host from the environment or a prompt. */
  passphrase?: string
  autoSync: boolean
  /** The built report-reader entry, for the weekly summary's second thread. */
  reportReaderEntry?: string
  /** The built item-preparer entry: ingest's sanitising on a thread of its own. */
  itemPreparerEntry?: string
}

export type { CoreConfig }
