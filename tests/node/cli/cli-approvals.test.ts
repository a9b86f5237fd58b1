import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/main/hosts/cli/main'
import { addPeople, openApprovalCore, PASSPHRASES } from '../../support/approval-workspace'
import { CLI_CONTEXT, captureCliOutput } from '../../support/cli-capture'
import { brandAccount, item } from '../../support/items'
import { tempDir } from '../../support/workspace'

/**
 * `parley reply` and `parley approvals` on a real workspace file, in process: the same router calls
 * the app makes, as the profile named by --as, its passphrase from a file (never argv).
 */
describe('parley reply and parley approvals', () => {
  const t = tempDir('parley-cli-approvals-')
  const dir = join(t.dir, 'ws')
  const captured = captureCliOutput('unused: the workspace uses the keychain')
  let conversationId = 0
  let second = 0

  const file = (name: string, text: string): string => {
    const path = join(t.dir, name)
    writeFileSync(path, text, { mode: 0o600 })
    return path
  }
  const run = (...args: string[]) => runCli([...args, '--data-dir', dir, '--vault', 'keychain'], CLI_CONTEXT)
  const stdout = (): string => captured.output.join('')
  const stderr = (): string => captured.errors.join('')

  beforeAll(async () => {
    const ws = openApprovalCore(dir, { config: { outbox: { refreshBeforeSend: false } } })
    const accountId = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: 1 })
    ws.core.stores.ingest.ingest(accountId, [
      item({ remoteId: '9001', conversationKey: 'thread-a', createdAt: Date.now() - 60_000 }),
      item({ remoteId: '9002', conversationKey: 'thread-b', createdAt: Date.now() - 50_000 }),
    ])
    const id = (key: string): number => (ws.core.db.prepare('SELECT id FROM conversations WHERE conversation_key = ?').get(key) as { id: number }).id
    conversationId = id('thread-a')
    second = id('thread-b')
    await addPeople(ws.ok)
    await ws.client.close()
  })
  afterAll(() => t.cleanup())

  it('an agent drafts and submits from a file; a supervisor lists, reads and approves; a late rejection is told who decided', async () => {
    const words = 'Thanks for writing!\n\nThe winter tyre fits the Commuter 2; the shop swaps it for free.\n'
    expect(await run('reply', String(conversationId), '--as', 'Alex', '--text-file', file('reply.txt', words))).toBe(0)
    const submitted = /^Submitted for approval as Alex: request ([0-9a-f-]{36}) waits in Needs approval/.exec(stdout())
    expect(submitted, stderr()).not.toBeNull()
    const id = submitted![1]!

    captured.output.length = 0
    expect(await run('approvals', 'list')).toBe(0)
    expect(stdout()).toContain(`${id}  conversation #${conversationId}  by Alex  waiting`)
    expect(stdout()).toContain('Thanks for writing! The winter tyre fits the Commuter 2; the shop swaps it for free.')

    captured.output.length = 0
    expect(await run('approvals', 'show', id.slice(0, 8))).toBe(0)
    expect(stdout()).toContain(`Request ${id} for conversation #${conversationId}, by Alex: pending.`)
    // The words as they go out, line breaks kept, the file's last newline not part of them.
    expect(stdout()).toContain('    Thanks for writing!\n    \n    The winter tyre fits the Commuter 2; the shop swaps it for free.\n')

    // The author cannot approve their own reply; the plain refusal, exit 1.
    captured.errors.length = 0
    expect(await run('approvals', 'approve', id, '--as', 'Alex')).toBe(1)
    expect(stderr()).toMatch(/Nobody approves or decides on their own reply/)

    // A passphrase on the command line is not an option at all.
    captured.errors.length = 0
    expect(await run('approvals', 'approve', id, '--as', 'Sam', '--passphrase', PASSPHRASES.sam)).toBe(2)
    expect(stderr()).toMatch(/Unknown option '--passphrase'/)
    captured.errors.length = 0
    expect(await run('approvals', 'approve', id, '--as', 'Sam', '--passphrase-file', file('wrong', 'not the one\n'))).toBe(1)
    expect(stderr()).toMatch(/That passphrase is not the one for Sam/)

    captured.output.length = 0
    expect(await run('approvals', 'approve', id, '--as', 'Sam', '--passphrase-file', file('sam', `${PASSPHRASES.sam}\n`))).toBe(0)
    expect(stdout()).toMatch(/^Approved by Sam\. The reply is queued and may go out after the undo window/)
    expect(stdout()).not.toContain('Shared with the team')

    captured.errors.length = 0
    expect(await run('approvals', 'reject', id, '--as', 'Kim', '--passphrase-file', file('kim', `${PASSPHRASES.kim}\n`), '--note', 'Not in this tone.')).toBe(1)
    expect(stderr()).toBe('Not rejected: this reply was already decided by Sam (approved). Nothing was changed.\n')

    captured.output.length = 0
    expect(await run('approvals', 'list')).toBe(0)
    expect(stdout()).toBe('Nothing waits for approval.\n')

    const ws = openApprovalCore(dir)
    try {
      const [queued] = await ws.ok('outbox.list', { conversationId })
      expect(queued).toMatchObject({ approvalId: id, state: 'queued', body: words.trimEnd() })
    } finally {
      await ws.client.close()
    }
  })

  it('asks for changes and rejects with a note; mistakes in the command are plain and exit 2', async () => {
    expect(await run('reply', `#${second}`, '--as', 'Alex', '--text', 'We will look into it.')).toBe(0)
    const id = /request ([0-9a-f-]{36})/.exec(stdout())![1]!
    const sam = file('sam2', PASSPHRASES.sam)

    captured.errors.length = 0
    expect(await run('approvals', 'request-changes', id, '--as', 'Sam', '--passphrase-file', sam)).toBe(2)
    expect(stderr()).toMatch(/^Say why with --note TEXT or --note-file FILE/)
    captured.output.length = 0
    expect(await run('approvals', 'request-changes', id, '--as', 'Sam', '--passphrase-file', sam, '--note-file', file('note', 'Name the shop, please.\n'))).toBe(0)
    expect(stdout()).toBe('Changes requested by Sam; Alex sees the note.\n')
    captured.errors.length = 0
    expect(await run('approvals', 'approve', id, '--as', 'Sam', '--passphrase-file', sam)).toBe(1)
    expect(stderr()).toMatch(/this reply was already decided by Sam \(changes requested\)/)

    captured.errors.length = 0
    expect(await run('reply', String(second), '--as', 'Alex')).toBe(2)
    expect(stderr()).toMatch(/^Give the words with --text TEXT, or --text-file FILE/)
    captured.errors.length = 0
    expect(await run('reply', String(second), '--as', 'Nobody', '--text', 'Hi')).toBe(2)
    expect(stderr()).toMatch(/^There is nobody called Nobody in this workspace/)
    captured.errors.length = 0
    expect(await run('reply', 'twelve', '--text', 'Hi')).toBe(2)
    expect(stderr()).toMatch(/^"twelve" is not a conversation number/)
    captured.errors.length = 0
    expect(await run('approvals', 'approve', 'ffffffff', '--as', 'Sam', '--passphrase-file', sam)).toBe(1)
    expect(stderr()).toMatch(/^No approval request "ffffffff" here\. "parley approvals list" shows the queue\./)
    captured.errors.length = 0
    expect(await run('approvals', 'decide', id)).toBe(2)
    expect(stderr()).toMatch(/^Unknown approvals action "decide"; use list, show, approve, reject, request-changes\./)

    captured.output.length = 0
    expect(await runCli(['approvals', '--help'], CLI_CONTEXT)).toBe(0)
    expect(stdout()).toMatch(/^parley approvals <action>/)
    captured.output.length = 0
    expect(await runCli(['--help'], CLI_CONTEXT)).toBe(0)
    expect(stdout()).toMatch(/\n {2}approvals list the Needs approval queue/)
  })
})
