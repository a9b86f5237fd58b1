import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The one-shot listener an OAuth redirect comes back to (RFC 8252 §7.3: a loopback IP literal and
 * an ephemeral port). It answers exactly one callback, then closes; it knows nothing about any platform.
 */

export const LOOPBACK_HOST = '127.0.0.1'
export const DEFAULT_CALLBACK_PATH = '/callback'
export const DEFAULT_LOOPBACK_TIMEOUT_MS = 10 * 60_000
/** How long the browser tab waits for the result of the code exchange before it gets a generic page. */
const DEFAULT_FINISH_TIMEOUT_MS = 60_000

/** What came back, or why nothing will. Messages are plain words for the person signing in. */
export type CallbackResult =
  /** `code` is the value of the result parameter: an authorization code, or what the platform sends instead. */
  | { kind: 'code'; code: string; params: URLSearchParams }
  | { kind: 'denied'; message: string }
  | { kind: 'wrong_state'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'timeout'; message: string }
  | { kind: 'cancelled'; message: string }

/** What the browser tab shows after a callback. */
export interface PageOutcome {
  ok: boolean
  message: string
}

export interface LoopbackOptions {
  /** The `state` sent with the authorization request; the callback must bring it back unchanged. */
  state: string
  /** Default "/callback". */
  path?: string
  /** The query parameter that carries the answer: "code" (OAuth 2, the default) or the platform's own ("payload"). */
  resultParam?: string
  /** 0 (default) asks the OS for a free port; a platform that registers a fixed redirect URI passes its port. */
  port?: number
  /** Default 10 minutes; the listener closes itself after that. */
  timeoutMs?: number
  finishTimeoutMs?: number
  /**
   * Called exactly once: with the callback, or with the timeout or cancellation. For a callback its
   * answer (awaited, bounded) is what the browser tab says, so the page can tell whether connecting worked.
   */
  onResult(result: CallbackResult): Promise<PageOutcome | void> | PageOutcome | void
}

export interface LoopbackListener {
  readonly redirectUri: string
  readonly port: number
  /** Resolves once the listener has stopped (after the callback, the timeout or close()). */
  readonly closed: Promise<void>
  /** Cancels a wait still pending (onResult then gets "cancelled") and stops listening. */
  close(): Promise<void>
}

/** Compares without leaking, through timing, how much of the state matched. */
export function sameSecret(received: string | null, expected: string): boolean {
  if (received === null) return false
  const a = createHash('sha256').update(received, 'utf8').digest()
  const b = createHash('sha256').update(expected, 'utf8').digest()
  return timingSafeEqual(a, b)
}

const STYLE = [
  'body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f6f6f4;color:#1f2328;',
  'font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}',
  'main{max-width:34rem;margin:24px;padding:28px 32px;border:1px solid #dcdcd6;border-radius:12px;background:#fff}',
  'h1{margin:0 0 10px;font-size:19px}p{margin:0 0 8px}.hint{color:#5b6068;font-size:14px}',
  '.error h1{color:#a4262c}',
  '@media (prefers-color-scheme:dark){body{background:#1b1c1f;color:#e6e6e3}main{background:#25262a;border-color:#3a3b40}.hint{color:#a8abb2}.error h1{color:#ff8a80}}',
].join('')
const STYLE_HASH = createHash('sha256').update(STYLE, 'utf8').digest('base64')

/** Nothing external and nothing executable: one inline style, allowed by its hash. */
export const LOOPBACK_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

export function renderPage(outcome: PageOutcome): string {
  const title = outcome.ok ? 'You can close this tab and return to Parley' : 'Parley could not connect the account'
  const hint = outcome.ok ? 'Parley has what it needs; this tab is no longer used.' : 'You can close this tab and return to Parley to try again.'
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(outcome.ok ? 'Parley: signed in' : 'Parley: not connected')}</title><style>${STYLE}</style></head>`,
    `<body><main class="${outcome.ok ? 'ok' : 'error'}" data-outcome="${outcome.ok ? 'ok' : 'error'}">`,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(outcome.message)}</p><p class="hint">${escapeHtml(hint)}</p>`,
    '</main></body></html>',
  ].join('')
}

function sendPage(res: ServerResponse, status: number, outcome: PageOutcome, done?: () => void): void {
  const body = renderPage(outcome)
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Content-Security-Policy': LOOPBACK_CSP,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    Connection: 'close',
  })
  res.end(body, done)
}

const MAX_DETAIL = 300

function describeDuration(ms: number): string {
  if (ms >= 60_000) {
    const minutes = Math.round(ms / 60_000)
    return `${minutes} minute${minutes === 1 ? '' : 's'}`
  }
  const seconds = Math.max(1, Math.round(ms / 1000))
  return `${seconds} second${seconds === 1 ? '' : 's'}`
}

