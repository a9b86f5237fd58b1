// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createClient, setApi } from '@renderer/api/client'
import ConversationExport from '@renderer/components/ConversationExport.vue'
import { fakeTransport } from './fake-transport'

const PDF_BYTES = '%PDF-1.3 fake'

function setup(fails = false) {
  setActivePinia(createPinia())
  const fake = fakeTransport({
    'conversations.export': (input) => {
      if (fails) throw new Error('Conversation 7 does not exist.')
      const { id, format } = input as { id: number; format: string }
      const name = `parley-conversation-${id}.${format}`
      return format === 'pdf'
        ? { files: [{ name, mediaType: 'application/pdf', encoding: 'base64', content: btoa(PDF_BYTES) }] }
        : { files: [{ name, mediaType: format === 'html' ? 'text/html' : 'application/json', encoding: 'utf8', content: `${format} body` }] }
    },
  })
  setApi(createClient(fake.transport))
  const blobs: Blob[] = []
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (blobs.push(blob as Blob), `blob:parley/${blobs.length}`))
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
  const clicked: string[] = []
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this.download)
  })
  return { fake, blobs, clicked }
}

afterEach(() => {
  vi.restoreAllMocks()
  setApi(null)
})

describe('conversation export menu', () => {
  it('downloads each chosen format through conversations.export, notes included by default', async () => {
    const { fake, blobs, clicked } = setup()
    const w = mount(ConversationExport, { props: { conversationId: 7 }, attachTo: document.body })
    await w.get('[data-testid="export-format-pdf"]').setValue(true)
    await w.get('[data-testid="export-format-json"]').setValue(true)
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(fake.callsOf('conversations.export').map((c) => c.input)).toEqual([
      { id: 7, format: 'html', includeNotes: true },
      { id: 7, format: 'pdf', includeNotes: true },
      { id: 7, format: 'json', includeNotes: true },
    ])
    expect(clicked).toEqual(['parley-conversation-7.html', 'parley-conversation-7.pdf', 'parley-conversation-7.json'])
    // The PDF arrives as bytes, not as its base64 text.
    expect(await blobs[1]!.text()).toBe(PDF_BYTES)
    expect(blobs[1]!.type).toBe('application/pdf')
    expect(w.get('[role="status"]').text()).toContain('parley-conversation-7.pdf')
    w.unmount()
  })

  it('leaves internal notes out when unticked, and cannot run with no format', async () => {
    const { fake } = setup()
    const w = mount(ConversationExport, { props: { conversationId: 7 } })
    await w.get('[data-testid="export-include-notes"]').setValue(false)
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(fake.callsOf('conversations.export').map((c) => c.input)).toEqual([{ id: 7, format: 'html', includeNotes: false }])
    await w.get('[data-testid="export-format-html"]').setValue(false)
    expect(w.get('[data-testid="export-run"]').attributes('disabled')).toBeDefined()
    w.unmount()
  })

  it('says in plain words when the export failed', async () => {
    const { clicked } = setup(true)
    const w = mount(ConversationExport, { props: { conversationId: 7 } })
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(clicked).toEqual([])
    expect(w.get('[role="alert"]').text()).toContain('Conversation 7 does not exist.')
    w.unmount()
  })
})
