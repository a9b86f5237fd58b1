import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mailFromCustomer } from '../../support/mail-clients'
import { startMailServers, type MailServers } from '../../support/mail-servers'
import { tempDir } from '../../support/workspace'

/** The CLI as a user runs it (built bundle, the encrypted file vault), against real Dovecot and Postfix. */
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

describe('parley accounts add email', () => {
  let servers: MailServers
  let ws: ReturnType<typeof tempDir>
  beforeAll(async () => {
    servers = await startMailServers()
    ws = tempDir('parley-email-cli-')
  }, 60_000)
  afterAll(async () => {
    await servers?.stop()
    ws?.cleanup()
  })

  const servers_ = () => ['--imap', `imap://127.0.0.1:${servers.imapPort}`, '--smtp', `smtp://127.0.0.1:${servers.submissionPort}`, '--user', 'support@brand.test']

  it('refuses a wrong password and a missing --password-file in plain words, storing nothing', async () => {
    const wrong = join(ws.dir, 'wrong-password')
    writeFileSync(wrong, 'not-it\n')
    const bad = await parley(['accounts', 'add', 'email', ...servers_(), '--password-file', wrong], ws.dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/The IMAP server 127\.0\.0\.1 refused the user name or password/)
    const none = await parley(['accounts', 'add', 'email', ...servers_()], ws.dir)
    expect(none.code).toBe(2)
    // Not a terminal, so no prompt: a plain refusal that says how to give it.
    expect(none.stderr).toMatch(/The mailbox password is missing: give it with --password-file FILE \(or --password-file - to read standard input\)/)
    const gone = await parley(['accounts', 'add', 'email', ...servers_(), '--password-file', join(ws.dir, 'no-such-file')], ws.dir)
    expect(gone.code).toBe(2)
    expect(gone.stderr).toMatch(/Cannot read the mailbox password from .*no-such-file: there is no such file\./)
    // The password never goes on the command line: there is no --password to take it.
    const argv = await parley(['accounts', 'add', 'email', ...servers_(), '--password', 'not-it'], ws.dir)
    expect(argv.code).toBe(2)
    expect(argv.stderr).toMatch(/Unknown option '--password'/)
    const list = await parley(['accounts', 'list', '--json'], ws.dir)
    expect(JSON.parse(list.stdout)).toEqual([])
  })

  it('connects with the password from standard input, lists the account, syncs and finds the mail in the inbox', async () => {
    await mailFromCustomer(servers, { subject: 'Where is my order?', text: 'Order 4417 has not arrived.' })
    const added = await parley(['accounts', 'add', 'email', ...servers_(), '--password-file', '-', '--folders', 'INBOX'], ws.dir, `${servers.users['support@brand.test']}\n`)
    expect(added.stderr).toBe('')
    expect(added.stdout).toMatch(/^Connected #1\s+email\s+support@brand\.test \(support@brand\.test\)\. Its password is in: Encrypted file/)
    const list = await parley(['accounts', 'list'], ws.dir)
    expect(list.stdout).toMatch(/#1\s+email\s+support@brand\.test/)
    const sync = await parley(['sync', '--once'], ws.dir)
    expect(sync.code).toBe(0)
    expect(sync.stdout).toMatch(/support@brand\.test \(email\) mail: 1 fetched, 1 new/)
    const found = JSON.parse((await parley(['inbox', 'list', '--json', '--query', '4417'], ws.dir)).stdout) as { subject: string }[]
    expect(found.map((c) => c.subject)).toEqual(['Where is my order?'])
  })
})
