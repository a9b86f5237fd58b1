import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import sirv from 'sirv'
import { WebSocketServer, type WebSocket } from 'ws'
import type { CallResult, ErrorCode } from '../../../shared/contract'
import type { CoreClient } from '../worker/core-client'
import { checkBindAddress, isLoopback } from './bind'
import { MAX_JSON_DEPTH, nestsDeeperThan, readBody } from './request-body'
import { setSecurityHeaders } from './security-headers'
import { BrowserSessions, sessionCookieName } from './sessions'
import { newToken, tokenMatches } from './token'

export interface ServeOptions {
  client: CoreClient
  /** Folder with the built renderer (index.html and assets). */
  rendererDir: string
  host?: string
  port?: number
  allowRemote?: boolean
  /** The bearer token for programs (CLI, tests, bench); never part of an address. */
  token?: string
  /** Where a failure inside a handler is reported; default stderr. */
  log?: (line: string) => void
}

export interface RunningServer {
  /** The address to open once: its one-time code becomes a session cookie. */
  url: string
  port: number
  /** Bearer token for programs calling the API (Authorization: Bearer …). */
  token: string
  /** A fresh one-time address, e.g. for a second browser. */
  newAddress(): string
  close(): Promise<void>
}

const STATUS: Record<ErrorCode, number> = {
  bad_input: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
}

const NEEDS_ADDRESS = 'This request needs the address printed when Parley started. Open the exact address it printed.'

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end()
  const data = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...extra })
  res.end(data)
}

function fail(res: ServerResponse, status: number, code: ErrorCode, message: string, extra: Record<string, string> = {}): void {
  sendJson(res, status, { ok: false, error: { code, message } } satisfies CallResult<never>, extra)
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization
  return header?.startsWith('Bearer ') ? header.slice(7) : null
}

/** The request target as a URL, or null when it is not an origin-form path a browser could have sent. */
function parseTarget(raw: string | undefined): URL | null {
  if (!raw || !raw.startsWith('/')) return null
  try {
    return new URL(raw, 'http://127.0.0.1')
  } catch {
    return null
  }
}

/** The Origin header's host when it names an http(s) origin; null when missing, "null" or unparseable. */
function originHost(req: IncomingMessage): string | null {
  const origin = req.headers.origin
  if (!origin) return null
  try {
    const url = new URL(origin)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : null
  } catch {
    return null
  }
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  socket.destroy()
}

