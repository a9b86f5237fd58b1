import { spawn, type ChildProcess } from 'node:child_process'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMastodonFake, type MastodonFake } from '../../../src/main/connectors/mastodon/fake-server'
import { signIn } from '../../support/serve-session'
import { tempDir } from '../../support/workspace'
import { rawRequest } from './raw-http'

interface Served {
  child: ChildProcess
  origin: string
  token: string
  stderr: () => string
}

function serve(dataDir: string): Promise<Served> {
  const child = spawn(process.execPath, ['bin/parley.mjs', 'serve', '--port', '0', '--data-dir', dataDir, '--vault', 'file'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PARLEY_DATA_DIR: '', PARLEY_VAULT_PASSPHRASE: 'fault passphrase' },
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve, reject) => {
    let stdout = ''
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString()
      const m = /Parley is ready at (\S+)/.exec(stdout)
      if (m) signIn(m[1]!).then((s) => resolve({ child, origin: s.origin, token: s.token, stderr: () => stderr }), reject)
    })
    child.on('exit', (code) => reject(new Error(`parley serve exited with ${code}:\n${stderr}`)))
  })
}

/**
 * The OAuth loopback listener lives in the real database worker of `parley serve`. A hostile
 * request to it must not end the worker: every later call would answer "The workspace is closed."
 */
describe('the database worker of parley serve under a hostile sign-in request', () => {
  let served: Served
  let fake: MastodonFake
  let workspace: ReturnType<typeof tempDir>
  beforeEach(async () => {
    workspace = tempDir('parley-fault-')
    fake = await startMastodonFake()
    served = await serve(workspace.dir)
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
