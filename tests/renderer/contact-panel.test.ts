// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createClient, setApi } from '@renderer/api/client'
import ContactPanel from '@renderer/components/ContactPanel.vue'
import { fakeTransport } from './fake-transport'

const detail = {
  contact: { id: 5, displayName: 'sprocket', notes: '', mergedInto: null, createdAt: 0 },
  identities: [],
  conversations: [],
  merges: [],
}

describe('the contact drawer', () => {
  let appSawEscape: KeyboardEvent[]
  const appShortcuts = (event: KeyboardEvent): void => {
    // Stands in for the app's shortcut dispatcher, which ignores keys already handled.
    if (event.key === 'Escape' && !event.defaultPrevented) appSawEscape.push(event)
  }

  beforeEach(() => {
    setActivePinia(createPinia())
    setApi(createClient(fakeTransport({ 'contacts.get': () => detail }).transport))
    appSawEscape = []
    window.addEventListener('keydown', appShortcuts)
  })
  afterEach(() => window.removeEventListener('keydown', appShortcuts))

  it('closes on Esc before the app takes Esc to the list, even from its notes field', async () => {
    const w = mount(ContactPanel, { props: { contactId: 5 }, attachTo: document.body })
    await flushPromises()
    expect(w.get('#contact-title').text()).toBe('sprocket')
    w.get('textarea').element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }))
    expect(w.emitted('close')).toHaveLength(1)
    expect(appSawEscape).toHaveLength(0)
    w.unmount()
    // Once it is gone, Esc belongs to the app again.
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }))
    expect(appSawEscape).toHaveLength(1)
  })
})
