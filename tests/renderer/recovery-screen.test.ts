// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { OperationOutput } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import App from '@renderer/App.vue'
import RecoveryScreen from '@renderer/components/RecoveryScreen.vue'
import { fakeTransport } from './fake-transport'

const damaged: OperationOutput<'system.status'> = {
  state: 'damaged',
  problem: 'The workspace database is damaged (database disk image is malformed). Parley has not changed it; restoring the latest backup brings the workspace back.',
  dataDir: '/home/ines/.config/Parley',
  latestBackup: { name: 'parley-daily-20261115-090000-000.db', kind: 'daily', at: Date.UTC(2026, 10, 15, 9), bytes: 5_000_000 },
  restoreCommand: 'npx parley restore --latest --data-dir /home/ines/.config/Parley',
}

describe('the recovery screen', () => {
  afterEach(() => setApi(null))

  it('App shows it instead of the inbox when the core reports a damaged workspace, and asks nothing else', async () => {
    setActivePinia(createPinia())
    const fake = fakeTransport({ 'system.status': () => damaged })
    setApi(createClient(fake.transport))
    const wrapper = mount(App, { attachTo: document.body })
    await flushPromises()
    expect(wrapper.find('[data-testid="recovery-screen"]').exists()).toBe(true)
    expect(wrapper.text()).toContain('Parley cannot open this workspace')
    expect(wrapper.text()).toContain('database disk image is malformed')
    expect(fake.callsOf('app.info')).toHaveLength(0)
    wrapper.unmount()
  })

  it('App opens the inbox as usual when the workspace is fine', async () => {
    setActivePinia(createPinia())
    const fake = fakeTransport({ 'system.status': () => ({ ...damaged, state: 'ok', problem: null }) })
    setApi(createClient(fake.transport))
    const wrapper = mount(App, { attachTo: document.body })
    await flushPromises()
    expect(wrapper.find('[data-testid="recovery-screen"]').exists()).toBe(false)
    expect(fake.callsOf('app.info')).toHaveLength(1)
    wrapper.unmount()
  })

  it('App switches to it when the check running in the background finds the workspace damaged', async () => {
    setActivePinia(createPinia())
    let status: OperationOutput<'system.status'> = { ...damaged, state: 'ok', problem: null }
    const fake = fakeTransport({ 'system.status': () => status })
    setApi(createClient(fake.transport))
    const wrapper = mount(App, { attachTo: document.body })
    await flushPromises()
    expect(wrapper.find('[data-testid="recovery-screen"]').exists()).toBe(false)
    status = damaged
    fake.emit('system.damaged', { problem: damaged.problem })
    await flushPromises()
    expect(wrapper.find('[data-testid="recovery-screen"]').exists()).toBe(true)
    expect(wrapper.text()).toContain('database disk image is malformed')
    wrapper.unmount()
  })

  it('restores the latest backup with one button and reports when it is done', async () => {
    setActivePinia(createPinia())
    const fake = fakeTransport({ 'system.restoreLatest': () => ({ restoredFrom: '/b/parley-daily.db', previousCopy: '/b/parley-pre-restore.db' }) })
    setApi(createClient(fake.transport))
    const wrapper = mount(RecoveryScreen, { props: { status: damaged } })
    expect(wrapper.get('[data-testid="restore-command"]').text()).toBe(damaged.restoreCommand)
    await wrapper.get('[data-testid="restore-latest"]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('system.restoreLatest')).toHaveLength(1)
    expect(wrapper.emitted('restored')).toHaveLength(1)
    expect(wrapper.text()).toContain('Restored. Opening your inbox')
  })

  it('shows why a restore failed and lets the user try again', async () => {
    setActivePinia(createPinia())
    const fake = fakeTransport({
      'system.restoreLatest': () => {
        throw new Error('Parley is still open on this workspace (process 4242). Quit it first, then restore again. Nothing was changed.')
      },
    })
    setApi(createClient(fake.transport))
    const wrapper = mount(RecoveryScreen, { props: { status: damaged } })
    await wrapper.get('[data-testid="restore-latest"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="recovery-error"]').text()).toMatch(/still open on this workspace/)
    expect(wrapper.emitted('restored')).toBeUndefined()
    expect(wrapper.get('[data-testid="restore-latest"]').attributes('disabled')).toBeUndefined()
  })

  it('says plainly when there is no backup to restore', () => {
    setActivePinia(createPinia())
    const wrapper = mount(RecoveryScreen, { props: { status: { ...damaged, latestBackup: null } } })
    expect(wrapper.find('[data-testid="restore-latest"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('There is no backup of this workspace yet')
  })
})
