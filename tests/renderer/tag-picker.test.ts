// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import { createClient, setApi } from '@renderer/api/client'
import TagPicker from '@renderer/components/TagPicker.vue'
import { useTriageStore } from '@renderer/stores/triage'
import { fakeTransport } from './fake-transport'

describe('the tag picker', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setApi(createClient(fakeTransport({ 'tags.list': () => [] }).transport))
  })

  it('with no tags yet and nothing typed, says how to make one instead of “Nothing matches ""”', async () => {
    const w = mount(TagPicker, { props: { ids: [1] }, attachTo: document.body })
    await flushPromises()
    const none = w.get('[data-testid="picker-none"]').text()
    expect(none).toBe('No tags yet. Type a name and press Enter to create one.')
    expect(none).not.toContain('Nothing matches')
    await w.get('input').setValue('refund')
    expect(w.findAll('[data-testid="picker-option"]').map((o) => o.text())).toEqual(['Create tag “refund”'])
    w.unmount()
  })

  it('lists every tag on empty input', async () => {
    useTriageStore().tags = [
      { id: 1, name: 'refund', color: '#e03131', count: 3 },
      { id: 2, name: 'vip', color: '#1c7ed6', count: 1 },
    ]
    const w = mount(TagPicker, { props: { ids: [1] }, attachTo: document.body })
    await flushPromises()
    expect(w.findAll('[data-testid="picker-option"]').map((o) => o.text())).toEqual(['refund', 'vip'])
    expect(w.find('[data-testid="picker-none"]').exists()).toBe(false)
    w.unmount()
  })
})
