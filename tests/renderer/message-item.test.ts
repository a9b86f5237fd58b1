// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Message } from '@shared/contract'
import MessageItem from '@renderer/components/MessageItem.vue'

const message = (patch: Partial<Message> = {}): Message => ({
  id: 1,
  remoteId: 'r1',
  parentRemoteId: null,
  direction: 'in',
  authorName: 'Sam Rivera',
  authorHandle: '@sam@social.example',
  authorProfileUrl: 'https://social.example/@sam',
  text: 'Hello <b>there</b>',
  html: null,
  createdAt: Date.now() - 3_600_000,
  permalink: 'https://social.example/@sam/1',
  isContext: false,
  deletedAt: null,
  editedAt: null,
  ...patch,
})

const render = (m: Message) => mount(MessageItem, { props: { message: m, platform: 'mastodon' } })

describe('MessageItem', () => {
  it('shows author, handle, time with an absolute title, and the permalink', () => {
    const w = render(message())
    expect(w.get('.author').text()).toBe('Sam Rivera')
    expect(w.get('.handle').text()).toBe('@sam@social.example')
    expect(w.get('time').attributes('title')).toBeTruthy()
    const link = w.get('a.permalink')
    expect(link.text()).toBe('Open on Mastodon')
    expect(link.attributes('href')).toBe('https://social.example/@sam/1')
    expect(link.attributes('target')).toBe('_blank')
    expect(link.attributes('rel')).toContain('noopener')
  })

  it('renders plain text as text, never as markup', () => {
    const w = render(message())
    expect(w.find('b').exists()).toBe(false)
    expect(w.get('.text').text()).toBe('Hello <b>there</b>')
  })

  it('never makes javascript: permalinks or profile links clickable', () => {
    const w = render(message({ permalink: 'javascript:alert(1)', authorProfileUrl: 'javascript:alert(2)' }))
    expect(w.find('a.permalink').exists()).toBe(false)
    expect(w.find('a.handle').exists()).toBe(false)
    expect(w.html()).not.toContain('javascript:')
  })

  it('marks deleted and edited messages', () => {
    const w = render(message({ deletedAt: Date.now() - 60_000, editedAt: Date.now() - 120_000 }))
    expect(w.get('[data-testid="message"]').classes()).toContain('deleted')
    expect(w.text()).toContain('Deleted on Mastodon')
    expect(w.text()).toContain('Edited')
  })

  it('marks outbound replies and internal notes', () => {
    expect(render(message({ direction: 'out' })).text()).toContain('Sent reply')
    expect(render(message({ direction: 'note' })).text()).toContain('Internal note')
  })
})
