import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMastodonFake, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import { serveSignedIn, type ServedProcess } from '../../support/serve-process'
import { tempDir } from '../../support/workspace'
import { rawRequest } from './raw-http'

/**
 * The OAuth loopback listener lives in the real database worker of `parley serve`. A hostile
 * request to it must not end the worker: every later call would answer "The workspace is closed."
 */
describe('the database worker of parley serve under a hostile sign-in request', () => {
  let served: ServedProcess
  let fake: MastodonFake
  let workspace: ReturnType<typeof tempDir>
  beforeEach(async () => {
    workspace = tempDir('parley-fault-')
    fake = await startMastodonFake()
    served = await serveSignedIn(workspace.dir, 'fault passphrase')
  })
  afterEach(async () => {
    if (served.child.exitCode === null) {
      const exited = new Promise((r) => served.child.once('exit', r))
      served.child.kill('SIGTERM')
      await exited
    }
    await fake.close()
    workspace.cleanup()
  })

  const call = async (op: string, input: unknown = {}): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> => {
    const res = await fetch(`${served.origin}/api/call/${op}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${served.token}` },
      body: JSON.stringify(input),
    })
    return (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } }
  }

  it('answers GET //[ on the loopback listener with 400 and keeps the workspace open', async () => {
    const begun = await call('accounts.beginOAuth', { platform: 'mastodon', fields: { instance: fake.url } })
    expect(begun.ok, begun.error?.message).toBe(true)
    const port = Number(new URL((begun.value as { redirectUri: string }).redirectUri).port)
    const reply = await rawRequest(port, `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)
    expect(reply.status).toBe(400)
    const after = await call('app.info')
    expect(after.ok, after.error?.message).toBe(true)
    expect(served.stderr()).not.toMatch(/workspace worker stopped unexpectedly/)
  })
})
