import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { emailConnector } from '../../../src/main/features/connectors/email'
import { ParleyError } from '../../../src/shared/contract'
import { actAsMe, openApprovalCore } from '../../support/approval-workspace'
import { asMailUser, folderContents, mailFromCustomer } from '../../support/mail-clients'
import { startMailServers, type MailServers } from '../../support/mail-servers'
import { tempDir } from '../../support/workspace'

/**
 * Moderating mail against real Dovecot: spam goes to the Junk folder and delete to Trash, each
 * exactly once however often it is asked, and a mailbox without Junk gets a plain refusal.
 */
let servers: MailServers
beforeAll(async () => {
  servers = await startMailServers()
}, 60_000)
afterAll(async () => {
  await servers?.stop()
})

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function workspace() {
  const t = tempDir('parley-email-mod-')
  const ws = openApprovalCore(t.dir, { config: { connectors: [emailConnector] } })
  cleanups.push(async () => {
    await ws.client.close().catch(() => undefined)
    t.cleanup()
  })
  return ws
}

async function connect(ws: ReturnType<typeof workspace>, on: MailServers) {
  const account = await ws.ok('accounts.add', {
    platform: 'email',
    fields: { imap: `imap://127.0.0.1:${on.imapPort}`, smtp: `smtp://127.0.0.1:${on.submissionPort}`, user: 'support@brand.test', password: on.users['support@brand.test']! },
  })
  const ctx = async () => (await ws.core.sync.connectorContext(account.id))!
  return { account, ctx }
}

/** Copies of the message with this Message-ID in a folder of the support mailbox. */
async function copies(on: MailServers, folder: string, messageId: string): Promise<number> {
  return (await folderContents(on, 'support@brand.test', folder)).filter((m) => m.parsed.messageId === `<${messageId}>`).length
}

/** The flags of the message with this Message-ID in a folder of the support mailbox. */
async function flagsOf(on: MailServers, folder: string, messageId: string): Promise<string[]> {
  return (await folderContents(on, 'support@brand.test', folder)).find((m) => m.parsed.messageId === `<${messageId}>`)?.flags ?? []
}

