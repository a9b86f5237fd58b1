// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Message } from '@shared/contract'
import MessageItem from '@renderer/components/MessageItem.vue'
import { splitQuoted } from '@renderer/lib/quoted'

const REPLY = [
  'Thanks, the new pedal arrived and it works.',
  '',
  'Hana',
  '',
  'On Tue, 3 Dec 2026 at 10:02, Lumen Support <support@brand.test> wrote:',
  '> Hi Hana,',
  '>',
  '> we are sending a new pedal today.',
  '>> My pedal broke after a week.',
].join('\n')

describe('quoted history', () => {
  it('folds the quote at the end from its attribution line on', () => {
    expect(splitQuoted(REPLY)).toEqual({
      body: 'Thanks, the new pedal arrived and it works.\n\nHana',
      quoted: REPLY.split('\n').slice(4).join('\n'),
    })
  })

  it('folds an attribution wrapped over two lines, and Outlook\'s original message', () => {
    const wrapped = 'Yes please.\n\nOn Tue, 3 Dec 2026 at 10:02, Lumen Support\n<support@brand.test> wrote:\n> Shall we send a new one?\n'
    expect(splitQuoted(wrapped).body).toBe('Yes please.')
    expect(splitQuoted(wrapped).quoted).toMatch(/^On Tue/)
    const outlook = 'Yes please.\n\n-----Original Message-----\nFrom: Lumen Support\nSent: Tuesday\n\nShall we send a new one?'
    expect(splitQuoted(outlook)).toEqual({ body: 'Yes please.', quoted: outlook.split('\n').slice(2).join('\n') })
  })

  it('leaves alone answers between the lines, a short bare quote, a message that is all quote, and plain text', () => {
    const inline = '> Which size?\nLarge.\n> Which colour?\nBlue.'
    expect(splitQuoted(inline)).toEqual({ body: inline, quoted: null })
    expect(splitQuoted('I think so.\n> ship it')).toEqual({ body: 'I think so.\n> ship it', quoted: null })
    const allQuote = 'On Monday, Sam wrote:\n> a\n> b\n> c'
    expect(splitQuoted(allQuote)).toEqual({ body: allQuote, quoted: null })
    expect(splitQuoted('Just text.\nTwo lines.')).toEqual({ body: 'Just text.\nTwo lines.', quoted: null })
  })

  it('shows the new text and folds the quote behind a disclosure, as text', () => {
    const message: Message = {
      id: 1,
      remoteId: 'r1',
      parentRemoteId: null,
      direction: 'in',
      authorName: 'Hana',
      authorHandle: 'hana@customer.test',
      authorProfileUrl: null,
      text: `${REPLY}\n> <img src=x onerror=alert(1)>`,
      html: null,
      createdAt: Date.now(),
      permalink: null,
      isContext: false,
      deletedAt: null,
      editedAt: null,
    }
    const w = mount(MessageItem, { props: { message, platform: 'email' } })
    expect(w.get('.body > .text').text()).toBe('Thanks, the new pedal arrived and it works.\n\nHana')
    const fold = w.get('[data-testid="quoted-history"]')
    expect(fold.element.hasAttribute('open')).toBe(false)
    expect(fold.get('summary').text()).toBe('Quoted text')
    expect(fold.get('.text').text()).toContain('> we are sending a new pedal today.')
    expect(fold.find('img').exists()).toBe(false)
  })
})
