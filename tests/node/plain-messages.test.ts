import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApprovalCore, PASSPHRASES } from '../support/approval-workspace'
import { tempDir } from '../support/workspace'

/** Refused input is explained in plain words a person can act on, never in the schema's own text. */
describe('validation messages in plain words', () => {
  const t = tempDir('parley-plain-')
  let ws: ReturnType<typeof openApprovalCore>

  beforeAll(async () => {
    ws = openApprovalCore(t.dir)
    const me = await ws.ok('profiles.current', {})
    await ws.ok('profiles.setPassphrase', { profileId: me.id, passphrase: PASSPHRASES.me })
  })
  afterAll(async () => {
    await ws.client.close()
    t.cleanup()
  })

  it.each([
    ['profiles.create', { name: 'Robin', role: 'supervisor', passphrase: 'short' }, 'A passphrase needs at least 8 characters.'],
    ['profiles.create', { name: '   ', role: 'agent' }, 'A person needs a name.'],
    ['profiles.create', { name: 'Robin', role: 'boss' }, 'A role must be one of: agent, supervisor, admin.'],
    ['profiles.setPassphrase', { profileId: 1, passphrase: 'x'.repeat(2_000) }, 'A passphrase can have at most 1024 characters.'],
    ['profiles.unlock', { passphrase: '' }, 'Enter the passphrase.'],
    ['tags.create', { name: '' }, 'A tag needs a name.'],
    ['tags.create', { name: 'x'.repeat(41) }, 'A tag can have at most 40 characters.'],
    ['conversations.list', { view: 'inbox', limit: 10_000 }, 'The number of results can be at most 200.'],
    ['conversations.list', { view: 'somewhere' }, 'The view must be one of: inbox, unassigned, mine, needs_approval, pending, snoozed, done.'],
    ['drafts.save', { conversationId: 1, body: 'x', extra: true }, 'Parley does not know the field “extra”.'],
    ['notes.add', { conversationId: 1 }, 'The text is missing.'],
  ] as const)('%s %j: %s', async (op, input, sentence) => {
    const result = await ws.raw(op as never, input as never)
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_input', message: `${sentence} Nothing was changed.` } })
  })
})
