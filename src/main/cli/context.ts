/** What the CLI entry knows about where it was built to. */
export interface CliContext {
  version: string
  rendererDir: string
  workerEntry: string
}
