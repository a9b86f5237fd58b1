import { spawn, type ChildProcess } from 'node:child_process'
import { createHmac, randomBytes } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

/**
 * A real Synapse homeserver for the Matrix tests, started and stopped by the tests themselves:
 *
 * - scripts/synapse-rootfs.sh (run by scripts/setup.sh) builds once a Debian sid root filesystem
 *   with the matrix-synapse package into /var/cache/parley/synapse-rootfs (Debian stable has no
 *   Synapse; PARLEY_SYNAPSE_ROOTFS moves it).
 * - startSynapse() makes a temporary data folder inside that root filesystem, writes a minimal
 *   homeserver.yaml (one plain-HTTP client listener on 127.0.0.1 and a free port, SQLite, no
 *   federation, no key servers, relaxed rate limits, a fresh registration shared secret), generates
 *   the signing key, and runs `chroot <rootfs> python3 -m synapse.app.homeserver -c <config>` as a
 *   child process. No /proc or /dev mounts are needed: mmdebstrap leaves device nodes in the
 *   rootfs' /dev, and Synapse runs without /proc. Users are registered through the admin API with
 *   the shared secret (HMAC-SHA1 over nonce, name, password and admin flag).
 * - stop() ends that child (SIGTERM, then SIGKILL) and deletes the data folder.
 * Needs root (chroot).
 */
export interface Synapse {
  url: string
  serverName: string
  /** Registers a user and returns its full id ("@name:parley.test"). */
  register(name: string, password: string, admin?: boolean): Promise<string>
  /** Logs a user in on a new device; returns its access token and device id. */
  login(name: string, password: string): Promise<{ accessToken: string; deviceId: string; userId: string }>
  /** Calls the client API as a user (for the other side of a conversation). */
  client(token: string): SynapseClient
  /** The homeserver's log so far (for a failing test's message). */
  log(): string
  stop(): Promise<void>
}

export interface SynapseClient {
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>
  createRoom(body: Record<string, unknown>): Promise<string>
  join(roomId: string): Promise<void>
  send(roomId: string, content: Record<string, unknown>): Promise<string>
  /** The newest events of a room, newest first. */
  messages(roomId: string, limit?: number): Promise<Array<{ type: string; event_id: string; sender: string; content: Record<string, unknown>; unsigned?: Record<string, unknown> }>>
}

export const SYNAPSE_ROOTFS = process.env.PARLEY_SYNAPSE_ROOTFS ?? '/var/cache/parley/synapse-rootfs'
const SERVER_NAME = 'parley.test'

export function synapseMissing(): string | null {
  if (process.getuid?.() !== 0) return 'The Matrix tests run Synapse under chroot, which needs root.'
  if (!existsSync(join(SYNAPSE_ROOTFS, '.parley-rootfs-ready'))) return `No Synapse root filesystem at ${SYNAPSE_ROOTFS}: run scripts/synapse-rootfs.sh (scripts/setup.sh does).`
  return null
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

function config(port: number, inside: string, secret: string): string {
  const rate = '{ per_second: 1000, burst_count: 1000 }'
  return `server_name: "${SERVER_NAME}"
pid_file: ${inside}/homeserver.pid
listeners:
  - port: ${port}
    bind_addresses: ['127.0.0.1']
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false
database:
  name: sqlite3
  args:
    database: ${inside}/homeserver.db
log_config: ${inside}/log.yaml
media_store_path: ${inside}/media
signing_key_path: ${inside}/signing.key
registration_shared_secret: "${secret}"
macaroon_secret_key: "${randomBytes(24).toString('hex')}"
form_secret: "${randomBytes(24).toString('hex')}"
report_stats: false
enable_metrics: false
trusted_key_servers: []
suppress_key_server_warning: true
federation_domain_whitelist: []
url_preview_enabled: false
presence:
  enabled: false
rc_message: ${rate}
rc_registration: ${rate}
rc_login:
  address: ${rate}
  account: ${rate}
  failed_attempts: ${rate}
rc_joins:
  local: ${rate}
  remote: ${rate}
rc_invites:
  per_room: ${rate}
  per_user: ${rate}
  per_sender: ${rate}
rc_admin_redaction: ${rate}
`
}

const LOG_CONFIG = `version: 1
formatters:
  plain:
    format: '%(asctime)s %(levelname)s %(name)s %(message)s'
handlers:
  console:
    class: logging.StreamHandler
    formatter: plain
    stream: ext://sys.stderr
root:
  level: WARNING
  handlers: [console]
disable_existing_loggers: false
`

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })
}

function run(args: string[], logFile: string): Promise<number | null> {
  const fd = openSync(logFile, 'a')
  const child = spawn('chroot', [SYNAPSE_ROOTFS, ...args], { stdio: ['ignore', fd, fd] })
  closeSync(fd)
  return exited(child)
}

