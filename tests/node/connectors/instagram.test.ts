import { afterEach, describe, expect, it } from 'vitest'
import type { OutboundReply } from '../../../src/main/model/connector'
import { instagramConnector as connector } from '../../../src/main/features/connectors/instagram'
import type { MetaFake } from '../../../src/main/features/connectors/meta/fake-server'
import { ParleyError } from '../../../src/shared/contract'
import { clock, contextFor, failure, HOUR, http, metaFake, since, type TestClock } from './meta-test-kit'

const open: MetaFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

async function setup(): Promise<{ f: MetaFake; c: TestClock }> {
  const c = clock()
  const f = await metaFake(c)
  open.push(f)
  return { f, c }
}

const question = (f: MetaFake, text: string): string => [...f.state.igComments.values()].find((x) => x.text === text)!.id

describe('Instagram: connecting', () => {
  it("connects the Instagram account linked to the chosen Page, with that Page's token", async () => {
    const { f } = await setup()
    const result = await connector.connect({ appId: f.appId, accessToken: f.userToken, page: 'Lumen Bikes', apiBase: f.url }, http)
    expect(result.seed).toEqual({ platform: 'instagram', displayName: 'Lumen Bikes', handle: '@lumenbikes', baseUrl: f.url })
    expect(result.settings).toMatchObject({ pageId: f.cast.pageId, igUserId: f.cast.igId, igUsername: 'lumenbikes' })
    expect(result.secrets.pageToken).toBe(f.state.pages.get(f.cast.pageId)!.token)
  })

  it('says so when the Page has no Instagram account linked, or the sign-in left out an Instagram permission', async () => {
    const { f } = await setup()
    const none = await failure(connector.connect({ appId: f.appId, accessToken: f.userToken, page: 'Lumen Repairs', apiBase: f.url }, http))
    expect((none as Error).message).toMatch(/"Lumen Repairs" has no Instagram professional account linked/)
    f.granted.delete('instagram_manage_comments')
    const missing = await failure(connector.connect({ appId: f.appId, accessToken: f.userToken, page: 'Lumen Bikes', apiBase: f.url }, http))
    expect((missing as ParleyError).code).toBe('unauthorized')
    expect((missing as Error).message).toMatch(/instagram_manage_comments/)
  })
})

describe('Instagram: polling', () => {
  it('brings in comments with their replies (one call per media), the media as context, and the cursor moves on', async () => {
    const { f, c } = await setup()
    const ctx = contextFor(f, c, 'instagram')
    const result = await connector.poll('comments', null, ctx, since(c))
    const media = result.items.find((i) => i.remoteId === f.cast.launchMediaId)!
    expect(media).toMatchObject({ isContext: true, text: 'The Commuter, in Night Blue.' })
    const rows = result.items.filter((i) => !i.isContext).map((i) => [i.text, i.direction, i.author.handle])
    expect(rows).toEqual(
      expect.arrayContaining([
        ['Is Night Blue in stock?', 'in', '@ines.rides'],
        ['From next week!', 'out', '@lumenbikes'],
        ['@lumenbikes what is the range in winter?', 'in', '@tomas_r'],
      ]),
    )
    const reply = result.items.find((i) => i.text === 'From next week!')!
    expect(reply.parentRemoteId).toBe(question(f, 'Is Night Blue in stock?'))
    expect(f.requests.filter((r) => r.path.endsWith('/replies'))).toHaveLength(0)
    expect(f.requests.find((r) => r.path.endsWith(`${f.cast.launchMediaId}/comments`))!.query.get('fields')).toContain('replies.limit(50){')

    c.t += HOUR
    f.addIgComment({ mediaId: f.cast.launchMediaId, fromIgId: f.cast.priya.igId, text: 'Love it' })
    const next = await connector.poll('comments', result.nextCursor, ctx, since(c))
    expect(next.items.filter((i) => !i.isContext).map((i) => i.text)).toEqual(['Love it'])
  })

  it('says so (a gap) when a media has more new comments than one poll reads', async () => {
    const { f, c } = await setup()
    for (let n = 0; n < 260; n++) f.addIgComment({ mediaId: f.cast.launchMediaId, fromIgId: f.cast.tomas.igId, text: `many ${n}`, at: c.now() - n * 1000 })
    const result = await connector.poll('comments', null, contextFor(f, c, 'instagram'), since(c))
    expect(result.gap).toBe(true)
    expect(result.items.filter((i) => i.text.startsWith('many '))).toHaveLength(250)
    // Once nothing new is past the budget, a long comment list is no gap.
    const calm = await connector.poll('comments', result.nextCursor, contextFor(f, c, 'instagram'), since(c))
    expect(calm.gap).toBe(false)
    expect(calm.items).toEqual([])
  })

  it('brings in media that tags the account as mentions, and direct messages', async () => {
    const { f, c } = await setup()
    const ctx = contextFor(f, c, 'instagram')
    const mentions = await connector.poll('mentions', null, ctx, since(c))
    expect(mentions.items.map((i) => [i.kind, i.direction, i.author.handle, i.text])).toEqual([['mention', 'in', '@priya.cycles', 'First ride on my new @lumenbikes']])
    const dms = await connector.poll('messages', null, ctx, since(c))
    expect(dms.items.map((i) => [i.conversationKey, i.direction, i.author.handle, i.text])).toEqual([[`dm:${f.cast.igThreadId}`, 'in', '@priya.cycles', 'Do you ship to Portugal?']])
    expect(f.requests.find((r) => r.path.endsWith('/conversations'))!.query.get('platform')).toBe('instagram')
  })
})