describe('e-mail moderation against real Dovecot', () => {
  it('a spam rule moves the customer\'s mail to Junk exactly once through the outbox; a repeat is harmless', async () => {
    const ws = workspace()
    const { account, ctx } = await connect(ws, servers)
    await actAsMe(ws.ok)
    const rule = await ws.ok('rules.save', { name: 'Casino spam', conditions: { text: 'jackpot' }, actions: [{ type: 'spam' }] })
    await ws.ok('rules.setEnabled', { id: rule.id, enabled: true })
    const spamId = `spam-${Date.now()}@customer.test`
    const keptId = `kept-${Date.now()}@customer.test`
    await mailFromCustomer(servers, { subject: 'You won', text: 'Claim your jackpot now!', messageId: spamId })
    await mailFromCustomer(servers, { subject: 'Saddle question', text: 'Which saddle fits a city bike?', messageId: keptId })
    await ws.core.sync.pollOnce([account.id])

    const [stored] = ws.core.db.prepare('SELECT conversation_id AS c FROM messages WHERE remote_id = ?').all(spamId) as { c: number }[]
    const queued = await ws.ok('outbox.list', { conversationId: stored!.c })
    expect(queued).toMatchObject([{ kind: 'moderation', state: 'queued' }])
    expect(await copies(servers, 'Junk', spamId)).toBe(0)

    // After the undo window the outbox files it.
    ws.clock.advance(60_000)
    expect(await ws.core.outboxEngine.runDue()).toEqual([{ itemId: queued[0]!.id, accountId: account.id, outcome: 'sent' }])
    expect(await copies(servers, 'Junk', spamId)).toBe(1)
    expect(await copies(servers, 'INBOX', spamId)).toBe(0)
    // Only the matching mail moved.
    expect(await copies(servers, 'INBOX', keptId)).toBe(1)
    expect(await ws.ok('spam.list', {})).toMatchObject([{ conversationId: stored!.c, marked: true }])

    // A repeat (a retry after a crash before the outcome was recorded) finds it in Junk and changes nothing.
    await emailConnector.moderate({ kind: 'spam', remoteId: spamId }, await ctx())
    expect(await copies(servers, 'Junk', spamId)).toBe(1)
    expect(await copies(servers, 'INBOX', spamId)).toBe(0)
    // Polling again neither brings it back nor queues the rule's action twice.
    await ws.core.sync.pollOnce([account.id])
    expect(await ws.ok('outbox.list', { conversationId: stored!.c })).toHaveLength(1)
  })

  it('a person marking a conversation as spam files the mail in Junk once through the outbox', async () => {
    const ws = workspace()
    const { account } = await connect(ws, servers)
    await actAsMe(ws.ok)
    const id = `marked-${Date.now()}@customer.test`
    await mailFromCustomer(servers, { subject: 'Cheap watches', text: 'Best replica watches here.', messageId: id })
    await ws.core.sync.pollOnce([account.id])
    const [stored] = ws.core.db.prepare('SELECT conversation_id AS c FROM messages WHERE remote_id = ?').all(id) as { c: number }[]

    expect(await ws.ok('spam.mark', { conversationId: stored!.c, spam: true })).toEqual({ marked: true })
    const queued = await ws.ok('outbox.list', { conversationId: stored!.c })
    expect(queued).toMatchObject([{ kind: 'moderation', state: 'queued' }])
    ws.clock.advance(60_000)
    expect(await ws.core.outboxEngine.runDue()).toEqual([{ itemId: queued[0]!.id, accountId: account.id, outcome: 'sent' }])
    expect(await copies(servers, 'Junk', id)).toBe(1)
    expect(await copies(servers, 'INBOX', id)).toBe(0)
    // Marking it again asks the platform for nothing more.
    await ws.ok('spam.mark', { conversationId: stored!.c, spam: true })
    expect(await ws.ok('outbox.list', { conversationId: stored!.c })).toHaveLength(1)
  })

  it('a direct delete moves the mail to Trash once; a repeat is harmless', async () => {
    const ws = workspace()
    const { account, ctx } = await connect(ws, servers)
    const id = `delete-${Date.now()}@customer.test`
    await mailFromCustomer(servers, { subject: 'Old thread', text: 'Please ignore.', messageId: id })
    await ws.core.sync.pollOnce([account.id])
    expect(await copies(servers, 'INBOX', id)).toBe(1)

    await emailConnector.moderate({ kind: 'delete', remoteId: id }, await ctx())
    await emailConnector.moderate({ kind: 'delete', remoteId: id }, await ctx())
    expect(await copies(servers, 'Trash', id)).toBe(1)
    expect(await copies(servers, 'INBOX', id)).toBe(0)
  })

  it('a person flags the mail and moves it to a folder they name, through the outbox, each once', async () => {
    const ws = workspace()
    const { account, ctx } = await connect(ws, servers)
    await actAsMe(ws.ok)
    await asMailUser(servers, 'support@brand.test', (c) => c.mailboxCreate('Warranty claims'))
    const id = `flag-move-${Date.now()}@customer.test`
    await mailFromCustomer(servers, { subject: 'Frame cracked', text: 'The frame cracked after a month.', messageId: id })
    await ws.core.sync.pollOnce([account.id])
    const [stored] = ws.core.db.prepare('SELECT conversation_id AS c FROM messages WHERE remote_id = ?').all(id) as { c: number }[]

    // Flag: \Flagged on the customer's mail once the undo window has passed.
    const flagged = await ws.ok('moderation.request', { conversationId: stored!.c, action: 'flag' })
    expect(flagged).toMatchObject({ kind: 'moderation', state: 'queued', body: 'Flag the item by customer@customer.test' })
    expect(await flagsOf(servers, 'INBOX', id)).not.toContain('\\Flagged')
    ws.clock.advance(60_000)
    expect(await ws.core.outboxEngine.runDue()).toEqual([{ itemId: flagged.id, accountId: account.id, outcome: 'sent' }])
    expect(await flagsOf(servers, 'INBOX', id)).toContain('\\Flagged')
    // A repeat after a crash changes nothing.
    await emailConnector.moderate({ kind: 'flag', remoteId: id }, await ctx())
    expect(await flagsOf(servers, 'INBOX', id)).toContain('\\Flagged')

    // Move: to the folder named (any case), exactly one copy there and none left behind, even when repeated.
    const moved = await ws.ok('moderation.request', { conversationId: stored!.c, action: 'move', folder: 'warranty claims' })
    expect(moved).toMatchObject({ state: 'queued', body: 'Move the item by customer@customer.test to "warranty claims"' })
    ws.clock.advance(60_000)
    expect(await ws.core.outboxEngine.runDue()).toEqual([{ itemId: moved.id, accountId: account.id, outcome: 'sent' }])
    await emailConnector.moderate({ kind: 'move', remoteId: id, folder: 'Warranty claims' }, await ctx())
    expect(await copies(servers, 'Warranty claims', id)).toBe(1)
    expect(await copies(servers, 'INBOX', id)).toBe(0)
    expect(await flagsOf(servers, 'Warranty claims', id)).toContain('\\Flagged')
  })

  it('a move needs a folder that exists: a plain message, nothing created, the mail stays', async () => {
    const ws = workspace()
    const { account, ctx } = await connect(ws, servers)
    await actAsMe(ws.ok)
    const id = `nofolder-${Date.now()}@customer.test`
    await mailFromCustomer(servers, { subject: 'Gears', text: 'Gears skip.', messageId: id })
    await ws.core.sync.pollOnce([account.id])
    const [stored] = ws.core.db.prepare('SELECT conversation_id AS c FROM messages WHERE remote_id = ?').all(id) as { c: number }[]

    // No folder named at all: refused by the contract before anything is queued.
    const unnamed = await ws.raw('moderation.request', { conversationId: stored!.c, action: 'move' })
    expect(unnamed).toMatchObject({ ok: false, error: { code: 'bad_input' } })
    expect(JSON.stringify(unnamed)).toContain('Name the folder to move it to.')

    const error = await emailConnector.moderate({ kind: 'move', remoteId: id, folder: 'Archive 2019' }, await ctx()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParleyError)
    expect((error as Error).message).toMatch(/^The mailbox has no folder called "Archive 2019", so the mail stayed where it was\. Folders there: .*INBOX/)
    expect(emailConnector.classifyError(error)).toMatchObject({ kind: 'bad_request' })
    expect(await copies(servers, 'INBOX', id)).toBe(1)
    expect((await asMailUser(servers, 'support@brand.test', (c) => c.list())).map((m) => m.path)).not.toContain('Archive 2019')
  })

  it('offers spam, delete, flag and move; hiding or blocking a sender is refused in plain words', async () => {
    expect([...emailConnector.capabilities].filter((c) => ['spam', 'delete', 'hide', 'block', 'mute', 'flag', 'move'].includes(c)).sort()).toEqual([
      'delete',
      'flag',
      'move',
      'spam',
    ])
    const ws = workspace()
    const { ctx } = await connect(ws, servers)
    const refusal = await emailConnector.moderate({ kind: 'block', authorRemoteId: 'customer@customer.test' }, await ctx()).catch((e: unknown) => e)
    expect(refusal).toBeInstanceOf(ParleyError)
    expect((refusal as Error).message).toMatch(/cannot hide, block or mute/)
  })

  it('a mailbox without a Junk folder gets a plain message, and the mail stays where it was', async () => {
    const noJunk = await startMailServers({ junk: false })
    cleanups.push(() => noJunk.stop())
    const ws = workspace()
    const { account, ctx } = await connect(ws, noJunk)
    const id = `nojunk-${Date.now()}@customer.test`
    await mailFromCustomer(noJunk, { subject: 'Deal', text: 'Cheap pills', messageId: id })
    await ws.core.sync.pollOnce([account.id])

    const error = await emailConnector.moderate({ kind: 'spam', remoteId: id }, await ctx()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParleyError)
    expect((error as Error).message).toBe(
      'The mailbox has no Junk folder, so Parley did not mark this mail as spam. Create a Junk folder in your mail program (or ask your provider to), then try again.',
    )
    // The outbox fails it at once instead of retrying.
    expect(emailConnector.classifyError(error)).toMatchObject({ kind: 'bad_request' })
    expect(await copies(noJunk, 'INBOX', id)).toBe(1)
  }, 60_000)
})
