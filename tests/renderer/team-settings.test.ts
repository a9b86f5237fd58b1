// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TeamStatus, TeamSync } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import TeamSettings from '@renderer/components/TeamSettings.vue'
import TeamSyncIndicator from '@renderer/components/TeamSyncIndicator.vue'
import { fakeTransport } from './fake-transport'

const synced: TeamSync = { state: 'synced', unpushed: 0, lastSyncAt: Date.now() - 10 * 60_000, problem: null }
const joined: TeamStatus = {
  sync: synced,
  team: { name: 'Brand support', serverUrl: 'http://127.0.0.1:8080', memberName: 'Sam', role: 'supervisor', device: 'laptop-b' },
  members: [
    { name: 'Alex', role: 'agent' },
    { name: 'Sam', role: 'supervisor' },
  ],
  pollLeases: [{ channelAccount: 'mastodon|https://mastodon.social|@lumenbikes@mastodon.social', stream: 'notifications', holder: 'Alex', device: 'laptop-a', expiresAt: new Date().toISOString() }],
  contested: [{ operation: 'approvals.reject', outcome: 'lost', message: 'already decided by Kim (approved)' }],
}
const notJoined: TeamStatus = { sync: { state: 'local', unpushed: 0, lastSyncAt: null, problem: null }, team: null, members: [], pollLeases: null, contested: [] }

describe('Settings → Team and the top bar sync indicator', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => setApi(null))

  it('shows the team, its members, the last sync, changes waiting, who polls what and a decision lost to another laptop', async () => {
    const fake = fakeTransport({ 'team.status': () => joined })
    setApi(createClient(fake.transport))
    const wrapper = mount(TeamSettings)
    await flushPromises()
    expect(wrapper.get('[data-testid="team-name"]').text()).toBe('Brand support')
    expect(wrapper.get('[data-testid="team-last-sync"]').text()).toMatch(/minutes ago$/)
    expect(wrapper.get('[data-testid="team-unpushed"]').text()).toBe('nothing')
    expect(wrapper.get('[data-testid="team-members"]').text()).toContain('Alex')
    expect(wrapper.get('[data-testid="team-leases"]').text()).toContain('@lumenbikes@mastodon.social · notifications')
    expect(wrapper.get('[data-testid="team-leases"]').text()).toContain('Alex on laptop-a')
    expect(wrapper.get('[data-testid="team-contested"]').text()).toContain('already decided by Kim (approved)')
  })

  it('joins with a code and shows the team; a refusal is shown in plain words and keeps what was typed', async () => {
    let refuse = true
    const fake = fakeTransport({
      'team.status': () => notJoined,
      'team.join': () => {
        if (refuse) throw new Error('That join code is unknown, already used or expired. Ask an admin for a new one (parley team invite).')
        return joined
      },
    })
    setApi(createClient(fake.transport))
    const wrapper = mount(TeamSettings)
    await flushPromises()
    await wrapper.get('[data-testid="team-server"]').setValue('http://127.0.0.1:8080')
    await wrapper.get('[data-testid="team-code"]').setValue('3f2a-91bc')
    await wrapper.get('[data-testid="team-passphrase"]').setValue('a long team passphrase')
    await wrapper.get('[data-testid="team-join-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="team-join-error"]').text()).toContain('That join code is unknown')
    expect((wrapper.get('[data-testid="team-code"]').element as HTMLInputElement).value).toBe('3f2a-91bc')
    refuse = false
    await wrapper.get('[data-testid="team-join-form"]').trigger('submit')
    await flushPromises()
    expect(fake.callsOf('team.join').at(-1)!.input).toEqual({ serverUrl: 'http://127.0.0.1:8080', code: '3f2a-91bc', passphrase: 'a long team passphrase' })
    expect(wrapper.get('[data-testid="team-name"]').text()).toBe('Brand support')
  })

  it('an admin invites a member (the code shown to hand over) and removes one after confirming; others see neither', async () => {
    const asAdmin: TeamStatus = { ...joined, team: { ...joined.team!, memberName: 'Ada', role: 'admin' }, members: [{ name: 'Ada', role: 'admin' }, ...joined.members] }
    let current = asAdmin
    const fake = fakeTransport({
      'team.status': () => current,
      'team.invite': () => ({ code: '3f2a-91bc-77de-0c1d' }),
      'team.removeMember': (input) => {
        current = { ...asAdmin, members: asAdmin.members.filter((m) => m.name !== (input as { name: string }).name) }
        return current
      },
    })
    setApi(createClient(fake.transport))
    const wrapper = mount(TeamSettings)
    await flushPromises()
    expect(wrapper.get('[data-testid="team-invite"]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid="team-invite-name"]').setValue('  Bea ')
    await wrapper.get('[data-testid="team-invite-role"]').setValue('supervisor')
    await wrapper.get('[data-testid="team-invite-form"]').trigger('submit')
    await flushPromises()
    expect(fake.callsOf('team.invite')).toEqual([{ op: 'team.invite', input: { name: 'Bea', role: 'supervisor' } }])
    expect(wrapper.get('[data-testid="team-invite-code"]').text()).toContain('Give Bea this code')
    expect((wrapper.get('[data-testid="team-invite-code"] input').element as HTMLInputElement).value).toBe('3f2a-91bc-77de-0c1d')

    // No remove button on the admin's own row; removing asks first, and Keep takes it back.
    expect(wrapper.get('[data-testid="team-member-Ada"]').find('[data-testid="team-remove"]').exists()).toBe(false)
    await wrapper.get('[data-testid="team-member-Alex"] [data-testid="team-remove"]').trigger('click')
    expect(wrapper.get('[data-testid="team-member-Alex"]').text()).toContain('Remove Alex? Their laptops stop syncing.')
    expect(fake.callsOf('team.removeMember')).toEqual([])
    await wrapper.get('[data-testid="team-remove-confirm"]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('team.removeMember')).toEqual([{ op: 'team.removeMember', input: { name: 'Alex' } }])
    expect(wrapper.get('[data-testid="team-members"]').text()).not.toContain('Alex')

    // A supervisor's laptop shows the members without either.
    current = joined
    const other = mount(TeamSettings)
    await flushPromises()
    expect(other.find('[data-testid="team-invite-form"]').exists()).toBe(false)
    expect(other.find('[data-testid="team-remove"]').exists()).toBe(false)
  })

  it('the indicator is hidden outside a team, and follows team.changed: syncing, synced, offline with the count not shared', async () => {
    const fake = fakeTransport({ 'team.sync': () => ({ state: 'local', unpushed: 0, lastSyncAt: null, problem: null }) })
    setApi(createClient(fake.transport))
    const wrapper = mount(TeamSyncIndicator)
    await flushPromises()
    expect(wrapper.find('[data-testid="team-sync"]').exists()).toBe(false)
    fake.emit('team.changed', { ...synced, state: 'syncing' })
    await flushPromises()
    expect(wrapper.get('[data-testid="team-sync"]').text()).toBe('Team syncing…')
    fake.emit('team.changed', synced)
    await flushPromises()
    expect(wrapper.get('[data-testid="team-sync"]').text()).toBe('Team synced')
    fake.emit('team.changed', { state: 'offline', unpushed: 3, lastSyncAt: synced.lastSyncAt, problem: 'The team service at http://127.0.0.1:8080 cannot be reached.' })
    await flushPromises()
    expect(wrapper.get('[data-testid="team-sync"]').text()).toBe('Team offline · 3 changes not shared')
    expect(wrapper.get('[data-testid="team-sync"]').attributes('title')).toContain('cannot be reached')
    wrapper.unmount()
  })
})