export async function startSynapse(): Promise<Synapse> {
  const missing = synapseMissing()
  if (missing) throw new Error(missing)
  const scratch = join(SYNAPSE_ROOTFS, 'tmp')
  mkdirSync(scratch, { recursive: true })
  // Data folders a killed test run left behind (older than an hour) go; a running one is never that old.
  for (const name of readdirSync(scratch)) {
    const path = join(scratch, name)
    if (name.startsWith('parley-synapse-') && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true })
  }
  const dir = mkdtempSync(join(scratch, 'parley-synapse-'))
  const inside = dir.slice(SYNAPSE_ROOTFS.length)
  const logFile = join(dir, 'synapse.log')
  const secret = randomBytes(24).toString('hex')
  const port = await freePort()
  writeFileSync(join(dir, 'homeserver.yaml'), config(port, inside, secret))
  writeFileSync(join(dir, 'log.yaml'), LOG_CONFIG)
  const log = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '')

  const generated = await run(['python3', '-m', 'synapse.app.homeserver', '-c', `${inside}/homeserver.yaml`, '--generate-keys'], logFile)
  if (generated !== 0) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`Synapse could not generate its keys:\n${log()}`)
  }
  const fd = openSync(logFile, 'a')
  const child = spawn('chroot', [SYNAPSE_ROOTFS, 'python3', '-m', 'synapse.app.homeserver', '-c', `${inside}/homeserver.yaml`], { stdio: ['ignore', fd, fd] })
  closeSync(fd)
  const url = `http://127.0.0.1:${port}`
  // If the test process ends without stop() (a crash, a timeout), Synapse must not outlive it.
  const orphanGuard = (): void => void child.kill('SIGKILL')
  process.once('exit', orphanGuard)

  const stop = async (): Promise<void> => {
    process.removeListener('exit', orphanGuard)
    if (child.exitCode === null && child.signalCode === null) {
      const done = exited(child)
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await done
      clearTimeout(timer)
    }
    rmSync(dir, { recursive: true, force: true })
  }

  // Ready when the client API answers; a child that dies first fails with its log.
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) {
      const text = log()
      await stop()
      throw new Error(`Synapse exited with ${child.exitCode}:\n${text}`)
    }
    try {
      const res = await fetch(`${url}/_matrix/client/versions`)
      if (res.ok) break
    } catch {
      // Not listening yet.
    }
    if (attempt > 600) {
      const text = log()
      await stop()
      throw new Error(`Synapse did not answer within a minute:\n${text}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }

  async function call<T>(method: string, path: string, body: unknown, token: string | null): Promise<T> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`)
    return JSON.parse(text) as T
  }

  const client = (token: string): SynapseClient => ({
    call: (method, path, body) => call(method, path, body, token),
    async createRoom(body) {
      return (await call<{ room_id: string }>('POST', '/_matrix/client/v3/createRoom', body, token)).room_id
    },
    async join(roomId) {
      await call('POST', `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {}, token)
    },
    async send(roomId, content) {
      const txn = randomBytes(8).toString('hex')
      return (await call<{ event_id: string }>('PUT', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txn}`, content, token)).event_id
    },
    async messages(roomId, limit = 50) {
      const r = await call<{ chunk: never[] }>('GET', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=${limit}`, undefined, token)
      return r.chunk
    },
  })

  return {
    url,
    serverName: SERVER_NAME,
    async register(name, password, admin = false) {
      const { nonce } = await call<{ nonce: string }>('GET', '/_synapse/admin/v1/register', undefined, null)
      const mac = createHmac('sha1', secret).update(`${nonce}\0${name}\0${password}\0${admin ? 'admin' : 'notadmin'}`).digest('hex')
      const r = await call<{ user_id: string }>('POST', '/_synapse/admin/v1/register', { nonce, username: name, password, admin, mac }, null)
      return r.user_id
    },
    async login(name, password) {
      const r = await call<{ access_token: string; device_id: string; user_id: string }>(
        'POST',
        '/_matrix/client/v3/login',
        { type: 'm.login.password', identifier: { type: 'm.id.user', user: name }, password },
        null,
      )
      return { accessToken: r.access_token, deviceId: r.device_id, userId: r.user_id }
    },
    client,
    log,
    stop,
  }
}

/** The brand's account, a customer, the support room the brand owns and a DM the brand accepted. */
export interface MatrixWorld {
  brand: { name: string; password: string; userId: string; client: SynapseClient }
  customer: { name: string; userId: string; client: SynapseClient }
  /** Public room "#<prefix>support:parley.test", owned by the brand (it may redact, kick and ban). */
  supportRoom: string
  supportAlias: string
  /** A direct chat the customer opened and the brand joined (listed in the brand's m.direct, as clients do). */
  dmRoom: string
  /** What `accounts add matrix` takes, pointed at `url` (the server itself or a proxy in front of it). */
  connectInput(url: string): Record<string, string>
}

export async function matrixWorld(server: Synapse, prefix: string, customerName = 'Inês'): Promise<MatrixWorld> {
  const password = `${prefix}-brand-password`
  const brandId = await server.register(`${prefix}brand`, password)
  const customerId = await server.register(`${prefix}customer`, `${prefix}-customer-password`)
  const brand = server.client((await server.login(`${prefix}brand`, password)).accessToken)
  const customer = server.client((await server.login(`${prefix}customer`, `${prefix}-customer-password`)).accessToken)
  await customer.call('PUT', `/_matrix/client/v3/profile/${encodeURIComponent(customerId)}/displayname`, { displayname: customerName })
  const supportRoom = await brand.createRoom({ room_alias_name: `${prefix}support`, preset: 'public_chat', name: 'Lumen support' })
  await customer.join(supportRoom)
  const dmRoom = await customer.createRoom({ is_direct: true, invite: [brandId], preset: 'trusted_private_chat' })
  await brand.join(dmRoom)
  await brand.call('PUT', `/_matrix/client/v3/user/${encodeURIComponent(brandId)}/account_data/m.direct`, { [customerId]: [dmRoom] })
  const supportAlias = `#${prefix}support:${server.serverName}`
  return {
    brand: { name: `${prefix}brand`, password, userId: brandId, client: brand },
    customer: { name: `${prefix}customer`, userId: customerId, client: customer },
    supportRoom,
    supportAlias,
    dmRoom,
    connectInput: (url) => ({ homeserver: url, user: `${prefix}brand`, password, rooms: supportAlias }),
  }
}
