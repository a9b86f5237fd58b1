import type { Connector } from '../../model/connector'

/** What the CLI entry knows about where it was built to. */
export interface CliContext {
  /** The connectors to offer (the registry's built-in list when absent); the same list reaches the core. */
  connectors?: readonly Connector[]
  version: string
  rendererDir: string
  workerEntry: string
  /** The weekly summary's second thread; without it one thread does both weeks. */
  reportReaderEntry?: string
  /** Ingest's preparer thread; without it items are prepared on the database thread. */
  itemPreparerEntry?: string
}
