import type { ImapFlow } from 'imapflow'
import { backoffDelay, type BackoffPolicy } from '../../../base/backoff'
import type { ConnectorContext, StreamWatch, WatchOptions } from '../../../model/connector'
import { mailCredentials } from './credentials'
import { imapClient } from './servers'
import { readSettings } from './settings'

/** Reconnect waits after a lost IDLE connection: quick at first, never more often than this, at most this long. */
const RECONNECT: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 }

/**
 * Keeps one IMAP connection per account in IDLE on its inbox (the first folder it reads: INBOX when it
 * reads that) and wakes the mail stream whenever the server says a message arrived, left or changed its
 * flags, so new mail is polled within seconds. The poll itself still does all reading, on its own
 * connection; the other folders are read on the schedule. A server without IDLE gets no watch: the
 * schedule polls it every minute. A lost connection is reopened with backoff until close().
 */
export function watchMail(ctx: ConnectorContext, options: WatchOptions, stream: string): StreamWatch {
  const settings = readSettings(ctx.account.settings)
  const folder = settings.folders.find((f) => f.toUpperCase() === 'INBOX') ?? settings.folders[0] ?? 'INBOX'
  let closed = false
  let client: ImapFlow | null = null
  let retryTimer: unknown = null
  let failures = 0

  const wake = (): void => {
    if (!closed) options.wake(stream)
  }

  const retry = (): void => {
    if (closed || retryTimer !== null) return
    failures++
    retryTimer = options.timers.set(() => {
      retryTimer = null
      void open()
    }, backoffDelay(failures, RECONNECT, options.random))
  }

  const open = async (): Promise<void> => {
    if (closed) return
    let credentials
    try {
      // An OAuth 2 account's token may have run out while the line was down: a fresh one each time.
      credentials = await mailCredentials(ctx, settings)
    } catch {
      return retry()
    }
    if (closed) return
    const c = imapClient(settings.imap, credentials, { idle: true })
    client = c
    // Errors arrive through 'close' (and the pending command); without a listener they would crash the process.
    c.on('error', () => undefined)
    c.on('close', () => {
      if (client !== c) return
      client = null
      retry()
    })
    c.on('exists', wake)
    c.on('expunge', wake)
    c.on('flags', wake)
    try {
      await c.connect()
      if (!c.capabilities.has('IDLE')) {
        // Nothing to listen to: the schedule covers this server.
        client = null
        closed = true
        await c.logout().catch(() => c.close())
        return
      }
      await c.mailboxOpen(folder, { readOnly: true })
      if (closed) return void (await c.logout().catch(() => c.close()))
      failures = 0
      // Whatever arrived before IDLE began (or while the line was down) is fetched now; from here on the
      // server reports each change, including one made before IDLE starts, since the folder is selected.
      wake()
    } catch {
      // A refused login, a missing folder, an unreachable server: the poll reports it in plain words;
      // the watch tries again later (the engine closes it once the account needs reconnecting).
      if (client === c) {
        client = null
        c.close()
        retry()
      }
    }
  }

  void open()
  return {
    async close(): Promise<void> {
      closed = true
      if (retryTimer !== null) options.timers.clear(retryTimer)
      retryTimer = null
      const c = client
      client = null
      if (c) await c.logout().catch(() => c.close())
    },
  }
}
