import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMetaFake, type MetaFake } from '../../../src/main/features/connectors/meta/fake-server'
import { tempDir } from '../../support/workspace'

/** The CLI as a user runs it (built bundle, the encrypted file vault), against the fake Graph API. */
function parley(args: string[], dataDir: string, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/parley.mjs', ...args, '--data-dir', dataDir, '--vault', 'file'], {
      env: { ...process.env, PARLEY_VAULT_PASSPHRASE: 'cli test passphrase' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin)
  })
}

describe('parley accounts add facebook', () => {
  let fake: MetaFake
  let ws: ReturnType<typeof tempDir>
  beforeAll(async () => {
    fake = await startMetaFake()
    ws = tempDir('parley-meta-cli-')
  })
  afterAll(async () => {
    await fake?.close()
    ws?.cleanup()
  })

  const list = async (dir: string): Promise<{ platform: string; displayName: string; handle: string }[]> => JSON.parse((await parley(['accounts', 'list', '--json'], dir)).stdout)

  it('without a token, prints the login address to open and refuses in plain words, storing nothing; secrets never come from argv', async () => {
    const none = await parley(['accounts', 'add', 'facebook', '--app-id', fake.appId, '--api-base', fake.url], ws.dir)
    expect(none.code).toBe(2)
    expect(none.stderr).toContain(`${fake.url}/v21.0/dialog/oauth?client_id=${fake.appId}&redirect_uri=https%3A%2F%2Fwww.facebook.com%2Fconnect%2Flogin_success.html&response_type=token`)
    expect(none.stderr).toMatch(/The Facebook login address or user access token is missing: give it with --access-token-file FILE/)
    const argv = await parley(['accounts', 'add', 'facebook', '--app-id', fake.appId, '--app-secret', fake.appSecret], ws.dir)
    expect(argv.code).toBe(2)
    expect(argv.stderr).toMatch(/Unknown option '--app-secret'/)
    const noApp = await parley(['accounts', 'add', 'facebook', '--access-token-file', '-'], ws.dir, fake.userToken)
    expect(noApp.code).toBe(2)
    expect(noApp.stderr).toMatch(/needs --app-id/)
    expect(await list(ws.dir)).toEqual([])
  })

  it('adds each Page and the Instagram account linked to it from one pasted login address, and says which Page has none', async () => {
    const secret = join(ws.dir, 'app-secret')
    writeFileSync(secret, `${fake.appSecret}\n`)
    const pasted = `https://www.facebook.com/connect/login_success.html#access_token=${fake.userToken}&expires_in=5400`
    const run = await parley(
      ['accounts', 'add', 'facebook', '--app-id', fake.appId, '--app-secret-file', secret, '--access-token-file', '-', '--pages', 'Lumen Bikes, Lumen Repairs', '--api-base', fake.url],
      ws.dir,
      pasted,
    )
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/No Instagram account added for Lumen Repairs: The Page "Lumen Repairs" has no Instagram professional account linked/)
    expect(run.stdout.match(/^Connected /gm)).toHaveLength(3)
    expect((await list(ws.dir)).map((a) => [a.platform, a.displayName, a.handle]).sort()).toEqual([
      ['facebook', 'Lumen Bikes', '@lumenbikes'],
      ['facebook', 'Lumen Repairs', '@lumenrepairs'],
      ['instagram', 'Lumen Bikes', '@lumenbikes'],
    ])
  })

  it('--no-instagram adds the Page only; add instagram adds the linked account only', async () => {
    const other = tempDir('parley-meta-cli-2-')
    try {
      const fb = await parley(['accounts', 'add', 'facebook', '--app-id', fake.appId, '--access-token-file', '-', '--pages', 'Lumen Bikes', '--no-instagram', '--api-base', fake.url], other.dir, fake.userToken)
      expect(fb.code, fb.stderr).toBe(0)
      const ig = await parley(['accounts', 'add', 'instagram', '--app-id', fake.appId, '--access-token-file', '-', '--pages', 'Lumen Bikes', '--api-base', fake.url], other.dir, fake.userToken)
      expect(ig.code, ig.stderr).toBe(0)
      expect((await list(other.dir)).map((a) => a.platform).sort()).toEqual(['facebook', 'instagram'])
    } finally {
      other.cleanup()
    }
  })
})
