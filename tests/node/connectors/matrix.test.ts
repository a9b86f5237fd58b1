// The Matrix connector against a real Synapse (tests/support/synapse.ts): scripts/synapse-rootfs.sh
// builds a Debian sid root filesystem with matrix-synapse once (scripts/setup.sh runs it), and
// startSynapse() runs `chroot <rootfs> python3 -m synapse.app.homeserver` on 127.0.0.1 and a free
// port with SQLite in a temporary folder, registers users with the shared secret, and stops it after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient, HttpError } from '../../../src/main/base/http'
import type { ConnectorContext, OutboundReply, PollResult } from '../../../src/main/model/connector'
import { matrixConnector as connector, matrixManifest } from '../../../src/main/features/connectors/matrix'
import { connectorManifestSchema, ParleyError } from '../../../src/shared/contract'
import { startSynapse, synapseMissing, type Synapse, type SynapseClient } from '../../support/synapse'

const http = createHttpClient('Parley-test')
const missing = synapseMissing()
const HOUR = 3_600_000

describe.skipIf(missing)('Matrix connector against a real Synapse', () => {
  let server: Synapse
  let ines: SynapseClient
  let inesId: string
  let lumenId: string
  let support: string
  let ctx: ConnectorContext
  let cursor: string | null = null

  const clock = { now: () => Date.now() }
  const poll = async (): Promise<PollResult> => {
    const r = await connector.poll('sync', cursor, ctx, { backfillSince: Date.now() - HOUR })
    cursor = r.nextCursor ?? cursor
    return r
  }

  beforeAll(async () => {
    server = await startSynapse()
    lumenId = await server.register('lumen', 'lumen-password-1')
    inesId = await server.register('ines', 'ines-password-2')
    ines = server.client((await server.login('ines', 'ines-password-2')).accessToken)
    // The brand's account owns the support room (power level 100: it may redact, kick and ban).
    const lumen = server.client((await server.login('lumen', 'lumen-password-1')).accessToken)
    support = await lumen.createRoom({ room_alias_name: 'support', preset: 'public_chat', name: 'Lumen support' })
    await ines.join(support)
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
  })

  it('has a manifest the contract accepts', () => {
    expect(connectorManifestSchema.parse(matrixManifest).id).toBe('matrix')
    expect(matrixManifest.connect.fields.filter((f) => f.secret).map((f) => f.name)).toEqual(['password', 'accessToken'])
  })

  it('signs in with a password as a new device, keeps its id and resolves the picked room alias', async () => {
    const result = await connector.connect({ homeserver: `${server.url}/`, user: 'lumen', password: 'lumen-password-1', rooms: '#support:parley.test' }, http)
    expect(result.seed).toEqual({ platform: 'matrix', displayName: 'lumen', handle: lumenId, baseUrl: server.url })
    expect(Object.keys(result.secrets)).toEqual(['accessToken'])
    expect(result.settings).toMatchObject({ userId: lumenId, rooms: [support] })
    expect(result.settings.deviceId).toMatch(/^[A-Z]{10}$/)
    // The token works and belongs to that device.
    const who = await server.client(result.secrets.accessToken!).call<{ device_id: string }>('GET', '/_matrix/client/v3/account/whoami')
    expect(who.device_id).toBe(result.settings.deviceId)
    ctx = {
      http,
      clock,
      account: { id: 1, baseUrl: server.url, handle: lumenId, settings: result.settings, secrets: result.secrets },
      saveSecrets: async () => undefined,
      saveSettings: async () => undefined,
    }
  })

  it('accepts an access token instead, and says plainly when a password or token is wrong', async () => {
    const result = await connector.connect({ homeserver: server.url, accessToken: ctx.account.secrets.accessToken }, http)
    expect(result.settings).toMatchObject({ userId: lumenId, deviceId: ctx.account.settings.deviceId })
    await expect(connector.connect({ homeserver: server.url, user: 'lumen', password: 'wrong' }, http)).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/refused the user name or password/),
    })
    await expect(connector.connect({ homeserver: server.url, accessToken: 'syt_not_a_token' }, http)).rejects.toMatchObject({ code: 'unauthorized' })
    await expect(connector.connect({ homeserver: server.url, user: 'lumen' }, http)).rejects.toMatchObject({ code: 'bad_input' })
    await expect(connector.connect({ homeserver: server.url, user: 'lumen', password: 'lumen-password-1', rooms: 'support' }, http)).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/is not a Matrix room/),
    })
  })

  it('sees room messages, mentions and threads, each where it belongs', async () => {
    await poll()
    const hello = await ines.send(support, { msgtype: 'm.text', body: 'Does the Lumen 3 fit a child seat?' })
    const mention = await ines.send(support, { msgtype: 'm.text', body: `${lumenId} any news on the recall?`, 'm.mentions': { user_ids: [lumenId] } })
    const inThread = await ines.send(support, { msgtype: 'm.text', body: 'Same question here', 'm.relates_to': { rel_type: 'm.thread', event_id: hello, is_falling_back: true, 'm.in_reply_to': { event_id: hello } } })
    const r = await poll()
    const byEvent = (id: string) => r.items.find((i) => i.remoteId === `${support}/${id}`)
    expect(byEvent(hello)).toMatchObject({ kind: 'comment', conversationKey: support, direction: 'in', text: 'Does the Lumen 3 fit a child seat?', author: { remoteId: inesId, handle: inesId, displayName: 'ines' } })
    expect(byEvent(mention)).toMatchObject({ kind: 'mention', conversationKey: `${support}/${mention}` })
    expect(byEvent(inThread)).toMatchObject({ kind: 'comment', conversationKey: `${support}/${hello}`, parentRemoteId: `${support}/${hello}` })
    // The cursor moves on: nothing comes twice.
    expect((await poll()).items).toEqual([])
  })

  it('follows only the picked rooms (DMs always), and ignores invitations to other rooms', async () => {
    const elsewhere = await ines.createRoom({ preset: 'public_chat', name: 'Off-topic', invite: [lumenId] })
    await poll()
    const lumen = server.client(ctx.account.secrets.accessToken!)
    const rooms = async () => (await lumen.call<{ joined_rooms: string[] }>('GET', '/_matrix/client/v3/joined_rooms')).joined_rooms
    // An invitation to a room nobody picked waits for a person.
    expect(await rooms()).not.toContain(elsewhere)
    await lumen.join(elsewhere)
    await ines.send(elsewhere, { msgtype: 'm.text', body: 'Not watched' })
    await ines.send(support, { msgtype: 'm.text', body: 'Watched' })
    const r = await poll()
    expect(r.items.map((i) => i.text)).toEqual(['Watched'])
  })

  it('joins a direct message invitation and files its messages as a DM', async () => {
    const dm = await ines.createRoom({ is_direct: true, invite: [lumenId], preset: 'trusted_private_chat' })
    await poll() // sees the invitation and joins
    await ines.send(dm, { msgtype: 'm.text', body: 'Can I return my order?' })
    const r = await poll()
    expect(r.items.map((i) => [i.kind, i.conversationKey, i.text])).toEqual([['dm', `dm:${dm}`, 'Can I return my order?']])
    const reply: OutboundReply = { text: 'Yes, within 30 days.', inReplyTo: r.items[0]!.remoteId, conversationKey: `dm:${dm}`, kind: 'dm' }
    const sent = await connector.send(reply, 'outbox-dm-1', ctx)
    expect(sent.item).toMatchObject({ kind: 'dm', direction: 'out', conversationKey: `dm:${dm}` })
    expect((await ines.messages(dm, 5))[0]).toMatchObject({ sender: lumenId, content: { body: 'Yes, within 30 days.' } })
  })

  it('replies exactly once with the approved bytes, even when the send is repeated with the same key', async () => {
    const question = await ines.send(support, { msgtype: 'm.text', body: 'Which tyre pressure for gravel?' })
    await poll()
    // Leading and trailing spaces, a blank line, combining marks, an emoji with a modifier, markdown-looking text.
    const text = '  2.1 bar — café ☕︎ 👍🏽\n\n*not bold* <b>not html</b>  '
    const reply: OutboundReply = { text, inReplyTo: `${support}/${question}`, conversationKey: support, kind: 'comment' }
    const first = await connector.send(reply, 'outbox-key-42', ctx)
    const again = await connector.send(reply, 'outbox-key-42', ctx)
    expect(again.remoteId).toBe(first.remoteId)
    const ours = (await ines.messages(support)).filter((e) => e.sender === lumenId && e.type === 'm.room.message')
    expect(ours).toHaveLength(1)
    expect(Buffer.from(ours[0]!.content.body as string)).toEqual(Buffer.from(text))
    expect(ours[0]!.content['m.relates_to']).toEqual({ 'm.in_reply_to': { event_id: question } })
    expect(`${support}/${ours[0]!.event_id}`).toBe(first.remoteId)
    // The sync brings it back as the brand's own message, with the same remote id.
    const echoed = (await poll()).items.find((i) => i.remoteId === first.remoteId)
    expect(echoed).toMatchObject({ direction: 'out', text })
  })

  it('replies inside a thread when the conversation is one', async () => {
    const root = await ines.send(support, { msgtype: 'm.text', body: 'Thread about lights' })
    const sent = await connector.send({ text: 'We are on it.', inReplyTo: `${support}/${root}`, conversationKey: `${support}/${root}`, kind: 'comment' }, 'outbox-thread-1', ctx)
    const event = (await ines.messages(support, 5)).find((e) => `${support}/${e.event_id}` === sent.remoteId)
    expect(event?.content['m.relates_to']).toMatchObject({ rel_type: 'm.thread', event_id: root, 'm.in_reply_to': { event_id: root } })
  })

  it('reconciles an unknown outcome by reading the room for its transaction id', async () => {
    const question = await ines.send(support, { msgtype: 'm.text', body: 'Is the shop open on Sunday?' })
    const reply: OutboundReply = { text: 'Closed on Sundays.', inReplyTo: `${support}/${question}`, conversationKey: support, kind: 'comment' }
    expect(await connector.reconcile(reply, 'outbox-sunday', ctx)).toEqual({ state: 'not_sent' })
    const sent = await connector.send(reply, 'outbox-sunday', ctx)
    expect(await connector.reconcile(reply, 'outbox-sunday', ctx)).toEqual({ state: 'sent', remoteId: sent.remoteId, permalink: sent.permalink })
  })

  it('redacts a message, kicks and bans its author through moderation, and repeats harmlessly', async () => {
    const spam = await ines.send(support, { msgtype: 'm.text', body: 'cheap watches here' })
    await connector.moderate({ kind: 'delete', remoteId: `${support}/${spam}`, key: 'outbox-redact-1' }, ctx)
    await connector.moderate({ kind: 'delete', remoteId: `${support}/${spam}`, key: 'outbox-redact-1' }, ctx)
    const redacted = (await ines.messages(support, 10)).find((e) => e.event_id === spam)
    expect(redacted?.content).toEqual({})
    expect(redacted?.unsigned).toHaveProperty('redacted_because')

    await connector.moderate({ kind: 'mute', authorRemoteId: inesId }, ctx)
    const member = () => server.client(ctx.account.secrets.accessToken!).call<{ membership: string }>('GET', `/_matrix/client/v3/rooms/${encodeURIComponent(support)}/state/m.room.member/${encodeURIComponent(inesId)}`)
    expect((await member()).membership).toBe('leave')
    await connector.moderate({ kind: 'mute', authorRemoteId: inesId }, ctx) // no longer there: nothing to do
    await ines.join(support)
    await connector.moderate({ kind: 'block', authorRemoteId: inesId }, ctx)
    await connector.moderate({ kind: 'block', authorRemoteId: inesId }, ctx)
    expect((await member()).membership).toBe('ban')
    await expect(ines.join(support)).rejects.toThrow(/403/)
    await expect(connector.moderate({ kind: 'hide', remoteId: `${support}/${spam}`, conversationKey: support }, ctx)).rejects.toBeInstanceOf(ParleyError)
  })

  it('asks to reconnect when the device is logged out', async () => {
    const other = await connector.connect({ homeserver: server.url, user: 'lumen', password: 'lumen-password-1' }, http)
    await server.client(other.secrets.accessToken!).call('POST', '/_matrix/client/v3/logout', {})
    const error = await connector
      .poll('sync', null, { ...ctx, account: { ...ctx.account, secrets: other.secrets } }, { backfillSince: 0 })
      .then(() => null, (e: unknown) => e)
    expect(error).toBeInstanceOf(HttpError)
    expect(connector.classifyError(error, Date.now())).toMatchObject({ kind: 'reauth' })
  })
})
