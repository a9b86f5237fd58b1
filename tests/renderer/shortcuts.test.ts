// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { createShortcutDispatcher, type ShortcutHandlers } from '@renderer/lib/shortcuts'

function setup() {
  const handlers = {
    next: vi.fn(),
    previous: vi.fn(),
    open: vi.fn(),
    back: vi.fn(),
    reply: vi.fn(),
    goInbox: vi.fn(),
    goDone: vi.fn(),
    goChannels: vi.fn(),
    help: vi.fn(),
  } satisfies ShortcutHandlers
  const dispatch = createShortcutDispatcher(handlers)
  const press = (key: string, target: EventTarget = document.body, init: KeyboardEventInit = {}) => {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })
    Object.defineProperty(event, 'target', { value: target })
    return dispatch(event)
  }
  return { handlers, press }
}

describe('keyboard shortcuts', () => {
  it('maps j/k/Enter/r/? to their actions', () => {
    const { handlers, press } = setup()
    press('j')
    press('k')
    press('Enter')
    press('r')
    press('?')
    expect(handlers.next).toHaveBeenCalledOnce()
    expect(handlers.previous).toHaveBeenCalledOnce()
    expect(handlers.open).toHaveBeenCalledOnce()
    expect(handlers.reply).toHaveBeenCalledOnce()
    expect(handlers.help).toHaveBeenCalledOnce()
  })

  it('handles the g then i / g then d / g then c sequences', () => {
    const { handlers, press } = setup()
    press('g')
    press('i')
    press('g')
    press('d')
    press('d')
    press('c')
    press('g')
    press('c')
    expect(handlers.goInbox).toHaveBeenCalledOnce()
    expect(handlers.goDone).toHaveBeenCalledOnce()
    expect(handlers.goChannels).toHaveBeenCalledOnce()
  })

  it('never fires while typing in a field, except Esc to get back to the list', () => {
    const { handlers, press } = setup()
    const textarea = document.createElement('textarea')
    const input = document.createElement('input')
    expect(press('j', textarea)).toBe(false)
    expect(press('r', input)).toBe(false)
    expect(press('?', textarea)).toBe(false)
    expect(handlers.next).not.toHaveBeenCalled()
    expect(handlers.reply).not.toHaveBeenCalled()
    expect(press('Escape', textarea)).toBe(true)
    expect(handlers.back).toHaveBeenCalledOnce()
  })

  it('stays out of the way while a modal dialog is open', () => {
    const { handlers, press } = setup()
    const dialog = document.createElement('dialog')
    dialog.setAttribute('open', '')
    document.body.append(dialog)
    expect(press('j')).toBe(false)
    expect(press('g')).toBe(false)
    expect(press('c')).toBe(false)
    expect(press('Escape')).toBe(false)
    dialog.remove()
    expect(handlers.next).not.toHaveBeenCalled()
    expect(handlers.goChannels).not.toHaveBeenCalled()
    expect(handlers.back).not.toHaveBeenCalled()
  })

  it('leaves Ctrl/Cmd combinations and Enter on buttons alone', () => {
    const { handlers, press } = setup()
    expect(press('j', document.body, { ctrlKey: true })).toBe(false)
    expect(press('Enter', document.createElement('button'))).toBe(false)
    expect(handlers.next).not.toHaveBeenCalled()
    expect(handlers.open).not.toHaveBeenCalled()
  })
})