describe('Instagram: replying exactly once', () => {
  it('replies under the top-level comment with the approved text, and reconcile finds it after an unknown outcome', async () => {
    const { f, c } = await setup()
    const ctx = contextFor(f, c, 'instagram')
    const top = question(f, '@lumenbikes what is the range in winter?')
    const reply: OutboundReply = { text: 'About 60 km below 0 °C ❄️ — @tomas_r', inReplyTo: top, conversationKey: `media:${f.cast.launchMediaId}`, kind: 'comment' }
    expect(await connector.reconcile(reply, 'k1', ctx)).toEqual({ state: 'not_sent' })
    f.fault((r) => r.method === 'POST' && r.path.endsWith('/replies'), { kind: 'reset', at: 'mid-body' })
    await expect(connector.send(reply, 'k1', ctx)).rejects.toThrow()
    const posted = [...f.state.igComments.values()].filter((x) => x.text === reply.text)
    expect(posted).toHaveLength(1)
    expect(posted[0]!.parentId).toBe(top)
    expect(await connector.reconcile(reply, 'k1', ctx)).toMatchObject({ state: 'sent', remoteId: posted[0]!.id })
  })

  it('a reply to a reply goes to its top-level comment (Instagram threads are one deep)', async () => {
    const { f, c } = await setup()
    const ctx = contextFor(f, c, 'instagram')
    const nested = question(f, 'From next week!')
    const sent = await connector.send({ text: 'Pre-orders open now', inReplyTo: nested, conversationKey: `media:${f.cast.launchMediaId}`, kind: 'comment' }, 'k2', ctx)
    expect(f.state.igComments.get(sent.remoteId)).toMatchObject({ parentId: question(f, 'Is Night Blue in stock?'), text: 'Pre-orders open now', fromIgId: f.cast.igId })
  })

  it('answers a direct message through the Send API inside the window', async () => {
    const { f, c } = await setup()
    const ctx = contextFor(f, c, 'instagram')
    const reply: OutboundReply = { text: 'Yes, 3–5 days to Portugal.', inReplyTo: 'm_1', conversationKey: `dm:${f.cast.igThreadId}`, kind: 'dm' }
    const sent = await connector.send(reply, 'k3', ctx)
    expect(f.state.messages.get(sent.remoteId)).toMatchObject({ text: reply.text, fromPage: true, threadId: f.cast.igThreadId })
    const form = new URLSearchParams(f.requests.find((r) => r.method === 'POST' && r.path.endsWith('/messages'))!.body)
    expect(JSON.parse(form.get('recipient')!)).toEqual({ id: f.cast.priya.igId })
    expect(await connector.reconcile(reply, 'k3', ctx)).toMatchObject({ state: 'sent', remoteId: sent.remoteId })
    c.t += 25 * HOUR
    await expect(connector.send({ ...reply, text: 'Anything else?' }, 'k4', ctx)).rejects.toThrow(/24 hours/)
  })

  it("refuses to answer someone else's post that mentions the account, in plain words", async () => {
    const { f, c } = await setup()
    const error = await failure(connector.send({ text: 'Thanks!', inReplyTo: 'x', conversationKey: 'media:x', kind: 'mention' }, 'k', contextFor(f, c, 'instagram')))
    expect((error as Error).message).toMatch(/not a post itself/)
  })
})

describe('Instagram: moderation and errors', () => {
  it('hides and deletes a comment; ban is refused in plain words', async () => {
    const { f, c } = await setup()
    const ctx = contextFor(f, c, 'instagram')
    const id = question(f, '@lumenbikes what is the range in winter?')
    await connector.moderate({ kind: 'hide', remoteId: id, conversationKey: `media:${f.cast.launchMediaId}` }, ctx)
    expect(f.state.igComments.get(id)!.hidden).toBe(true)
    await connector.moderate({ kind: 'delete', remoteId: id }, ctx)
    expect(f.state.igComments.has(id)).toBe(false)
    await expect(connector.moderate({ kind: 'block', authorRemoteId: f.cast.tomas.igId }, ctx)).rejects.toThrow(/cannot restrict or block/)
  })

  it('a missing Instagram permission names it; an expired token asks for reconnecting', async () => {
    const { f, c } = await setup()
    const ctx = contextFor(f, c, 'instagram')
    f.granted.delete('instagram_manage_messages')
    const cls = connector.classifyError(await failure(connector.poll('messages', null, ctx, since(c))), c.now())
    expect(cls).toMatchObject({ kind: 'reauth', message: expect.stringMatching(/"instagram_manage_messages" permission/) })
    f.expire(ctx.account.secrets.pageToken!)
    expect(connector.classifyError(await failure(connector.poll('comments', null, ctx, since(c))), c.now()).kind).toBe('reauth')
  })
})