/** The platform's error in the callback (RFC 6749 §4.1.2.1), in words. */
function callbackError(params: URLSearchParams): CallbackResult | null {
  const error = params.get('error')
  if (error === null) return null
  if (error === 'access_denied') {
    return { kind: 'denied', message: 'You chose not to let Parley use the account, so nothing was connected.' }
  }
  const description = (params.get('error_description') ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_DETAIL)
  return {
    kind: 'error',
    message: `The server refused the sign-in (${error.slice(0, 60)}${description ? `: ${description}` : ''}). Nothing was connected.`,
  }
}

export async function startLoopback(options: LoopbackOptions): Promise<LoopbackListener> {
  if (!options.state) throw new Error('startLoopback needs the state that was sent with the authorization request.')
  const path = options.path ?? DEFAULT_CALLBACK_PATH
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOOPBACK_TIMEOUT_MS
  const finishTimeoutMs = options.finishTimeoutMs ?? DEFAULT_FINISH_TIMEOUT_MS
  let settled = false
  let port = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let resolveClosed: () => void = () => undefined
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve))

  const server = createServer((req, res) => {
    // This listener lives in the database worker: a failure here must answer the tab, never end the workspace.
    handle(req, res).catch((error: unknown) => {
      console.error(`[parley] The sign-in listener could not answer ${String(req.url).slice(0, 200)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      if (res.headersSent) res.destroy()
      else sendPage(res, 500, { ok: false, message: 'Parley could not read that answer. Return to Parley and try again.' })
    })
  })
  server.requestTimeout = 30_000
  server.headersTimeout = 15_000
  server.on('close', () => resolveClosed())

  function stop(): void {
    if (timer) clearTimeout(timer)
    timer = null
    server.close()
    server.closeAllConnections()
  }

  /** Ends the wait once; a callback's page is rendered from what onResult answers. */
  async function settle(result: CallbackResult): Promise<PageOutcome | void> {
    settled = true
    if (timer) clearTimeout(timer)
    timer = null
    return options.onResult(result)
  }

  async function finish(result: CallbackResult): Promise<PageOutcome> {
    let fallback: ReturnType<typeof setTimeout> | null = null
    const late = new Promise<PageOutcome>((resolve) => {
      fallback = setTimeout(
        () => resolve({ ok: true, message: 'Parley received the sign-in and is still finishing; the result will show in Parley.' }),
        finishTimeoutMs,
      )
    })
    try {
      const answer = await Promise.race([Promise.resolve(settle(result)), late])
      if (answer) return answer
      if (result.kind === 'code') return { ok: true, message: 'Parley received the sign-in.' }
      return { ok: false, message: 'message' in result ? result.message : 'Nothing was connected.' }
    } catch {
      return { ok: false, message: 'Parley could not finish connecting the account. Nothing was saved.' }
    } finally {
      if (fallback) clearTimeout(fallback)
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A page on another site cannot reach this listener by a DNS name pointing at 127.0.0.1 (DNS rebinding).
    if (req.headers.host !== `${LOOPBACK_HOST}:${port}`) {
      return sendPage(res, 421, { ok: false, message: 'This address only answers requests for itself.' })
    }
    let url: URL
    try {
      url = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}:${port}`)
    } catch {
      return sendPage(res, 400, { ok: false, message: 'That address is not valid.' })
    }
    if (url.pathname !== path) return sendPage(res, 404, { ok: false, message: 'There is nothing at this address.' })
    // Only a browser's navigation counts; a HEAD from a link preview must not use up the flow.
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET')
      return sendPage(res, 405, { ok: false, message: 'The sign-in answer must arrive as a normal page load.' })
    }
    if (settled) return sendPage(res, 410, { ok: false, message: 'This sign-in has already finished. Return to Parley.' })
    const params = url.searchParams
    let result: CallbackResult
    if (!sameSecret(params.get('state'), options.state)) {
      result = {
        kind: 'wrong_state',
        message: 'The answer that came back does not belong to the sign-in Parley started, so Parley ignored it. Nothing was connected.',
      }
    } else {
      const resultParam = options.resultParam ?? 'code'
      const code = params.get(resultParam)
      const missing = resultParam === 'code' ? 'no authorization code' : 'nothing Parley could use'
      result =
        callbackError(params) ??
        (code
          ? { kind: 'code', code, params }
          : { kind: 'error', message: `The server sent ${missing} back. Nothing was connected.` })
    }
    const outcome = await finish(result)
    sendPage(res, outcome.ok ? 200 : 400, outcome, stop)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  timer = setTimeout(() => {
    const message = `Nobody approved the sign-in within ${describeDuration(timeoutMs)}, so Parley stopped waiting. Nothing was connected.`
    void Promise.resolve(settle({ kind: 'timeout', message })).catch(() => undefined)
    stop()
  }, timeoutMs)
  timer.unref?.()

  return {
    redirectUri: `http://${LOOPBACK_HOST}:${port}${path}`,
    port,
    closed,
    async close() {
      if (!settled) void Promise.resolve(settle({ kind: 'cancelled', message: 'The sign-in was cancelled. Nothing was connected.' })).catch(() => undefined)
      stop()
      await closed
    },
  }
}
