import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { ParleyError, type ErrorCode } from '../../../shared/contract'
import { parseBearer } from '../../features/team/credentials'
import type { TeamService } from '../../features/team/service'
import { checkBindAddress, isLoopback } from '../server/bind'
import { MAX_JSON_DEPTH, nestsDeeperThan, readBody } from '../server/request-body'
import { memberRoutes, publicRoutes } from './routes'

export interface TeamServerOptions {
  service: TeamService
  host: string
  port: number
  allowRemote: boolean
  tls?: { cert: Buffer; key: Buffer }
  log?: (line: string) => void
}

export interface RunningTeamServer {
  url: string
  port: number
  close(): Promise<void>
}

const STATUS: Record<ErrorCode, number> = { bad_input: 400, unauthorized: 401, not_found: 404, conflict: 409, unavailable: 503, internal: 500 }

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end()
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
  res.end(JSON.stringify(body))
}

const fail = (res: ServerResponse, code: ErrorCode, message: string): void => send(res, STATUS[code], { ok: false, error: { code, message } })

/**
 * Members' credentials travel in every request: off loopback the service needs TLS, or the
 * operator's explicit --allow-remote (e.g. behind a TLS-terminating proxy).
 */
export function checkTeamBind(host: string, allowRemote: boolean, tls: boolean): void {
  if (isLoopback(host) || tls) return
  if (!allowRemote) {
    throw new ParleyError(
      'bad_input',
      `Refusing to listen on ${host} without TLS: members' credentials and the team's messages would cross the network in the clear. ` +
        'Give --tls-cert and --tls-key, or pass --allow-remote if a TLS proxy sits in front of this service.',
    )
  }
  checkBindAddress(host, allowRemote)
}

export async function startTeamServer(options: TeamServerOptions): Promise<RunningTeamServer> {
  checkTeamBind(options.host, options.allowRemote, Boolean(options.tls))
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    handle(options.service, req, res).catch((error: unknown) => {
      if (error instanceof ParleyError) return fail(res, error.code, error.message)
      log(`Team service: a request failed: ${error instanceof Error ? error.message : String(error)}`)
      fail(res, 'internal', 'The team service could not do this; its log has the details.')
    })
  }
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createHttpServer(handler)
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const hostInUrl = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host
  return {
    url: `${options.tls ? 'https' : 'http'}://${hostInUrl}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}

async function handle(service: TeamService, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://team.invalid')
  const route = `${req.method ?? 'GET'} ${url.pathname}`
  const open = publicRoutes[route as keyof typeof publicRoutes]
  const guarded = memberRoutes[route]
  if (!open && !guarded) return fail(res, 'not_found', `The team service has no ${route}.`)

  let body: unknown = undefined
  let text: string | undefined
  if (req.method === 'POST') {
    const read = await readBody(req)
    if (read.kind !== 'ok') return fail(res, 'bad_input', read.kind === 'too_large' ? 'The request is larger than 1 MB; push fewer ops at a time.' : 'The request could not be read.')
    if (nestsDeeperThan(read.text, MAX_JSON_DEPTH)) return fail(res, 'bad_input', 'The request nests too deeply.')
    try {
      body = JSON.parse(read.text)
      text = read.text
    } catch {
      return fail(res, 'bad_input', 'The request body is not JSON.')
    }
  }

  if (open) {
    const parsed = open.body.safeParse(body)
    if (!parsed.success) return fail(res, 'bad_input', plainIssue(parsed.error))
    return send(res, 200, { ok: true, value: await open.run(service, parsed.data as never) })
  }
  const credential = parseBearer(req.headers.authorization)
  const member = credential ? await service.authenticate(credential.memberId, credential.key) : null
  if (!member) return fail(res, 'unauthorized', 'This laptop is not signed in to the team (unknown or removed member, or a wrong key). Join again with a code from an admin.')
  const parsed = guarded!.body.safeParse(body)
  if (!parsed.success) return fail(res, 'bad_input', plainIssue(parsed.error))
  // A laptop that hangs up (or a shutting-down laptop aborting its long-poll) ends what waits for it.
  const hungUp = new AbortController()
  res.once('close', () => hungUp.abort())
  send(res, 200, { ok: true, value: await guarded!.run(service, member, parsed.data as never, url.searchParams, hungUp.signal, text) })
}

function plainIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0]
  if (!issue) return 'The request is not valid.'
  const where = issue.path.map(String).join('.')
  return where ? `${where}: ${issue.message}` : issue.message
}
