import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTelegramFake, type TelegramFake } from '../../src/main/features/connectors/telegram/fake-server'
import { matrixWorld, startSynapse, synapseMissing, type MatrixWorld, type Synapse } from '../support/synapse'
import { tempDir } from '../support/workspace'

/**
 * `parley accounts add telegram|matrix` as a user runs it (built bundle, the encrypted file vault), with
 * the flags their manifests declare and the secrets from standard input: against the fake Bot API, and
 * against a real Synapse (tests/support/synapse.ts: chroot into the cached Debian sid root filesystem).
 */
function parley(args: string[], dataDir: string, input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/parley.mjs', ...args, '--data-dir', dataDir, '--vault', 'file'], {
      env: { ...process.env, PARLEY_VAULT_PASSPHRASE: 'cli test passphrase' },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    })
    if (input !== undefined) child.stdin!.end(input)
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('parley accounts add telegram', () => {
  let fake: TelegramFake
  let ws: ReturnType<typeof tempDir>
  beforeAll(async () => {
    fake = await startTelegramFake()
    ws = tempDir('parley-cli-telegram-')
  })
  afterAll(async () => {
    await fake.close()
    ws.cleanup()
  })

  it('takes the bot token from standard input, syncs, and lists the DM; a wrong token stores nothing', async () => {
    const bad = await parley(['accounts', 'add', 'telegram', '--api-base', fake.url, '--bot-token-file', '-'], ws.dir, '7000000001:AAwrongwrongwrongwrongwrongwrongwrong\n')
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/Telegram refused the bot token/)
    const added = await parley(['accounts', 'add', 'telegram', '--api-base', fake.url, '--bot-token-file', '-'], ws.dir, `${fake.token}\n`)
    expect(added.stderr).toBe('')
    expect(added.stdout).toMatch(/^Connected #1\s+telegram\s+Lumen Bikes \(@lumenbikes_bot\)/)
    expect(added.stdout).not.toContain(fake.token)
    const sync = await parley(['sync', '--once'], ws.dir)
    expect(sync.code, sync.stderr).toBe(0)
    const inbox = await parley(['inbox', 'list', '--json'], ws.dir)
    expect(inbox.stdout).toContain('Inês Araújo')
  })
})

describe.skipIf(synapseMissing())('parley accounts add matrix', () => {
  let server: Synapse
  let world: MatrixWorld
  let ws: ReturnType<typeof tempDir>
  beforeAll(async () => {
    server = await startSynapse()
    world = await matrixWorld(server, 'cli')
    await world.customer.client.send(world.supportRoom, { msgtype: 'm.text', body: 'Hello from the command line test' })
    ws = tempDir('parley-cli-matrix-')
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
    ws?.cleanup()
  })

  it('signs in with the password from standard input, follows the picked room, and syncs', async () => {
    const added = await parley(
      ['accounts', 'add', 'matrix', '--homeserver', server.url, '--user', world.brand.name, '--rooms', world.supportAlias, '--password-file', '-'],
      ws.dir,
      `${world.brand.password}\n`,
    )
    expect(added.stderr).toBe('')
    expect(added.stdout).toMatch(new RegExp(`^Connected #1\\s+matrix\\s+clibrand \\(${world.brand.userId.replace(/[.]/g, '\\.')}\\)`))
    const sync = await parley(['sync', '--once'], ws.dir)
    expect(sync.code, sync.stderr).toBe(0)
    const inbox = await parley(['inbox', 'list', '--json'], ws.dir)
    expect(inbox.stdout).toContain('Hello from the command line test')
  }, 120_000)
})
