// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Message } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import MessageItem from '@renderer/components/MessageItem.vue'
import { fakeTransport } from './fake-transport'

const message = (patch: Partial<Message> = {}): Message => ({
  id: 41,
  remoteId: 'files-1@customer.test',
  parentRemoteId: null,
  direction: 'in',
  authorName: 'Hana Customer',
  authorHandle: 'customer@customer.test',
  authorProfileUrl: null,
  text: 'Here are the photos.',
  html: null,
  createdAt: Date.now() - 60_000,
  permalink: null,
  isContext: false,
  deletedAt: null,
  editedAt: null,
  ...patch,
})

const FILES = [
  { name: 'photo.jpg', type: 'image/jpeg', size: 300_000 },
  { name: '<b>invoice</b>.pdf', type: 'application/pdf', size: 2_048 },
]

function setup(fails = false) {
  setActivePinia(createPinia())
  const fake = fakeTransport({
    'messages.attachment': (input) => {
      if (fails) throw new Error('This mail is no longer in the folders Parley reads.')
      const { index } = input as { messageId: number; index: number }
      return { name: index === 0 ? 'photo.jpg' : '_b_invoice__b_.pdf', mediaType: 'application/octet-stream', encoding: 'base64', content: btoa(`bytes of ${index}`) }
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

describe('attachments of a message', () => {
  it('lists each file as text with a Save button that downloads it through messages.attachment', async () => {
    const { fake, blobs, clicked } = setup()
    const w = mount(MessageItem, { props: { message: message({ attachments: FILES }), platform: 'email' }, attachTo: document.body })
    const rows = w.findAll('[data-testid="attachment"]')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.text()).toContain('photo.jpg')
    expect(rows[0]!.text()).toContain('image/jpeg · 293 KB')
    // A name is channel content: shown as text, never as markup.
    expect(rows[1]!.get('.name').text()).toBe('<b>invoice</b>.pdf')
    expect(rows[1]!.find('b').exists()).toBe(false)

    await rows[1]!.get('[data-testid="attachment-save"]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('messages.attachment').map((c) => c.input)).toEqual([{ messageId: 41, index: 1 }])
    expect(clicked).toEqual(['_b_invoice__b_.pdf'])
    // The bytes arrive as bytes, typed as a plain download whatever the sender declared.
    expect(await blobs[0]!.text()).toBe('bytes of 1')
    expect(blobs[0]!.type).toBe('application/octet-stream')
    w.unmount()
  })

  it('shows no attachment list for a message without files', () => {
    setup()
    const w = mount(MessageItem, { props: { message: message(), platform: 'email' } })
    expect(w.find('[data-testid="attachments"]').exists()).toBe(false)
    w.unmount()
  })

  it('says in plain words when the file could not be fetched, and downloads nothing', async () => {
    const { clicked } = setup(true)
    const w = mount(MessageItem, { props: { message: message({ attachments: FILES }), platform: 'email' } })
    await w.get('[data-testid="attachment-save"]').trigger('click')
    await flushPromises()
    expect(clicked).toEqual([])
    expect(w.get('[role="alert"]').text()).toContain('no longer in the folders Parley reads')
    w.unmount()
  })
})
