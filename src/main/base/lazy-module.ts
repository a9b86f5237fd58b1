import { createRequire } from 'node:module'

const load = createRequire(import.meta.url)

/**
 * A CommonJS package loaded the first time it is used rather than when Parley starts: PDF rendering,
 * the mail stack and the weighted reply counter cost the database worker hundreds of milliseconds of
 * start-up for work most sessions never do.
 */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined
  return () => (loaded ??= load(name) as T)
}
