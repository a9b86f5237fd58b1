import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { checkBindAddress } from '../../src/main/hosts/server/bind'
import { startServer, type RunningServer } from '../../src/main/hosts/server/http-server'
import { brandAccount, item } from '../support/items'
import { placeholderRenderer, send } from '../support/loopback-http'
import { openWorkspace, tempDir } from '../support/workspace'

describe('browser mode server', () => {
  let server: RunningServer
  let ws: ReturnType<typeof openWorkspace>
  let cleanup: () => void
  let account: number

  beforeAll(async () => {
    const t = tempDir()
    cleanup = t.cleanup
    const rendererDir = placeholderRenderer(t.dir)
    ws = openWorkspace(join(t.dir, 'data'))
    account = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: 1 })
    ws.core.stores.ingest.ingest(account, [item({ remoteId: 'a1', conversationKey: 'k' })])
    server = await startServer({ client: ws, rendererDir, port: 0 })
  })
  afterAll(async () => {
    await server.close()
    await ws.close()
    cleanup()
  })

  const call = (op: string, body: unknown, token: string | null = server.token, extra: Record<string, string> = {}) =>
    send(server.port, `/api/call/${op}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })

  it('prints a loopback address carrying a long random one-time code, never the API token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/)
    expect(server.url).not.toContain(server.token)
  })

  it('rejects calls without the token, or with a wrong one', async () => {
    for (const token of [null, 'guess', `${server.token}x`]) {
      const reply = await call('views.counts', {}, token)
      expect(reply.status).toBe(401)
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    }
  })

  it('answers calls with the token through the same router', async () => {
    const reply = await call('views.counts', {})
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { views: { inbox: 1 } } })
    const bad = await call('conversations.list', { view: 'nope' })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body).error.message).toMatch(/^The view must be one of: /)
  })

  it('says clearly when the body is not JSON', async () => {
    const reply = await call('views.counts', '{not json')
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.body).error.message).toBe('The request body is not valid JSON.')
  })

  it('refuses requests for a foreign host name (DNS rebinding)', async () => {
    const reply = await call('views.counts', {}, server.token, { Host: `evil.example:${server.port}` })
    expect(reply.status).toBe(421)
  })

  it('serves the renderer with a strict content security policy', async () => {
    const reply = await send(server.port, '/')
    expect(reply.status).toBe(200)
    expect(reply.body).toContain('<title>Parley</title>')
    expect(reply.headers['content-security-policy']).toMatch(/default-src 'self'; script-src 'self'/)
    expect(reply.headers['x-content-type-options']).toBe('nosniff')
  })

  it('streams core events over a WebSocket that needs the token', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, { headers: { Authorization: 'Bearer wrong' } })
    const refusal = await new Promise<string>((resolve) => {
      refused.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)))
      refused.on('open', () => resolve('open'))
      refused.on('error', () => resolve('error'))
    })
    expect(refusal).toBe('401')

    // A token in the address no longer counts: addresses end up in logs and browser history.
    const inAddress = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`)
    const inAddressRefusal = await new Promise<string>((resolve) => {
      inAddress.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)))
      inAddress.on('open', () => resolve('open'))
    })
    expect(inAddressRefusal).toBe('401')

    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, { headers: { Authorization: `Bearer ${server.token}` } })
    await new Promise((resolve, reject) => {
      socket.on('open', resolve)
      socket.on('error', reject)
    })
    // Other events (presence, counts) may come first; wait for the one this call must cause.
    const frame = new Promise<{ event: string; payload: { body: string } }>((resolve) =>
      socket.on('message', (data) => {
        const parsed = JSON.parse(String(data)) as { event: string; payload: { body: string } }
        if (parsed.event === 'draft.saved') resolve(parsed)
      }),
    )
    const id = (ws.core.db.prepare('SELECT id FROM conversations').get() as { id: number }).id
    await call('drafts.save', { conversationId: id, body: 'On it' })
    expect(await frame).toMatchObject({ event: 'draft.saved', payload: { body: 'On it' } })
    socket.close()
  })
})

describe('bind address', () => {
  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1'])('accepts loopback %s', (host) => {
    expect(() => checkBindAddress(host, false)).not.toThrow()
  })

  it.each(['0.0.0.0', '192.168.1.20', '::', 'parley.example'])('refuses %s unless --allow-remote is given', (host) => {
    expect(() => checkBindAddress(host, false)).toThrow(/Refusing to listen on .*--allow-remote/)
    expect(() => checkBindAddress(host, true)).not.toThrow()
  })

  it('refuses to start a server on a non-loopback address by default', async () => {
    const t = tempDir()
    const ws = openWorkspace(t.dir)
    await expect(startServer({ client: ws, rendererDir: t.dir, host: '0.0.0.0' })).rejects.toThrow(/Refusing to listen on 0\.0\.0\.0/)
    await ws.close()
    t.cleanup()
  })
})