/**
 * Browser mode: the built renderer over HTTP, the contract over POST /api/call/<op>
 * and events over a WebSocket. Programs authenticate with the bearer token, a browser
 * with the session cookie it got for the printed one-time address.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  const allowRemote = options.allowRemote ?? false
  checkBindAddress(host, allowRemote)
  const token = options.token ?? newToken()
  const log = options.log ?? ((line: string) => console.error(line))
  const sessions = new BrowserSessions()
  const { client } = options
  const assets = sirv(options.rendererDir, {
    dev: false,
    etag: true,
    extensions: ['html'],
    // The page is the way in: never kept by the browser or a proxy. Hashed bundles under /assets/ may be.
    setHeaders: (res, pathname) => {
      if (!pathname.startsWith('/assets/')) res.setHeader('Cache-Control', 'no-store')
    },
  })

  // DNS rebinding guard: a loopback server only answers to loopback host names.
  const hostAllowed = (req: IncomingMessage): boolean => {
    if (allowRemote) return true
    const name = (req.headers.host ?? '').replace(/:\d+$/, '')
    return isLoopback(name)
  }
  const sameOrigin = (req: IncomingMessage): boolean => {
    const from = originHost(req)
    return from !== null && from === req.headers.host
  }
  /** A program's bearer token or a session this process started. */
  const authorized = (req: IncomingMessage): 'bearer' | 'cookie' | null => {
    const given = bearer(req)
    if (given !== null && (tokenMatches(token, given) || sessions.isSession(given))) return 'bearer'
    return sessions.hasSession(req) ? 'cookie' : null
  }

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname
    if (path === '/api/health') return sendJson(res, 200, { ok: true })
    if (path === '/api/session' && req.method === 'GET') {
      // Tells the page why it has no access, so a tab left open across a restart can say so.
      const cookie = sessions.sessionOf(req)
      if (sessions.isSession(cookie)) return sendJson(res, 200, { ok: true, value: { signedIn: true } })
      return sendJson(res, 200, { ok: true, value: { signedIn: false, reason: cookie ? 'restarted' : 'no_session' } })
    }
    const how = authorized(req)
    if (!how) return fail(res, 401, 'unauthorized', NEEDS_ADDRESS)
    // Cookies are SameSite=Strict already; a browser request that says it comes from elsewhere is refused too.
    if (req.headers.origin !== undefined && !sameOrigin(req)) return fail(res, 403, 'unauthorized', 'Requests from other websites are refused.')
    if (req.headers['sec-fetch-site'] === 'cross-site') return fail(res, 403, 'unauthorized', 'Requests from other websites are refused.')
    if (path === '/api/session/address' && req.method === 'POST') {
      return sendJson(res, 200, { ok: true, value: { url: address(sessions.issueCode()) } })
    }
    if (!path.startsWith('/api/call/')) return fail(res, 404, 'not_found', 'No such endpoint.')
    if (req.method !== 'POST') return fail(res, 405, 'bad_input', 'Use POST for calls.')
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return fail(res, 415, 'bad_input', 'Calls must send JSON (Content-Type: application/json).')
    }
    let op: string
    try {
      op = decodeURIComponent(path.slice('/api/call/'.length))
    } catch {
      return fail(res, 400, 'bad_input', 'The operation name in the address is not valid.')
    }
    const body = await readBody(req)
    if (body.kind === 'too_large') {
      return fail(res, 413, 'bad_input', 'The request is larger than 1 MB.', body.drained ? {} : { Connection: 'close' })
    }
    if (body.kind === 'failed') return void res.destroy()
    if (nestsDeeperThan(body.text, MAX_JSON_DEPTH)) {
      return fail(res, 400, 'bad_input', `The request is nested more than ${MAX_JSON_DEPTH} levels deep.`)
    }
    let input: unknown
    try {
      input = body.text.length ? JSON.parse(body.text) : {}
    } catch {
      return fail(res, 400, 'bad_input', 'The request body is not valid JSON.')
    }
    const result = await client.call(op, input)
    sendJson(res, result.ok ? 200 : STATUS[result.error.code], result)
  }

  /** Opening the printed address: the one-time code becomes a session cookie and a clean address. */
  const signIn = (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    const code = url.searchParams.get('token')
    // Only a page load signs in: a HEAD from a link preview must not use up the code.
    if (code === null || req.method !== 'GET') return false
    const session = sessions.redeem(code)
    const clean = new URL(url)
    clean.searchParams.delete('token')
    const location = clean.pathname + clean.search
    if (session) {
      res.writeHead(303, { Location: location, 'Set-Cookie': sessions.cookie(session), 'Cache-Control': 'no-store' })
      res.end()
      return true
    }
    if (sessions.hasSession(req)) {
      res.writeHead(303, { Location: location, 'Cache-Control': 'no-store' })
      res.end()
      return true
    }
    // A used or unknown code: the page loads, sees its address still has a token, and explains.
    return false
  }

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res)
    if (!hostAllowed(req)) return fail(res, 421, 'unauthorized', 'Unknown host name for this Parley server.')
    const url = parseTarget(req.url)
    if (!url) return fail(res, 400, 'bad_input', 'That address is not valid.')
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url)
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'bad_input', 'Method not allowed.')
    if (signIn(req, res, url)) return
    assets(req, res, () => fail(res, 404, 'not_found', 'Not found.'))
  }

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      // One bad request must never stop Parley: log it and answer what is still possible.
      log(`[parley] A request to ${String(req.url).slice(0, 200)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      if (res.headersSent) res.destroy()
      else fail(res, 500, 'internal', 'Parley could not answer that request.', { Connection: 'close' })
    })
  })

  // Node closes an idle kept-alive connection after 5 s; a program calling the API a few seconds apart can send on
  // it just as it closes and get a reset. Idle connections stay open longer than such pauses.
  server.keepAliveTimeout = 30_000

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 })
  const unsubscribe = client.subscribe((name, payload) => {
    const frame = JSON.stringify({ event: name, payload })
    for (const socket of sockets.clients) if (socket.readyState === socket.OPEN) socket.send(frame)
  })

  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = parseTarget(req.url)
    if (!url) return rejectUpgrade(socket, 400, 'Bad Request')
    if (url.pathname !== '/api/events') return rejectUpgrade(socket, 404, 'Not Found')
    if (!hostAllowed(req)) return rejectUpgrade(socket, 421, 'Misdirected Request')
    const how = authorized(req)
    if (!how) return rejectUpgrade(socket, 401, 'Unauthorized')
    // Browsers always send Origin on a WebSocket; a cookie only counts with our own origin.
    // Programs using the bearer token may omit it, but may not name another one.
    if (how === 'cookie' ? !sameOrigin(req) : req.headers.origin !== undefined && !sameOrigin(req)) {
      return rejectUpgrade(socket, 403, 'Forbidden')
    }
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      // A client's malformed frame (reserved bits set, a bad opcode, too large) is an 'error' on its
      // WebSocket: without a listener it would stop Parley. That client is cut off; nobody else notices.
      ws.on('error', () => ws.terminate())
      sockets.emit('connection', ws, req)
    })
  }
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A reset socket must not surface as an unhandled 'error' event.
    socket.on('error', () => socket.destroy())
    try {
      handleUpgrade(req, socket, head)
    } catch (error) {
      log(`[parley] A WebSocket request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      socket.destroy()
    }
  })
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    if (socket.writable && error.code !== 'ECONNRESET') socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    else socket.destroy()
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  sessions.cookieName = sessionCookieName(port)
  const shownHost = host.includes(':') ? `[${host}]` : host
  const address = (code: string): string => `http://${shownHost}:${port}/?token=${code}`
  return {
    url: address(sessions.issueCode()),
    port,
    token,
    newAddress: () => address(sessions.issueCode()),
    close: async () => {
      unsubscribe()
      for (const socket of sockets.clients) socket.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
