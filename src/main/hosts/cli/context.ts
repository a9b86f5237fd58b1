/** What the CLI entry knows about where it was built to. */
export interface CliContext {
  version: string
  rendererDir: string
  workerEntry: string
  /** The weekly summary's second thread; without it one thread does both weeks. */
  reportReaderEntry?: string
}
