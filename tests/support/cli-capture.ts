import { afterEach, beforeEach, vi } from 'vitest'

/** What the in-process CLI needs to know about the build it runs in; no renderer or worker bundle is used. */
export const CLI_CONTEXT = { version: '9.9.9', rendererDir: '/nonexistent', workerEntry: '/nonexistent/worker.js' }

/**
 * Captures what the in-process CLI writes to standard output and error, test by test, and gives it the
 * file vault's passphrase through the environment (never argv). Call inside a describe block; the arrays
 * are emptied before each test and stay the same arrays, so destructuring them once is fine.
 */
export function captureCliOutput(passphrase: string): { output: string[]; errors: string[] } {
  const captured = { output: [] as string[], errors: [] as string[] }
  beforeEach(() => {
    captured.output.length = 0
    captured.errors.length = 0
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (captured.output.push(String(s)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (captured.errors.push(String(s)), true))
    vi.stubEnv('PARLEY_VAULT_PASSPHRASE', passphrase)
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllEnvs()
  })
  return captured
}
