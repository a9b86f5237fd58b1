import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OperationInput } from '../../../src/shared/contract'
import { openApprovalCore, PASSPHRASES } from '../../support/approval-workspace'
import { FakeClock, tempDir } from '../../support/workspace'

/**
 * The acting profile is a real identity: the first run claims the admin with a passphrase,
 * Parley reopens on the last profile, and a supervisor or admin is locked after every
 * start until their passphrase is entered. A restart never grants a role.
 */
describe('the profile session', () => {
  let t: ReturnType<typeof tempDir>
  let ws: ReturnType<typeof openApprovalCore>
  const clock = new FakeClock()
  const reopen = async (): Promise<void> => {
    await ws.client.close()
    ws = openApprovalCore(t.dir, { clock })
  }
  const policy: OperationInput<'policy.set'> = { rules: [], roleDefaults: { agent: 'always', supervisor: 'never', admin: 'never' }, undoWindowMs: 5_000 }

  beforeEach(() => {
    t = tempDir('parley-session-')
    ws = openApprovalCore(t.dir, { clock })
  })
  afterEach(async () => {
    await ws.client.close()
    t.cleanup()
  })

  it('starts the first run on a locked admin without a passphrase; setting one unlocks it', async () => {
    const first = await ws.ok('profiles.current', {})
    expect(first).toEqual({ id: first.id, name: 'Me', role: 'admin', hasPassphrase: false, locked: true })
    expect((await ws.ok('app.info', {})).profile).toMatchObject({ name: 'Me', locked: true, hasPassphrase: false })
    expect(await ws.raw('policy.set', policy)).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'Me has no passphrase yet. Set one first: until then Parley does not let anyone change the approval policy as an admin.' },
    })
    expect(await ws.raw('profiles.create', { name: 'Alex', role: 'agent' })).toMatchObject({ ok: false, error: { code: 'unauthorized', message: /Me has no passphrase yet/ } })

    await ws.ok('profiles.setPassphrase', { profileId: first.id, passphrase: PASSPHRASES.me })
    expect(await ws.ok('profiles.current', {})).toMatchObject({ hasPassphrase: true, locked: false })
    await ws.ok('policy.set', policy)
    await ws.ok('profiles.create', { name: 'Alex', role: 'agent' })
  })

  it('a restart never grants a role: the admin is locked until the passphrase is entered', async () => {
    const me = (await ws.ok('profiles.current', {})).id
    await ws.ok('profiles.setPassphrase', { profileId: me, passphrase: PASSPHRASES.me })
    await reopen()
    expect(await ws.ok('profiles.current', {})).toMatchObject({ id: me, role: 'admin', locked: true, hasPassphrase: true })
    expect(await ws.raw('policy.set', policy)).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: "Enter Me's passphrase first: until then Parley does not let anyone change the approval policy as Me." },
    })
    expect(await ws.raw('approvals.approve', { approvalId: 'ap-1', bodyHash: 'a'.repeat(64) })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: /Enter Me's passphrase first: until then Parley does not let anyone approve replies as Me/ },
    })
    // Choosing yourself again without the passphrase unlocks nothing.
    expect(await ws.raw('profiles.switch', { profileId: me })).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect(await ws.ok('profiles.current', {})).toMatchObject({ locked: true })
    expect(await ws.raw('profiles.unlock', { passphrase: 'not the passphrase' })).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'That passphrase is not the one for Me. Nothing was unlocked.' },
    })
    expect(await ws.ok('profiles.unlock', { passphrase: PASSPHRASES.me })).toMatchObject({ locked: false })
    await ws.ok('policy.set', policy)
    // And again after the next restart.
    await reopen()
    expect((await ws.raw('policy.set', policy)).ok).toBe(false)
  })

  it('reopens on the last profile used; a supervisor is locked and acts as an agent until unlocked', async () => {
    const me = (await ws.ok('profiles.current', {})).id
    await ws.ok('profiles.setPassphrase', { profileId: me, passphrase: PASSPHRASES.me })
    const alex = (await ws.ok('profiles.create', { name: 'Alex', role: 'agent' })).id
    const sam = (await ws.ok('profiles.create', { name: 'Sam', role: 'supervisor', passphrase: PASSPHRASES.sam })).id
    await ws.ok('profiles.switch', { profileId: alex })
    await reopen()
    expect(await ws.ok('profiles.current', {})).toEqual({ id: alex, name: 'Alex', role: 'agent', hasPassphrase: false, locked: false })
    // From an agent back to the admin: with the passphrase (an agent can always switch back).
    expect(await ws.ok('profiles.switch', { profileId: me, passphrase: PASSPHRASES.me })).toMatchObject({ id: me, locked: false })
    await ws.ok('profiles.switch', { profileId: sam, passphrase: PASSPHRASES.sam })
    await reopen()
    expect(await ws.ok('profiles.current', {})).toMatchObject({ id: sam, role: 'supervisor', locked: true })
    expect(await ws.raw('approvals.reject', { approvalId: 'ap-1', note: 'no' })).toMatchObject({ ok: false, error: { code: 'unauthorized', message: /Enter Sam's passphrase first/ } })
    await ws.ok('profiles.unlock', { passphrase: PASSPHRASES.sam })
    // Unlocked, the refusal is about the approval itself, no longer about who is asking.
    expect(await ws.raw('approvals.reject', { approvalId: 'ap-1', note: 'no' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('changing your passphrase needs the old one; an unlocked admin may reset anyone else', async () => {
    const me = (await ws.ok('profiles.current', {})).id
    await ws.ok('profiles.setPassphrase', { profileId: me, passphrase: PASSPHRASES.me })
    const sam = (await ws.ok('profiles.create', { name: 'Sam', role: 'supervisor', passphrase: PASSPHRASES.sam })).id
    expect(await ws.raw('profiles.setPassphrase', { profileId: me, passphrase: 'a brand new one' })).toEqual({
      ok: false,
      error: { code: 'bad_input', message: 'Enter your current passphrase to change it. Nothing was changed.' },
    })
    expect(await ws.raw('profiles.setPassphrase', { profileId: me, passphrase: 'a brand new one', currentPassphrase: 'wrong guess' })).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'That is not your current passphrase. Nothing was changed.' },
    })
    await ws.ok('profiles.setPassphrase', { profileId: me, passphrase: 'a brand new one', currentPassphrase: PASSPHRASES.me })
    await ws.ok('profiles.setPassphrase', { profileId: sam, passphrase: 'sam was reset 1' })
    await reopen()
    expect((await ws.raw('profiles.unlock', { passphrase: PASSPHRASES.me })).ok).toBe(false)
    await ws.ok('profiles.unlock', { passphrase: 'a brand new one' })
    expect((await ws.raw('profiles.switch', { profileId: sam, passphrase: PASSPHRASES.sam })).ok).toBe(false)
    await ws.ok('profiles.switch', { profileId: sam, passphrase: 'sam was reset 1' })
    // A locked admin cannot reset someone else's passphrase.
    await ws.ok('profiles.switch', { profileId: me, passphrase: 'a brand new one' })
    await reopen()
    expect(await ws.ok('profiles.current', {})).toMatchObject({ id: me, locked: true })
    expect(await ws.raw('profiles.setPassphrase', { profileId: sam, passphrase: 'taken over now' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: /Enter Me's passphrase first/ },
    })
  })
})
