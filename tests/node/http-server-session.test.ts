import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startServer, type RunningServer } from '../../src/main/hosts/server/http-server'
import { placeholderRenderer, send, type Reply } from '../support/loopback-http'
import { openWorkspace, tempDir } from '../support/workspace'

const pathOf = (url: string): string => {
  const u = new URL(url)
  return u.pathname + u.search
}

/** Opening the printed address the way a browser does: returns the session cookie it was given. */
async function openAddress(server: RunningServer, url = server.url): Promise<{ reply: Reply; cookie: string | null }> {
  const reply = await send(server.port, pathOf(url), { headers: { Host: `127.0.0.1:${server.port}` } })
  const setCookie = reply.headers['set-cookie']?.[0] ?? null
  return { reply, cookie: setCookie ? setCookie.split(';')[0]! : null }
}

/** Browser mode signs a browser in with a one-time address and a session cookie; nothing reusable stays in the profile. */
describe('browser mode sessions', () => {
  let server: RunningServer
  let ws: ReturnType<typeof openWorkspace>
  let cleanup: () => void

  beforeAll(async () => {
    const t = tempDir()
    cleanup = t.cleanup
    const rendererDir = placeholderRenderer(t.dir)
    ws = openWorkspace(join(t.dir, 'data'))
    server = await startServer({ client: ws, rendererDir, port: 0 })
  })
  afterAll(async () => {
    await server.close()
    await ws.close()
    cleanup()
  })

  const callWith = (headers: Record<string, string>) =>
    send(server.port, '/api/call/views.counts', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' })

  it('trades the one-time code for an HttpOnly, SameSite=Strict session cookie and a clean address, once', async () => {
    const address = server.newAddress()
    const first = await openAddress(server, address)
    expect(first.reply.status).toBe(303)
    expect(first.reply.headers.location).toBe('/')
    expect(first.reply.headers['cache-control']).toBe('no-store')
    const setCookie = String(first.reply.headers['set-cookie'])
    expect(setCookie).toBe(`parley_session_${server.port}=${first.cookie!.split('=')[1]}; HttpOnly; SameSite=Strict; Path=/`)
    expect(first.cookie).toMatch(/^parley_session_\d+=[\w-]{43}$/)
    expect(first.cookie).not.toContain(server.token)

    // The same address again (from history or another browser) signs nobody in.
    const again = await openAddress(server, address)
    expect(again.reply.status).toBe(200)
    expect(again.cookie).toBeNull()

    // …but a browser already signed in just gets the clean address.
    const signedIn = await send(server.port, pathOf(address), { headers: { Cookie: first.cookie! } })
    expect(signedIn.status).toBe(303)
    expect(signedIn.headers['set-cookie']).toBeUndefined()
  })

  it('does not use up the code for a HEAD request (a link preview)', async () => {
    const address = server.newAddress()
    const head = await send(server.port, pathOf(address), { method: 'HEAD' })
    expect(head.headers['set-cookie']).toBeUndefined()
    expect((await openAddress(server, address)).reply.status).toBe(303)
  })

  it('answers calls for the session cookie and refuses an unknown one', async () => {
    const { cookie } = await openAddress(server, server.newAddress())
    expect((await callWith({ Cookie: cookie!, Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200)
    expect((await callWith({ Cookie: `parley_session_${server.port}=forged` })).status).toBe(401)
    // The code itself is no credential.
    const code = new URL(server.newAddress()).searchParams.get('token')!
    expect((await callWith({ Authorization: `Bearer ${code}` })).status).toBe(401)
  })

  it('keeps the bearer token working for programs', async () => {
    expect((await callWith({ Authorization: `Bearer ${server.token}` })).status).toBe(200)
  })

  it('refuses calls a page on another origin makes, even with a session', async () => {
    const { cookie } = await openAddress(server, server.newAddress())
    for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1:1']) {
      const reply = await callWith({ Cookie: cookie!, Origin: origin })
      expect(reply.status).toBe(403)
    }
    expect((await callWith({ Cookie: cookie!, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403)
  })

  it('sends the page with Cache-Control: no-store', async () => {
    const page = await send(server.port, '/')
    expect(page.status).toBe(200)
    expect(page.headers['cache-control']).toBe('no-store')
  })

  it('tells a page whether it is signed in, and that Parley restarted when its cookie is unknown', async () => {
    const { cookie } = await openAddress(server, server.newAddress())
    expect(JSON.parse((await send(server.port, '/api/session', { headers: { Cookie: cookie! } })).body)).toEqual({ ok: true, value: { signedIn: true } })
    expect(JSON.parse((await send(server.port, '/api/session', { headers: { Cookie: `parley_session_${server.port}=from-before-a-restart` } })).body)).toEqual({
      ok: true,
      value: { signedIn: false, reason: 'restarted' },
    })
    expect(JSON.parse((await send(server.port, '/api/session')).body)).toEqual({ ok: true, value: { signedIn: false, reason: 'no_session' } })
  })

  const upgrade = (headers: Record<string, string>): Promise<string> =>
    new Promise((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, { headers })
      socket.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)))
      socket.on('open', () => {
        socket.close()
        resolve('open')
      })
      socket.on('error', () => resolve('error'))
    })

  it('opens the event socket for the session cookie from its own origin only', async () => {
    const { cookie } = await openAddress(server, server.newAddress())
    const own = `http://127.0.0.1:${server.port}`
    expect(await upgrade({ Cookie: cookie!, Origin: own })).toBe('open')
    expect(await upgrade({ Cookie: cookie! })).toBe('403')
    expect(await upgrade({ Cookie: cookie!, Origin: 'null' })).toBe('403')
    expect(await upgrade({ Cookie: cookie!, Origin: 'http://evil.example' })).toBe('403')
    expect(await upgrade({ Origin: own })).toBe('401')
  })

  it('mints a fresh one-time address for a signed-in caller', async () => {
    const reply = await send(server.port, '/api/session/address', { method: 'POST', headers: { Authorization: `Bearer ${server.token}` } })
    const url = (JSON.parse(reply.body) as { value: { url: string } }).value.url
    expect((await openAddress(server, url)).reply.status).toBe(303)
    expect((await send(server.port, '/api/session/address', { method: 'POST' })).status).toBe(401)
  })
})
