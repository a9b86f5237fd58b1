// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createClient, setApi } from '@renderer/api/client'
import AuditTimeline from '@renderer/components/AuditTimeline.vue'
import { useAppStore } from '@renderer/stores/app'
import { fakeTransport } from './fake-transport'

const LINES = '{"id":1,"kind":"drafted"}\n{"id":2,"kind":"submitted"}\n'

function setup(exportFails = false) {
  setActivePinia(createPinia())
  const fake = fakeTransport({
    'audit.list': () => [],
    'profiles.list': () => [],
    'audit.export': () => {
      if (exportFails) throw new Error('The database is busy.')
      return { lines: LINES, count: 2 }
    },
  })
  setApi(createClient(fake.transport))
  useAppStore().info = { version: '0', dataDir: '/tmp', profile: { id: 1, name: 'Me', role: 'admin' }, isEmpty: false, hasDemo: false }
  return fake
}

afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
  setApi(null)
})

describe('AuditTimeline export', () => {
  it('downloads the conversation trail as parley-audit-<id>.jsonl and revokes the URL afterwards', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const fake = setup()
    const blobs: Blob[] = []
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (blobs.push(blob as Blob), 'blob:parley/1'))
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const clicked: { href: string; download: string; attached: boolean }[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download, attached: document.body.contains(this) })
    })

    const w = mount(AuditTimeline, { props: { conversationId: 42 }, attachTo: document.body })
    await w.get('[data-testid="audit-export"]').trigger('click')
    await flushPromises()

    expect(fake.callsOf('audit.export')).toEqual([{ op: 'audit.export', input: { conversationId: 42 } }])
    expect(create).toHaveBeenCalledTimes(1)
    expect(await blobs[0]!.text()).toBe(LINES)
    expect(clicked).toEqual([{ href: 'blob:parley/1', download: 'parley-audit-42.jsonl', attached: true }])
    expect(document.querySelector('a[download]')).toBeNull()
    expect(revoke).not.toHaveBeenCalled()
    vi.runAllTimers()
    expect(revoke).toHaveBeenCalledWith('blob:parley/1')
    w.unmount()
  })

  it('says in plain words when the export did not work', async () => {
    setup(true)
    const create = vi.spyOn(URL, 'createObjectURL')
    const w = mount(AuditTimeline, { props: { conversationId: 42 } })
    await w.get('[data-testid="audit-export"]').trigger('click')
    await flushPromises()
    expect(create).not.toHaveBeenCalled()
    expect(w.get('[role="alert"]').text()).toContain('The database is busy.')
    w.unmount()
  })
})
