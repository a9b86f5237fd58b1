import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { PARSE_THREAD_SOURCE, type ParseAnswer, type RawEntry, type ThreadMessage } from './parse-thread'

/**
 * How long one document may take to parse. A 25,000-entry, 7.5 MB feed takes
 * about a second and a half on an idle core, several on a busy machine; a
 * document still unread after this is hostile or broken, and the poll fails
 * with a plain message instead of waiting on it. Generous on purpose: the
 * parse runs on its own thread, so waiting holds up nothing but that thread.
 */
export const PARSE_BUDGET_MS = 30_000

/** The document was not read within the time budget; the thread reading it was stopped. */
export class FeedParseTimeout extends Error {
  constructor(
    readonly url: string,
    readonly budgetMs: number,
  ) {
    super(`The feed at ${url} could not be read within ${Math.max(1, Math.round(budgetMs / 1000))} s.`)
    this.name = 'FeedParseTimeout'
  }
}

let parserPath: string | null = null
let inProgress = 0

/** Documents being parsed right now (for the health of the workspace and for tests that check calls are answered meanwhile). */
export function parsesInProgress(): number {
  return inProgress
}

/** Resolved here, where the bundler and Node agree on node_modules; the thread is given the absolute path. */
function resolveParser(): string {
  parserPath ??= createRequire(import.meta.url).resolve('@rowanmanning/feed-parser')
  return parserPath
}

/**
 * Parses one feed document in a short-lived thread of its own: the database
 * worker only waits for a message, so every other call keeps being answered
 * while a large document is read. Past the budget the thread is terminated.
 * One thread per document: polls are minutes apart, a thread starts in tens of
 * milliseconds, and terminating it is the only way to stop a parse midway.
 * `onEntries` sees each slice of entries as it arrives, while the thread reads the next: work done there
 * overlaps the parse instead of following it. The slices of a document that fails to be read are seen too;
 * the answer (failed, or a thrown error) says to drop them.
 */
export function parseOffThread(
  text: string,
  url: string,
  budgetMs: number = PARSE_BUDGET_MS,
  onEntries?: (entries: readonly RawEntry[]) => void,
): Promise<ParseAnswer> {
  return new Promise<ParseAnswer>((resolve, reject) => {
    const worker = new Worker(PARSE_THREAD_SOURCE, { eval: true, workerData: { parserPath: resolveParser() } })
    // Never what keeps a CLI command or a closing app alive.
    worker.unref()
    let settled = false
    inProgress++
    const finish = (outcome: () => void): void => {
      if (settled) return
      settled = true
      inProgress--
      clearTimeout(deadline)
      outcome()
      void worker.terminate()
    }
    const deadline = setTimeout(() => finish(() => reject(new FeedParseTimeout(url, budgetMs))), budgetMs)
    const items: RawEntry[] = []
    worker.on('message', (message: ThreadMessage) => {
      if (message.kind === 'items') {
        if (settled) return
        try {
          onEntries?.(message.items)
        } catch (error) {
          finish(() => reject(error as Error))
          return
        }
        items.push(...message.items)
      }
      else if (message.kind === 'done') finish(() => resolve({ ok: true, feed: { ...message.feed, items } }))
      else finish(() => resolve({ ok: false }))
    })
    worker.once('error', (error) => finish(() => reject(error)))
    worker.once('exit', (code) => finish(() => reject(new Error(`The feed reader thread stopped unexpectedly (exit code ${code}).`))))
    worker.postMessage(text)
  })
}
