import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../src/main/hosts/server/http-server'
import { placeholderRenderer } from '../support/loopback-http'
import { openWorkspace, tempDir } from '../support/workspace'
import { getRequest, rawRequest, upgradeRequest } from './security/raw-http'

/** Requests an attacker on this machine (or a web page it serves) can send must get an answer, never stop Parley. */
describe('browser mode server under hostile requests', () => {
  let server: RunningServer
  let ws: ReturnType<typeof openWorkspace>
  let cleanup: () => void
  const logged: string[] = []

  beforeAll(async () => {
    const t = tempDir()
    cleanup = t.cleanup
    const rendererDir = placeholderRenderer(t.dir)
    ws = openWorkspace(join(t.dir, 'data'))
    server = await startServer({ client: ws, rendererDir, port: 0, log: (line) => logged.push(line) })
  })
  afterAll(async () => {
    await server.close()
    await ws.close()
    cleanup()
  })

  const healthy = async (): Promise<void> => {
    const reply = await rawRequest(server.port, getRequest(server.port, '/api/health'))
    expect(reply.status).toBe(200)
  }
  const callRequest = (op: string, body: string | Buffer, extra: string[] = []): Buffer =>
    Buffer.concat([
      Buffer.from(
        [
          `POST /api/call/${op} HTTP/1.1`,
          `Host: 127.0.0.1:${server.port}`,
          `Authorization: Bearer ${server.token}`,
          'Content-Type: application/json',
          `Content-Length: ${Buffer.byteLength(body)}`,
          'Connection: close',
          ...extra,
          '',
          '',
        ].join('\r\n'),
      ),
      Buffer.isBuffer(body) ? body : Buffer.from(body),
    ])

  it.each(['//[', '//[/api/call/x', '//%', 'http://[/'])('answers 400 for the unparseable path %s and keeps serving', async (path) => {
    const reply = await rawRequest(server.port, getRequest(server.port, path))
    expect(reply.status).toBe(400)
    await healthy()
  })

  it('refuses a WebSocket upgrade with Origin null and no token (401), and keeps serving', async () => {
    const reply = await rawRequest(server.port, upgradeRequest(server.port, '/api/events', ['Origin: null']))
    expect(reply.status).toBe(401)
    await healthy()
  })

  it('refuses an upgrade to an unparseable path with 400', async () => {
    const reply = await rawRequest(server.port, upgradeRequest(server.port, '//[', ['Origin: null']))
    expect(reply.status).toBe(400)
    await healthy()
  })

  it.each(['null', 'http://evil.example', 'not a url', 'file://', `http://127.0.0.1:1`])('refuses an upgrade with the token but Origin %s (403)', async (origin) => {
    const reply = await rawRequest(server.port, upgradeRequest(server.port, '/api/events', [`Origin: ${origin}`, `Authorization: Bearer ${server.token}`]))
    expect(reply.status).toBe(403)
  })

  it('answers 413 to a body over 1 MB instead of resetting the connection', async () => {
    const reply = await rawRequest(server.port, callRequest('views.counts', Buffer.alloc(1024 * 1024 + 4096, 0x20)))
    expect(reply.ended).not.toBe('reset')
    expect(reply.status).toBe(413)
    expect(reply.text).toContain('The request is larger than 1 MB.')
    await healthy()
  })

  it('answers 413 to a chunked body over 1 MB', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20)
    const parts = [Buffer.from(`POST /api/call/views.counts HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`)]
    for (let i = 0; i < 5; i++) parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'))
    parts.push(Buffer.from('0\r\n\r\n'))
    const reply = await rawRequest(server.port, Buffer.concat(parts))
    expect(reply.status).toBe(413)
  })

  it('answers 400 to JSON nested 4,000 deep', async () => {
    const reply = await rawRequest(server.port, callRequest('views.counts', '['.repeat(4000) + ']'.repeat(4000)))
    expect(reply.status).toBe(400)
    expect(reply.text).toMatch(/nested more than 64 levels/)
    const objects = await rawRequest(server.port, callRequest('views.counts', '{"a":'.repeat(4000) + '1' + '}'.repeat(4000)))
    expect(objects.status).toBe(400)
    await healthy()
  })

  it('answers 400 to a broken percent-encoding in the operation name', async () => {
    const reply = await rawRequest(server.port, callRequest('%E0%A4%A', '{}'))
    expect(reply.status).toBe(400)
    expect(reply.text).toContain('The operation name in the address is not valid.')
  })

  it('logs a failure inside a handler and answers 500 instead of stopping', async () => {
    const broken = { ...ws, call: () => Promise.reject(new Error('core exploded')) }
    const t = tempDir()
    const lines: string[] = []
    const other = await startServer({ client: broken, rendererDir: t.dir, port: 0, log: (line) => lines.push(line) })
    const reply = await rawRequest(other.port, [
      'POST /api/call/views.counts HTTP/1.1',
      `Host: 127.0.0.1:${other.port}`,
      `Authorization: Bearer ${other.token}`,
      'Content-Type: application/json',
      'Content-Length: 2',
      'Connection: close',
      '',
      '{}',
    ].join('\r\n'))
    expect(reply.status).toBe(500)
    expect(lines.join('\n')).toContain('core exploded')
    const health = await rawRequest(other.port, getRequest(other.port, '/api/health'))
    expect(health.status).toBe(200)
    await other.close()
    t.cleanup()
  })
})
