import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import sirv from 'sirv'
import { WebSocketServer, type WebSocket } from 'ws'
import type { CallResult, ErrorCode } from '../../shared/contract'
import type { CoreClient } from '../host/core-client'
import { checkBindAddress, isLoopback } from './bind'
import { setSecurityHeaders } from './security-headers'
import { newToken, tokenMatches } from './token'

export interface ServeOptions {
  client: CoreClient
  /** Folder with the built renderer (index.html and assets). */
  rendererDir: string
  host?: string
  port?: number
  allowRemote?: boolean
  token?: string
}

export interface RunningServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const MAX_BODY = 1024 * 1024
const STATUS: Record<ErrorCode, number> = {
  bad_input: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(data)
}

function fail(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } } satisfies CallResult<never>)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(new Error('too large'))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization
  return header?.startsWith('Bearer ') ? header.slice(7) : null
}

/**
 * Browser mode: the built renderer over HTTP, the contract over POST /api/call/<op>
 * and events over a WebSocket, every API request carrying the per-launch token.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  const allowRemote = options.allowRemote ?? false
  checkBindAddress(host, allowRemote)
  const token = options.token ?? newToken()
  const { client } = options
  const assets = sirv(options.rendererDir, { dev: false, etag: true, extensions: ['html'] })

  // DNS rebinding guard: a loopback server only answers to loopback host names.
  const hostAllowed = (req: IncomingMessage): boolean => {
    if (allowRemote) return true
    const name = (req.headers.host ?? '').replace(/:\d+$/, '')
    return isLoopback(name)
  }

  const handleApi = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    if (path === '/api/health') return sendJson(res, 200, { ok: true })
    if (!tokenMatches(token, bearer(req))) {
      return fail(res, 401, 'unauthorized', 'This request needs the token printed when Parley started. Open the exact address it printed.')
    }
    if (!path.startsWith('/api/call/')) return fail(res, 404, 'not_found', 'No such endpoint.')
    if (req.method !== 'POST') return fail(res, 405, 'bad_input', 'Use POST for calls.')
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return fail(res, 415, 'bad_input', 'Calls must send JSON (Content-Type: application/json).')
    }
    let input: unknown
    try {
      const body = await readBody(req)
      input = body.length ? JSON.parse(body) : {}
    } catch (error) {
      const tooLarge = error instanceof Error && error.message === 'too large'
      return fail(res, tooLarge ? 413 : 400, 'bad_input', tooLarge ? 'The request is larger than 1 MB.' : 'The request body is not valid JSON.')
    }
    const op = decodeURIComponent(path.slice('/api/call/'.length))
    const result = await client.call(op, input)
    sendJson(res, result.ok ? 200 : STATUS[result.error.code], result)
  }

  const server = createServer((req, res) => {
    setSecurityHeaders(res)
    if (!hostAllowed(req)) return fail(res, 421, 'unauthorized', 'Unknown host name for this Parley server.')
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname
    if (path.startsWith('/api/')) {
      handleApi(req, res, path).catch(() => fail(res, 500, 'internal', 'Parley could not answer that request.'))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'bad_input', 'Method not allowed.')
    assets(req, res, () => fail(res, 404, 'not_found', 'Not found.'))
  })

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 })
  const unsubscribe = client.subscribe((name, payload) => {
    const frame = JSON.stringify({ event: name, payload })
    for (const socket of sockets.clients) if (socket.readyState === socket.OPEN) socket.send(frame)
  })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder')
    const origin = req.headers.origin
    const sameOrigin = !origin || new URL(origin).host === req.headers.host
    if (url.pathname !== '/api/events' || !hostAllowed(req) || !sameOrigin || !tokenMatches(token, url.searchParams.get('token'))) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n')
      socket.destroy()
      return
    }
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => sockets.emit('connection', ws, req))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe()
      for (const socket of sockets.clients) socket.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
