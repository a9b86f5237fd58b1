// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Profile } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import CommandPalette from '@renderer/components/CommandPalette.vue'
import { fuzzyFilter } from '@renderer/lib/fuzzy'
import { withTriage, type Command } from '@renderer/lib/triage-actions'
import { useAppStore } from '@renderer/stores/app'
import { useInboxStore } from '@renderer/stores/inbox'
import { useTriageStore } from '@renderer/stores/triage'
import { fakeTransport } from './fake-transport'

const mira: Profile = { id: 3, name: 'Mira', role: 'supervisor' }

function commands(): Command[] {
  setActivePinia(createPinia())
  setApi(createClient(fakeTransport({}).transport))
  useAppStore().info = { version: '0', dataDir: '/tmp', profile: mira, isEmpty: false, hasDemo: false }
  const noop = vi.fn()
  const { commands: list } = withTriage({
    next: noop,
    previous: noop,
    open: noop,
    back: noop,
    reply: noop,
    goInbox: noop,
    goDone: noop,
    goChannels: noop,
    goOutbox: noop,
    goScreen: noop,
    help: noop,
  })
  useTriageStore().commands = list
  return list
}

/** The palette ranks as PickerDialog does: by label, then other names, then the group. */
const rank = (query: string, list: Command[]): string[] => fuzzyFilter(query, list, (c) => [c.label, ...(c.aliases ?? []), c.group]).map((c) => c.id)

afterEach(() => setApi(null))

describe('command palette', () => {
  it('offers every action: the approval decisions, switching profile, exporting a report, adding an account, marking spam', () => {
    const labels = commands().map((c) => c.label)
    for (const wanted of [
      'Approve the reply',
      'Edit and approve the reply',
      'Request changes to the reply',
      'Reject the reply',
      'Switch profile',
      'Export a report',
      'Add an account (connect a channel)',
      'Mark as spam',
      'Save the search as a view',
    ]) {
      expect(labels).toContain(wanted)
    }
  })

  it('ranks a prefix and a word start above scattered letters: "save" is not "Select every…"', () => {
    const list = commands()
    expect(rank('save', list)[0]).toBe('save-search')
    expect(rank('save', list).indexOf('select-all')).toBeGreaterThan(0)
    expect(rank('appr', list)[0]).toBe('approve')
    expect(rank('reject', list)[0]).toBe('reject')
    expect(rank('spam', list)[0]).toBe('spam')
    expect(rank('export', list)[0]).toBe('export-report')
    expect(rank('profile', list)[0]).toBe('switch-profile')
    // A word inside the label beats letters spread across it.
    expect(rank('changes', list)[0]).toBe('request-changes')
    // Another name finds it too.
    expect(rank('junk', list)).toEqual(['spam'])
  })

  it('switch profile opens the top bar’s profile menu; add an account opens the Channels form', async () => {
    const list = commands()
    const switcher = document.createElement('button')
    switcher.dataset.testid = 'profile-switcher'
    const clicked = vi.fn()
    switcher.addEventListener('click', clicked)
    document.body.append(switcher)
    await list.find((c) => c.id === 'switch-profile')!.run()
    expect(clicked).toHaveBeenCalledOnce()
    switcher.remove()

    await list.find((c) => c.id === 'add-account')!.run()
    expect(useAppStore().screen).toBe('channels')
  })

  it('ranks exact > prefix > word start > contains > fuzzy for any list', () => {
    const words = ['Select every loaded conversation', 'Unsaved drafts', 'Autosave', 'Save as view', 'Ask to save']
    expect(fuzzyFilter('save', words, (w) => w)).toEqual(['Save as view', 'Ask to save', 'Unsaved drafts', 'Autosave', 'Select every loaded conversation'])
    expect(fuzzyFilter('', words, (w) => w)).toEqual(words)
    expect(fuzzyFilter('zzz', words, (w) => w)).toEqual([])
  })

  it('shows a/e/c/x on the approval commands in Needs approval, and on the triage ones elsewhere', async () => {
    commands()
    const inbox = useInboxStore()
    const keysOf = (w: ReturnType<typeof mount>, label: string): string =>
      w.findAll('[role="option"]').find((o) => o.text().includes(label))?.findAll('kbd').map((k) => k.text()).join('+') ?? ''

    inbox.view = 'needs_approval'
    let w = mount(CommandPalette, { attachTo: document.body })
    await flushPromises()
    expect(keysOf(w, 'Approve the reply')).toBe('a')
    expect(keysOf(w, 'Assign…')).toBe('')
    expect(keysOf(w, 'Mark done')).toBe('')
    w.unmount()

    inbox.view = 'inbox'
    w = mount(CommandPalette, { attachTo: document.body })
    await flushPromises()
    expect(keysOf(w, 'Approve the reply')).toBe('')
    expect(keysOf(w, 'Assign…')).toBe('a')
    expect(keysOf(w, 'Mark done')).toBe('e')
    w.unmount()
  })
})
