// Test infrastructure: network faults any connector's fake can play; never imported by the app.
import type { ServerResponse } from 'node:http'
import type { RecordedRequest } from './fake-http'

/**
 * One way a platform or the network between misbehaves. Faults that need the
 * real answer (truncate, drip, reset mid-body, wrong type) run the fake's own
 * route first and then spoil what it said, so every fake gets them for free.
 */
export type Fault =
  /** Accepts the request and never answers: the client's timeout has to fire. */
  | { kind: 'hang' }
  /** Destroys the socket: before any byte ('start') or halfway through the body ('mid-body'). */
  | { kind: 'reset'; at?: 'start' | 'mid-body' }
  /** Answers this status (429 storms, 5xx bursts) with an optional Retry-After and body. */
  | { kind: 'status'; status: number; retryAfter?: string; body?: string; contentType?: string }
  /** Declares the full Content-Length, sends half the body, then closes the connection. */
  | { kind: 'truncate' }
  /** 200 with an HTML page where the API or feed should be (a captive portal, a proxy's error page). */
  | { kind: 'wrong-type' }
  /** Sends the headers, then trickles the body a few bytes at a time, slower than any read timeout. */
  | { kind: 'drip'; bytes?: number; everyMs?: number }
  /** The real answer with its body rewritten: a hostile or broken server saying what the fake alone never would. */
  | { kind: 'tamper'; edit: (body: string, req: RecordedRequest) => string }

export type RouteHandler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>

/** What a route said, captured instead of sent. */
interface Captured {
  status: number
  headers: Record<string, string | string[] | number>
  body: Buffer
}

/** Runs the route against a stand-in response and returns what it would have sent. */
async function capture(route: RouteHandler, req: RecordedRequest): Promise<Captured> {
  const out: Captured = { status: 200, headers: {}, body: Buffer.alloc(0) }
  const chunks: Buffer[] = []
  let finish!: () => void
  const ended = new Promise<void>((resolve) => (finish = resolve))
  const toBuffer = (c: unknown): Buffer => (Buffer.isBuffer(c) ? c : Buffer.from(String(c)))
  const stand = {
    headersSent: false,
    statusCode: 200,
    writeHead(status: number, headers: Record<string, string | string[] | number> = {}) {
      out.status = status
      Object.assign(out.headers, headers)
      stand.headersSent = true
      return stand
    },
    setHeader(name: string, value: string | string[] | number) {
      out.headers[name] = value
      return stand
    },
    write(chunk: unknown) {
      chunks.push(toBuffer(chunk))
      return true
    },
    end(chunk?: unknown) {
      if (chunk !== undefined && chunk !== null) chunks.push(toBuffer(chunk))
      finish()
      return stand
    },
    destroy() {
      finish()
      return stand
    },
  }
  await Promise.all([route(req, stand as unknown as ServerResponse), ended])
  out.body = Buffer.concat(chunks)
  if (!stand.headersSent) out.status = stand.statusCode
  return out
}

const withoutLength = (headers: Captured['headers']): Captured['headers'] =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'content-length'))

const HTML_PAGE = '<!DOCTYPE html><html><head><title>Sign in to the Wi-Fi</title></head><body><h1>Welcome</h1><p>Accept the terms to continue.</p></body></html>'

/** A handler that plays the fault, using the fake's own route where the fault spoils a real answer. */
export function faultHandler(fault: Fault, route: RouteHandler): RouteHandler {
  switch (fault.kind) {
    case 'hang':
      // Nothing is sent; the fake's close() drops the socket.
      return () => undefined
    case 'status':
      return (_req, res) => {
        const headers: Record<string, string> = { 'Content-Type': fault.contentType ?? 'application/json; charset=utf-8' }
        if (fault.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter
        res.writeHead(fault.status, headers)
        res.end(fault.body ?? JSON.stringify({ error: fault.status === 429 ? 'Too many requests' : 'Internal server error' }))
      }
    case 'wrong-type':
      return (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        res.end(HTML_PAGE)
      }
    case 'reset':
      if (fault.at !== 'mid-body') return (_req, res) => void res.socket?.destroy()
      return async (req, res) => {
        const real = await capture(route, req)
        res.writeHead(real.status, { ...withoutLength(real.headers), 'Content-Length': String(real.body.length) })
        res.write(real.body.subarray(0, Math.floor(real.body.length / 2)))
        // Let the half body reach the wire, then tear the connection down without a FIN.
        setImmediate(() => res.socket?.destroy())
      }
    case 'truncate':
      return async (req, res) => {
        const real = await capture(route, req)
        res.writeHead(real.status, { ...withoutLength(real.headers), 'Content-Length': String(real.body.length + 1) })
        res.write(real.body.subarray(0, Math.floor(real.body.length / 2)))
        setImmediate(() => res.socket?.end())
      }
    case 'tamper':
      return async (req, res) => {
        const real = await capture(route, req)
        const body = Buffer.from(fault.edit(real.body.toString('utf8'), req))
        res.writeHead(real.status, { ...withoutLength(real.headers), 'Content-Length': String(body.length) })
        res.end(body)
      }
    case 'drip':
      return async (req, res) => {
        const real = await capture(route, req)
        const size = fault.bytes ?? 1
        res.writeHead(real.status, { ...withoutLength(real.headers), 'Content-Length': String(real.body.length) })
        let offset = 0
        const timer = setInterval(() => {
          if (res.destroyed || offset >= real.body.length) {
            clearInterval(timer)
            if (!res.destroyed) res.end()
            return
          }
          res.write(real.body.subarray(offset, offset + size))
          offset += size
        }, fault.everyMs ?? 50)
        res.on('close', () => clearInterval(timer))
      }
  }
}

/** Short names for a test table: "timeout ×3", "429 storm", ... */
export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'hang':
      return 'no answer (timeout)'
    case 'reset':
      return `connection reset ${fault.at === 'mid-body' ? 'mid-body' : 'before the answer'}`
    case 'status':
      return `${fault.status}${fault.retryAfter !== undefined ? ` (Retry-After ${fault.retryAfter})` : ''}`
    case 'truncate':
      return 'truncated body'
    case 'wrong-type':
      return 'HTML instead of the answer'
    case 'drip':
      return 'slow drip'
    case 'tamper':
      return 'rewritten answer'
  }
}
