// Test infrastructure shared by every connector's fake server; never imported by the app.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { faultHandler, type Fault } from './faults'

export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: string
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>

export interface FakeServer {
  url: string
  port: number
  requests: RecordedRequest[]
  /** Answer the next N matching requests differently (429 storms, 5xx bursts, timeouts). */
  inject(match: (req: RecordedRequest) => boolean, handler: Handler, times?: number): void
  /** Plays a network fault (testing/faults.ts) on the next N matching requests; the fake's own route supplies the real answer it spoils. */
  fault(match: (req: RecordedRequest) => boolean, fault: Fault, times?: number): void
  close(): Promise<void>
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

/**
 * A platform stand-in on 127.0.0.1 and a random port. Each connector's fake
 * supplies the route function; this records requests and plays injected faults.
 */
export async function startFakeServer(route: Handler, port = 0): Promise<FakeServer> {
  const requests: RecordedRequest[] = []
  const injections: { match: (req: RecordedRequest) => boolean; handler: Handler; left: number }[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(recorded)
      const injected = injections.find((i) => i.left > 0 && i.match(recorded))
      const handler = injected ? (injected.left--, injected.handler) : route
      Promise.resolve(handler(recorded, res)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: String(error) })
        else res.destroy()
      })
    })
  })
  // A fixed port lets a test stop a platform and bring it back at the same address (offline, then online).
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  const bound = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    requests,
    inject(match, handler, times = 1) {
      injections.push({ match, handler, left: times })
    },
    fault(match, fault, times = 1) {
      injections.push({ match, handler: faultHandler(fault, route), left: times })
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
