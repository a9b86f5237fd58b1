import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { runCli } from '../../../src/main/hosts/cli/main'
import { conversationExportSchema } from '../../../src/shared/contract'
import { exportWorkspace } from '../../support/export-workspace'

const ctx = { version: '9.9.9', rendererDir: '/nonexistent', workerEntry: '/nonexistent/worker.js' }

describe('parley export conversation', () => {
  let f: Awaited<ReturnType<typeof exportWorkspace>>
  let output: string[]
  let errors: string[]
  beforeAll(async () => {
    f = await exportWorkspace()
    const view = await f.call('savedViews.create', { name: 'Direct messages', query: 'kind:dm' })
    if (!view.ok) throw new Error(view.error.message)
    await f.ws.close()
  })
  afterAll(() => f.cleanup())
  beforeEach(() => {
    output = []
    errors = []
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (output.push(String(s)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (errors.push(String(s)), true))
  })
  afterEach(() => vi.restoreAllMocks())

  const run = (...args: string[]): Promise<number> => runCli(['export', 'conversation', '--data-dir', f.dataDir, ...args], ctx)

  it('writes the three formats, readable by the owner only, and prints their paths', async () => {
    const out = join(f.dir, 'out', 'one')
    expect(await run(String(f.id), '--format', 'html,pdf,json', '--out', out)).toBe(0)
    const names = [`parley-conversation-${f.id}.html`, `parley-conversation-${f.id}.json`, `parley-conversation-${f.id}.pdf`]
    expect(readdirSync(out).sort()).toEqual(names)
    for (const name of names) {
      expect(statSync(join(out, name)).mode & 0o777).toBe(0o600)
      expect(output.join('')).toContain(join(out, name))
    }
    expect(readFileSync(join(out, names[2]!)).subarray(0, 5).toString()).toBe('%PDF-')
    const doc = conversationExportSchema.parse(JSON.parse(readFileSync(join(out, names[1]!), 'utf8')))
    expect(doc.messages.some((m) => m.internal)).toBe(true)
  })

  it('--no-notes leaves the internal notes out', async () => {
    const out = join(f.dir, 'out', 'no-notes')
    expect(await run(String(f.id), '--format', 'json', '--no-notes', '--out', out)).toBe(0)
    const doc = conversationExportSchema.parse(JSON.parse(readFileSync(join(out, `parley-conversation-${f.id}.json`), 'utf8')))
    expect(doc.includesInternalNotes).toBe(false)
    expect(doc.messages.some((m) => m.internal)).toBe(false)
  })

  it('exports every conversation of a saved view with an index', async () => {
    const out = join(f.dir, 'out', 'view')
    expect(await run('--view', 'direct MESSAGES', '--format', 'json,html', '--out', out)).toBe(0)
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { view: string; conversations: { id: number; files: string[] }[] }
    expect(index.view).toBe('Direct messages')
    expect(index.conversations).toEqual([{ id: f.long, title: 'Many messages', files: [`parley-conversation-${f.long}.json`, `parley-conversation-${f.long}.html`] }])
    expect(readdirSync(out).sort()).toEqual(['index.html', 'index.json', `parley-conversation-${f.long}.html`, `parley-conversation-${f.long}.json`])
    expect(statSync(join(out, 'index.html')).mode & 0o777).toBe(0o600)
    expect(errors.join('')).toContain('Exported 1 conversation of "Direct messages".')
    // Progress goes to stderr; stdout keeps only the paths.
    expect(errors.join('')).toContain('Exporting "Direct messages": 1 / 1 (100%)')
    expect(output.join('')).not.toContain('Exporting')
  })

  it('refuses bad input with exit code 2 and a plain message, writing nothing', async () => {
    const out = join(f.dir, 'out', 'bad')
    expect(await run('abc', '--out', out)).toBe(2)
    expect(errors.join('')).toContain('"abc" is not a conversation ID')
    expect(await run(String(f.id), '--format', 'csv', '--out', out)).toBe(2)
    expect(errors.join('')).toContain('--format must be html, pdf or json')
    expect(await run('--out', out)).toBe(2)
    expect(errors.join('')).toContain('Say which conversation')
    expect(await run(String(f.id))).toBe(2)
    expect(errors.join('')).toContain('--out DIR')
    expect(await run('9999', '--out', out)).toBe(2)
    expect(errors.join('')).toMatch(/Conversation 9999/)
    expect(await run('--view', 'Nope', '--out', out)).toBe(2)
    expect(errors.join('')).toContain('There is no saved view called "Nope"')
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
  })
})
