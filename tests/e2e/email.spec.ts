import type { APIRequestContext, Page } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { folderContents, mailFromCustomer } from '../support/mail-clients'
import { mailServersMissing, startMailServers, type MailServers } from '../support/mail-servers'
import { callApi, expect, startParley, stopParley, test, type ParleyServer } from './fixtures'

/**
 * E-mail in browser mode against real Dovecot and Postfix on loopback: connect the support mailbox in
 * the Channels screen, see the customer's mail threaded (a follow-up arrives through IMAP IDLE while
 * the conversation is open), reply through approval, and the customer's mailbox gets exactly one reply.
 */
test.describe('E-mail in browser mode', () => {
  test.skip(mailServersMissing() !== null, mailServersMissing() ?? '')
  let servers: MailServers
  let parley: ParleyServer
  let dataDir = ''
  test.beforeEach(async () => {
    servers = await startMailServers()
    dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-email-'))
    parley = await startParley(['--vault', 'file'], dataDir, { PARLEY_VAULT_PASSPHRASE: 'e2e passphrase' })
  })
  test.afterEach(async () => {
    await stopParley(parley)
    await servers.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })
  const call = <T>(request: APIRequestContext, op: string, data: unknown): Promise<T> => callApi<T>(request, parley, op, data)

  async function switchTo(page: Page, name: string, passphrase?: string): Promise<void> {
    await page.getByTestId('profile-switcher').click()
    await page.getByTestId('profile-option').filter({ hasText: name }).click()
    if (passphrase) {
      await page.getByTestId('profile-passphrase').fill(passphrase)
      await page.getByTestId('profile-switch-submit').click()
    }
    await expect(page.getByTestId('profile-switcher')).toContainText(name)
  }

  test('connect the mailbox, see the thread, reply through approval, and the customer gets exactly one reply', async ({ page }) => {
    test.setTimeout(150_000)
    const policy = await call<Record<string, unknown>>(page.request, 'policy.get', {})
    await call(page.request, 'policy.set', { ...policy, undoWindowMs: 1000 })
    await call(page.request, 'profiles.create', { name: 'Alex', role: 'agent' })
    await call(page.request, 'profiles.create', { name: 'Mira', role: 'supervisor', passphrase: 'mira passphrase 1' })
    const first = `e2e-pedal-${Date.now()}@customer.test`
    await mailFromCustomer(servers, { subject: 'Pedal broken', text: 'My left pedal came off after a week.', messageId: first })

    // The Channels screen's form, drawn from the manifest: the servers and password (no browser sign-in).
    await page.goto(parley.url)
    await page.getByRole('button', { name: /Connect a channel/ }).click()
    await page.getByTestId('platform-email').click()
    await page.getByTestId('field-imap').fill(`imap://127.0.0.1:${servers.imapPort}`)
    await page.getByTestId('field-smtp').fill(`smtp://127.0.0.1:${servers.submissionPort}`)
    await page.getByTestId('field-user').fill('support@brand.test')
    await page.getByTestId('field-password').fill(servers.users['support@brand.test']!)
    await page.getByTestId('connect-submit').click()
    await expect(page.getByTestId('account-card').filter({ hasText: 'support@brand.test' })).toBeVisible()
    await page.keyboard.press('Escape')
    await page.getByTestId('view-inbox').click()
    await page.reload()
    await switchTo(page, 'Alex')
    const row = page.getByTestId('conversation-row').filter({ hasText: 'Hana Customer' }).first()
    await expect(row).toBeVisible({ timeout: 30_000 })
    await row.click()
    await expect(page.getByText('My left pedal came off after a week.').last()).toBeVisible()

    // A follow-up in the same thread arrives while the conversation is open (IMAP IDLE, no poll schedule).
    const second = `e2e-pedal-2-${Date.now()}@customer.test`
    await mailFromCustomer(servers, { subject: 'Re: Pedal broken', text: 'Also the bell rattles.', messageId: second, inReplyTo: first, references: [first] })
    await expect(page.getByText('Also the bell rattles.').last()).toBeVisible({ timeout: 30_000 })
    await expect(page.getByTestId('conversation-row').filter({ hasText: 'Hana Customer' })).toHaveCount(1)

    const words = `Hello Hana, a new pedal is on its way 🚲 (e2e ${Date.now()})`
    await page.getByTestId('composer').fill(words)
    await expect(page.getByTestId('draft-status')).toHaveText('Saved')
    await page.getByTestId('submit-reply').click()
    await expect(page.getByTestId('reply-state')).toContainText('Waiting for approval')

    await switchTo(page, 'Mira', 'mira passphrase 1')
    await page.getByTestId('view-needs_approval').click()
    await page.getByTestId('conversation-row').first().click()
    const card = page.getByTestId('approval-card')
    await expect(card.getByTestId('approval-body')).toHaveText(words)
    await card.getByTestId('approve').click()
    await expect(page.getByTestId('approval-card')).toHaveCount(0)

    await page.getByTestId('nav-outbox').click()
    await expect(page.getByTestId('outbox-item').first()).toHaveAttribute('data-state', 'sent', { timeout: 30_000 })
    await servers.drained()
    const received = await folderContents(servers, 'customer@customer.test', 'INBOX')
    expect(received).toHaveLength(1)
    const reply = received[0]!.parsed
    expect(reply.subject).toBe('Re: Pedal broken')
    expect(reply.inReplyTo).toBe(`<${second}>`)
    expect([reply.references].flat()).toContain(`<${first}>`)
    expect(reply.text?.replace(/\n$/, '')).toBe(words)
  })
})
