// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { ProfileInfo, SessionProfile } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import ProfileGate from '@renderer/components/ProfileGate.vue'
import SettingsDialog from '@renderer/components/SettingsDialog.vue'
import { useAppStore } from '@renderer/stores/app'
import { fakeTransport } from './fake-transport'

const me = (patch: Partial<SessionProfile> = {}): SessionProfile => ({ id: 1, name: 'Me', role: 'admin', hasPassphrase: false, locked: true, ...patch })
const listed = (p: SessionProfile): ProfileInfo => ({ id: p.id, name: p.name, role: p.role, uid: `uid-${p.id}`, hasPassphrase: p.hasPassphrase, createdAt: 0 })
const alex: ProfileInfo = { id: 2, name: 'Alex', role: 'agent', uid: 'uid-2', hasPassphrase: false, createdAt: 0 }

/** A tiny core: the session's profile, its passphrase, and the same refusals as the real one. */
function setup(start: SessionProfile, passphrase: string | null = null) {
  setActivePinia(createPinia())
  let current = start
  let stored = passphrase
  const fake = fakeTransport({
    'profiles.list': () => [listed(current), alex],
    'profiles.current': () => current,
    'profiles.setPassphrase': (input) => {
      const { passphrase: next, currentPassphrase } = input as { passphrase: string; currentPassphrase?: string }
      if (stored !== null && currentPassphrase !== stored) throw new Error('That is not your current passphrase. Nothing was changed.')
      stored = next
      current = { ...current, hasPassphrase: true, locked: false }
      return listed(current)
    },
    'profiles.unlock': (input) => {
      if ((input as { passphrase: string }).passphrase !== stored) throw new Error('That passphrase is not the one for Me. Nothing was unlocked.')
      current = { ...current, locked: false }
      return current
    },
    'profiles.switch': (input) => {
      current = { ...alex, locked: false, hasPassphrase: false, id: (input as { profileId: number }).profileId }
      return current
    },
    'preferences.get': () => ({ theme: 'system' }),
    'preferences.set': (input) => ({ theme: 'system', ...(input as object) }),
    'drafts.get': () => null,
  })
  setApi(createClient(fake.transport))
  useAppStore().info = { version: '0', dataDir: '/tmp', profile: start, isEmpty: false, hasDemo: false }
  return { fake, passphrase: () => stored }
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('the first-run passphrase step', () => {
  it('asks the admin for a passphrase twice, explains mistakes plainly, and unlocks once set', async () => {
    const { fake, passphrase } = setup(me())
    const gate = mount(ProfileGate, { attachTo: document.body })
    await flushPromises()
    expect(gate.get('[data-testid=profile-gate]').attributes('data-mode')).toBe('set')
    expect(gate.get('h1').text()).toBe('Protect Me with a passphrase')

    await gate.get('[data-testid=gate-new-passphrase]').setValue('short')
    await gate.get('[data-testid=gate-confirm-passphrase]').setValue('short')
    await gate.get('form').trigger('submit')
    await flushPromises()
    expect(gate.get('[data-testid=gate-passphrase-problem]').text()).toBe('A passphrase needs at least 8 characters.')
    await gate.get('[data-testid=gate-new-passphrase]').setValue('purple kettle harbour')
    await gate.get('[data-testid=gate-confirm-passphrase]').setValue('purple kettle harbor')
    await gate.get('form').trigger('submit')
    await flushPromises()
    expect(gate.get('[data-testid=gate-passphrase-problem]').text()).toBe('The two passphrases are not the same. Type them again.')
    expect(fake.callsOf('profiles.setPassphrase')).toEqual([])

    await gate.get('[data-testid=gate-confirm-passphrase]').setValue('purple kettle harbour')
    await gate.get('form').trigger('submit')
    await flushPromises()
    expect(fake.callsOf('profiles.setPassphrase').map((c) => c.input)).toEqual([{ profileId: 1, passphrase: 'purple kettle harbour' }])
    expect(passphrase()).toBe('purple kettle harbour')
    expect(useAppStore().info!.profile).toMatchObject({ locked: false, hasPassphrase: true })
  })

  it('after a restart asks for the passphrase; a wrong one is refused in plain words; an agent needs none', async () => {
    setup(me({ hasPassphrase: true }), 'purple kettle harbour')
    const gate = mount(ProfileGate, { attachTo: document.body })
    await flushPromises()
    expect(gate.get('[data-testid=profile-gate]').attributes('data-mode')).toBe('unlock')
    expect(gate.get('h1').text()).toBe('Welcome back, Me')
    await gate.get('[data-testid=gate-passphrase]').setValue('not it')
    await gate.get('form').trigger('submit')
    await flushPromises()
    expect(gate.get('[data-testid=gate-error]').text()).toBe('That passphrase is not the one for Me. Nothing was unlocked.')
    expect(useAppStore().info!.profile.locked).toBe(true)
    await gate.get('[data-testid=gate-passphrase]').setValue('purple kettle harbour')
    await gate.get('form').trigger('submit')
    await flushPromises()
    expect(useAppStore().info!.profile.locked).toBe(false)

    // Someone else at the desk continues as the agent, without a passphrase.
    setup(me({ hasPassphrase: true }), 'purple kettle harbour')
    const again = mount(ProfileGate, { attachTo: document.body })
    await flushPromises()
    await again.get('[data-testid=gate-profile][data-profile-id="2"]').trigger('click')
    await flushPromises()
    expect(useAppStore().info!.profile).toMatchObject({ name: 'Alex', role: 'agent' })
  })
})

describe('changing a passphrase in Settings', () => {
  it('needs the current passphrase, and says so plainly when it is wrong', async () => {
    const { fake, passphrase } = setup(me({ hasPassphrase: true, locked: false }), 'purple kettle harbour')
    const settings = mount(SettingsDialog, { props: { open: true }, attachTo: document.body })
    await flushPromises()
    const submit = settings.get('[data-testid=settings-passphrase-submit]')
    expect(submit.attributes('disabled')).toBeDefined()
    await settings.get('[data-testid=settings-current-passphrase]').setValue('wrong one')
    await settings.get('[data-testid=settings-new-passphrase]').setValue('a much better one')
    await settings.get('[data-testid=settings-confirm-passphrase]').setValue('a much better one')
    await settings.get('[data-testid=passphrase-form]').trigger('submit')
    await flushPromises()
    expect(settings.get('[data-testid=settings-passphrase-error]').text()).toBe('That is not your current passphrase. Nothing was changed.')
    expect(passphrase()).toBe('purple kettle harbour')
    await settings.get('[data-testid=settings-current-passphrase]').setValue('purple kettle harbour')
    await settings.get('[data-testid=passphrase-form]').trigger('submit')
    await flushPromises()
    expect(fake.callsOf('profiles.setPassphrase').at(-1)!.input).toEqual({ profileId: 1, passphrase: 'a much better one', currentPassphrase: 'purple kettle harbour' })
    expect(passphrase()).toBe('a much better one')
  })

  it('applies the theme to the root at once and keeps it', async () => {
    const { fake } = setup(me({ hasPassphrase: true, locked: false }), 'purple kettle harbour')
    const settings = mount(SettingsDialog, { props: { open: true }, attachTo: document.body })
    await flushPromises()
    await settings.get('[data-testid=theme-dark]').setValue(true)
    await flushPromises()
    expect(document.documentElement.dataset.theme).toBe('dark')
    expect(fake.callsOf('preferences.set').map((c) => c.input)).toEqual([{ theme: 'dark' }])
    await settings.get('[data-testid=theme-light]').setValue(true)
    await flushPromises()
    expect(document.documentElement.dataset.theme).toBe('light')
  })
})
