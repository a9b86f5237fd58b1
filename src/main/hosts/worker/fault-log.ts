/** A fault as one readable log entry: the stack when there is one. */
export function describeFault(fault: unknown): string {
  if (fault instanceof Error) return fault.stack ?? `${fault.name}: ${fault.message}`
  return String(fault)
}

/**
 * In the database worker, a forgotten promise must not end the workspace silently:
 * an unhandled rejection is logged and the worker keeps serving; an uncaught
 * exception is logged and the worker exits, so the host starts a fresh one.
 */
export function logWorkerFaults(log: (line: string) => void = (line) => console.error(line)): void {
  process.on('unhandledRejection', (reason) => {
    log(`[parley] The workspace worker ignored a failure (unhandled rejection): ${describeFault(reason)}`)
  })
  process.on('uncaughtException', (error) => {
    log(`[parley] The workspace worker hit an error it cannot recover from and will restart: ${describeFault(error)}`)
    process.exit(1)
  })
}
