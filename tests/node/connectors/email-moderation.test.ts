import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { emailConnector } from '../../../src/main/features/connectors/email'
import { ParleyError } from '../../../src/shared/contract'
import { actAsMe, openApprovalCore } from '../../support/approval-workspace'
import { folderContents, mailFromCustomer } from '../../support/mail-clients'
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

  it('offers spam and delete only; hiding or blocking a sender is refused in plain words', async () => {
    expect([...emailConnector.capabilities].filter((c) => ['spam', 'delete', 'hide', 'block', 'mute'].includes(c)).sort()).toEqual(['delete', 'spam'])
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
