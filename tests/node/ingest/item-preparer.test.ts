import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ThreadItemPreparer } from '../../../src/main/features/ingest/item-preparer'
import { prepareItems } from '../../../src/main/model/prepared-item'
import { BIDI_CONTROLS, hostile, hostileBodies } from '../../support/hostile'
import { item } from '../../support/items'

/** The preparer thread's entry in the built app (`npx electron-vite build`), as the worker is given it. */
function builtEntry(): string {
  const dir = join(process.cwd(), 'out/main/chunks')
  const name = readdirSync(dir).find((f) => f.startsWith('item-preparer-') && readFileSync(join(dir, f), 'utf8').includes('parentPort'))
  if (!name) throw new Error('no built item-preparer entry in out/main/chunks: run `npx electron-vite build` first')
  return join(dir, name)
}

/** Every hostile body and name of the corpus, as inbound items with a platform record. */
const hostileItems = () =>
  hostileBodies().map(({ id, html }, i) =>
    item({
      remoteId: `hostile-${id}`,
      html,
      text: `${hostile.texts[i % hostile.texts.length]!.value}\n\n  with   spaces `,
      author: { remoteId: `a-${i}`, handle: hostile.names[i % hostile.names.length]!.value, displayName: hostile.names[i % hostile.names.length]!.value, avatarUrl: 'javascript:alert(1)', profileUrl: 'https://example.social/@x' },
      permalink: i % 2 ? 'javascript:alert(2)' : 'https://example.social/@x/1',
      raw: { id, nested: { html }, list: [1, 2, 3] },
    }),
  )

describe('preparing items on the preparer thread', () => {
  let preparer: ThreadItemPreparer | null = null
  afterEach(async () => {
    await preparer?.close()
    preparer = null
  })

  it('gives exactly what preparing on the database thread gives, for every hostile body, name and link', async () => {
    const logged: string[] = []
    preparer = new ThreadItemPreparer(builtEntry(), (line) => logged.push(line))
    const items = hostileItems()
    const onThread = await preparer.prepare(items)
    expect(onThread).toEqual(prepareItems(items))
    // Nothing fell back to this thread.
    expect(logged).toEqual([])
    for (const p of onThread) {
      expect(p.html ?? '').not.toMatch(/<script|onerror|onclick|javascript:/i)
      expect(p.author.displayName).not.toMatch(BIDI_CONTROLS)
      expect(p.author.avatarUrl).toBeNull()
      expect(p.raw).toBeUndefined()
      expect(JSON.parse(p.rawJson!)).toMatchObject({ list: [1, 2, 3] })
      expect(p.preview).not.toMatch(/\s{2}|\n/)
    }
  })

  it('keeps answers apart when several batches are in flight at once', async () => {
    preparer = new ThreadItemPreparer(builtEntry(), () => {})
    const batches = Array.from({ length: 8 }, (_, b) => Array.from({ length: 25 }, (_, i) => item({ remoteId: `b${b}-${i}`, html: `<p>batch ${b} item ${i}</p>` })))
    const answers = await Promise.all(batches.map((batch) => preparer!.prepare(batch)))
    answers.forEach((answer, b) => expect(answer.map((p) => p.remoteId)).toEqual(batches[b]!.map((i) => i.remoteId)))
    expect(answers[3]![7]!.html).toBe('<p>batch 3 item 7</p>')
  })

  it('prepares here, and says so, an item that cannot travel to the thread', async () => {
    const logged: string[] = []
    preparer = new ThreadItemPreparer(builtEntry(), (line) => logged.push(line))
    // A function cannot be posted between threads; a connector's raw record should never hold one, but if it does the item still goes in.
    const odd = item({ html: '<p>fine<script>x()</script></p>', raw: { toJSON: () => ({ kept: true }), call: () => 1 } })
    const [prepared] = await preparer.prepare([odd])
    expect(prepared!.html).toBe('<p>fine</p>')
    expect(prepared!.rawJson).toBe('{"kept":true}')
    expect(logged.join('\n')).toMatch(/preparing 1 item\(s\) on the database thread instead/)
  })

  it('prepares here when the thread cannot start, and keeps working', async () => {
    const logged: string[] = []
    preparer = new ThreadItemPreparer(join(process.cwd(), 'out/main/chunks/no-such-preparer.js'), (line) => logged.push(line))
    const items = [item({ html: '<p>a<img src=x onerror=alert(1)></p>' }), item({ html: null })]
    expect(await preparer.prepare(items)).toEqual(prepareItems(items))
    expect(await preparer.prepare(items)).toEqual(prepareItems(items))
    expect(logged.length).toBeGreaterThan(0)
  })
})
