import type { APIRequestContext, Page } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTelegramFake, type TelegramFake } from '../../src/main/features/connectors/telegram/fake-server'
import { matrixWorld, startSynapse, synapseMissing, type MatrixWorld, type Synapse } from '../support/synapse'
import { callApi, expect, startParley, stopParley, test, type ParleyServer } from './fixtures'

/** Triage from the conversation's toolbar: tag it and take it. */
async function triage(page: Page): Promise<void> {
  await expect(page.getByTestId('triage-toolbar')).toBeVisible()
  await page.getByTestId('tb-tag').click()
  await page.keyboard.type('community')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('triage-toolbar').getByTestId('tag-chip')).toHaveText(/community/)
  await page.getByTestId('tb-assign').click()
  await page.keyboard.type('Me')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('assignee')).toHaveText('Me')
}

/**
 * Telegram in browser mode against the fake Bot API: connect in the add dialog (drawn from the
 * connector's manifest), triage (tag, assign), reply through approval exactly once, and moderate by a rule.
 */
test.describe('Telegram in browser mode', () => {
  let fake: TelegramFake
  let parley: ParleyServer
  let dataDir = ''
  test.beforeEach(async () => {
    fake = await startTelegramFake()
    dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-telegram-'))
    parley = await startParley(['--vault', 'file'], dataDir, { PARLEY_VAULT_PASSPHRASE: 'e2e passphrase' })
  })
  test.afterEach(async () => {
    await stopParley(parley)
    await fake.close()
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

  test('connect, reply to a DM through approval exactly once, and delete spam by a rule', async ({ page }) => {
    const policy = await call<Record<string, unknown>>(page.request, 'policy.get', {})
    await call(page.request, 'policy.set', { ...policy, undoWindowMs: 1000 })
    await call(page.request, 'profiles.create', { name: 'Alex', role: 'agent' })
    await call(page.request, 'profiles.create', { name: 'Mira', role: 'supervisor', passphrase: 'mira passphrase 1' })
    const rule = await call<{ id: number }>(page.request, 'rules.save', { name: 'Watch spam', conditions: { text: 'watches' }, actions: [{ type: 'delete' }] })
    await call(page.request, 'rules.setEnabled', { id: rule.id, enabled: true })
    // Connected after the rule exists: the first poll already meets it.
    await page.goto(parley.url)
    await page.getByRole('button', { name: /Connect a channel/ }).click()
    await page.getByTestId('platform-telegram').click()
    await page.getByTestId('field-botToken').fill(fake.token)
    await page.locator('details.advanced summary').click()
    await page.getByTestId('field-apiBase').fill(fake.url)
    await page.getByTestId('connect-submit').click()
    await expect(page.getByTestId('account-card').filter({ hasText: 'lumenbikes_bot' })).toBeVisible()
    await page.keyboard.press('Escape')
    await page.getByTestId('view-inbox').click()
    await page.reload()
    await switchTo(page, 'Alex')
    const row = page.getByTestId('conversation-row').filter({ hasText: 'Inês Araújo' }).first()
    await expect(row).toBeVisible({ timeout: 20_000 })
    await row.click()
    await expect(page.getByText('My order #4411 has not shipped yet').last()).toBeVisible()
    await triage(page)
    const words = `Hi Inês, it ships Monday 🚲 (e2e ${Date.now()})`
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
    await expect(page.getByTestId('outbox-item').filter({ hasText: 'Inês' }).first()).toHaveAttribute('data-state', 'sent', { timeout: 30_000 })
    expect(fake.sentByBot().map((m) => [m.chat.id, m.text])).toEqual([[fake.people.ines.id, words]])

    // The rule's delete went through the outbox after its undo window: the spam is gone at Telegram.
    await expect.poll(() => fake.messagesIn(fake.chats.riders.id).some((m) => m.text?.startsWith('Cheap watches')), { timeout: 30_000 }).toBe(false)
    expect(fake.requests.filter((r) => r.path.endsWith('/deleteMessage'))).toHaveLength(1)
    expect(fake.sentByBot()).toHaveLength(1)
  })
})

/**
 * Matrix in browser mode against a real Synapse (tests/support/synapse.ts: chroot into the Debian sid
 * root filesystem scripts/synapse-rootfs.sh caches; SQLite, 127.0.0.1): connected in the add dialog,
 * a room message triaged and answered through approval exactly once, and spam redacted by a rule.
 */
test.describe('Matrix in browser mode', () => {
  test.skip(synapseMissing() !== null, synapseMissing() ?? '')
  let synapse: Synapse
  let world: MatrixWorld
  let spamEvent = ''
  let parley: ParleyServer
  let dataDir = ''
  test.beforeEach(async () => {
    test.setTimeout(180_000)
    synapse = await startSynapse()
    world = await matrixWorld(synapse, 'e2e')
    await world.customer.client.send(world.supportRoom, { msgtype: 'm.text', body: 'Does the Commuter 3 fit a child seat?' })
    spamEvent = await world.customer.client.send(world.supportRoom, { msgtype: 'm.text', body: 'Cheap watches at spam.example' })
    dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-matrix-'))
    parley = await startParley(['--vault', 'file'], dataDir, { PARLEY_VAULT_PASSPHRASE: 'e2e passphrase' })
  })
  test.afterEach(async () => {
    await stopParley(parley)
    await synapse.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })
  const call = <T>(request: APIRequestContext, op: string, data: unknown): Promise<T> => callApi<T>(request, parley, op, data)

  test('connect, reply in the room through approval exactly once, and redact spam by a rule', async ({ page }) => {
    test.setTimeout(180_000)
    const policy = await call<Record<string, unknown>>(page.request, 'policy.get', {})
    await call(page.request, 'policy.set', { ...policy, undoWindowMs: 1000 })
    await call(page.request, 'profiles.create', { name: 'Alex', role: 'agent' })
    await call(page.request, 'profiles.create', { name: 'Mira', role: 'supervisor', passphrase: 'mira passphrase 1' })
    const rule = await call<{ id: number }>(page.request, 'rules.save', { name: 'Watch spam', conditions: { text: 'watches' }, actions: [{ type: 'delete' }] })
    await call(page.request, 'rules.setEnabled', { id: rule.id, enabled: true })
    // Connected in the add dialog, drawn from the connector's manifest: homeserver, user, password, rooms.
    await page.goto(parley.url)
    await page.getByRole('button', { name: /Connect a channel/ }).click()
    await page.getByTestId('platform-matrix').click()
    for (const [name, value] of Object.entries(world.connectInput(synapse.url))) await page.getByTestId(`field-${name}`).fill(value)
    await page.getByTestId('connect-submit').click()
    await expect(page.getByTestId('account-card').filter({ hasText: 'e2ebrand' })).toBeVisible({ timeout: 30_000 })
    await page.keyboard.press('Escape')
    await page.reload()
    await page.getByTestId('view-inbox').click()
    await page.getByTestId('profile-switcher').click()
    await page.getByTestId('profile-option').filter({ hasText: 'Alex' }).click()
    await expect(page.getByTestId('profile-switcher')).toContainText('Alex')
    const row = page.getByTestId('conversation-row').filter({ hasText: 'Inês' }).first()
    await expect(row).toBeVisible({ timeout: 30_000 })
    await row.click()
    await expect(page.getByText('Does the Commuter 3 fit a child seat?').last()).toBeVisible()
    await triage(page)
    const words = `Yes, with the MIK adapter 🚲 (e2e ${Date.now()})`
    await page.getByTestId('composer').fill(words)
    await expect(page.getByTestId('draft-status')).toHaveText('Saved')
    await page.getByTestId('submit-reply').click()
    await expect(page.getByTestId('reply-state')).toContainText('Waiting for approval')

    await page.getByTestId('profile-switcher').click()
    await page.getByTestId('profile-option').filter({ hasText: 'Mira' }).click()
    await page.getByTestId('profile-passphrase').fill('mira passphrase 1')
    await page.getByTestId('profile-switch-submit').click()
    await page.getByTestId('view-needs_approval').click()
    await page.getByTestId('conversation-row').first().click()
    const card = page.getByTestId('approval-card')
    await expect(card.getByTestId('approval-body')).toHaveText(words)
    await card.getByTestId('approve').click()
    await expect(page.getByTestId('approval-card')).toHaveCount(0)

    await page.getByTestId('nav-outbox').click()
    const fromBrand = async () => (await world.customer.client.messages(world.supportRoom)).filter((e) => e.sender === world.brand.userId && e.type === 'm.room.message')
    await expect.poll(async () => (await fromBrand()).map((e) => e.content.body), { timeout: 30_000 }).toEqual([words])
    // The rule's delete went through the outbox after its undo window: Synapse shows the spam redacted.
    const spam = async () => (await world.customer.client.messages(world.supportRoom)).find((e) => e.event_id === spamEvent)
    await expect.poll(async () => (await spam())?.unsigned?.redacted_because !== undefined, { timeout: 30_000 }).toBe(true)
    expect((await spam())?.content).toEqual({})
    expect(await fromBrand()).toHaveLength(1)
  })
})
