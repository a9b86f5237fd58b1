import { ParleyError } from '../../../../shared/contract'
import { fromManifest, type ConnectInput, type Connector, type ConnectorContext, type ConnectResult } from '../../../model/connector'
import type { HttpClient } from '../../../base/http'
import { graphFor, setting } from '../meta/account'
import { classifyMetaError } from '../meta/classify'
import { INSTAGRAM_PERMISSIONS, readCredentials, resolvePage } from '../meta/connect'
import { pollMessages, reconcileMessage, sendMessage, type MessagingSide } from '../meta/messaging'
import { createMetaOAuth } from '../meta/oauth'
import { instagramManifest as manifest } from './manifest'
import { moderateInstagram } from './moderation'
import { pollComments, pollMentions, type IgBrand } from './poll'
import { reconcileReply, sendReply } from './send'

const LABEL = manifest.label

/** The Instagram professional account linked to the chosen Page; its calls go with that Page's token. */
export async function connectInstagram(input: ConnectInput, http: HttpClient): Promise<ConnectResult> {
  const creds = readCredentials(input)
  const { userToken, page } = await resolvePage(http, creds, INSTAGRAM_PERMISSIONS, 'an Instagram account')
  if (!page.instagram) {
    throw new ParleyError('bad_input', `The Page "${page.name}" has no Instagram professional account linked. Link one in the Page's settings (Linked accounts), then connect again.`)
  }
  const secrets: Record<string, string> = { pageToken: page.accessToken, userToken }
  if (creds.appSecret) secrets.appSecret = creds.appSecret
  return {
    seed: { platform: 'instagram', displayName: page.instagram.name || page.instagram.username, handle: `@${page.instagram.username}`, baseUrl: creds.apiBase },
    secrets,
    settings: { appId: creds.appId, pageId: page.id, pageName: page.name, igUserId: page.instagram.id, igUsername: page.instagram.username },
  }
}

const brand = (ctx: ConnectorContext): IgBrand => ({ igId: setting(ctx, 'igUserId', LABEL), username: setting(ctx, 'igUsername', LABEL) })

const side = (ctx: ConnectorContext): MessagingSide => ({
  label: 'Instagram',
  platform: 'instagram',
  pageId: setting(ctx, 'pageId', LABEL),
  selfId: setting(ctx, 'igUserId', LABEL),
  humanAgent: ctx.account.settings.humanAgent === true,
})

export const instagramConnector: Connector = {
  ...fromManifest(manifest),
  streams: [
    { name: 'comments', intervalMs: 120_000 },
    { name: 'mentions', intervalMs: 300_000 },
    { name: 'messages', intervalMs: 60_000 },
  ],

  connect: connectInstagram,
  oauth: createMetaOAuth(connectInstagram),

  async poll(stream, cursor, ctx, options) {
    const api = graphFor(ctx, LABEL)
    if (stream === 'comments') return pollComments(api, brand(ctx), cursor, ctx.clock.now(), options)
    if (stream === 'mentions') return pollMentions(api, brand(ctx), cursor, options)
    if (stream === 'messages') return pollMessages(api, side(ctx), cursor, options)
    throw new ParleyError('bad_input', `Instagram has no stream called "${stream}".`)
  },

  async send(reply, _idempotencyKey, ctx) {
    const api = graphFor(ctx, LABEL)
    if (reply.kind === 'dm') return sendMessage(api, side(ctx), reply, ctx.clock.now())
    return sendReply(api, brand(ctx).igId, reply, ctx.clock.now())
  },

  async moderate(action, ctx) {
    return moderateInstagram(graphFor(ctx, LABEL), action)
  },

  classifyError: (error, now = Date.now()) => classifyMetaError(error, now, LABEL),

  async reconcile(reply, _idempotencyKey, ctx) {
    let api
    try {
      api = graphFor(ctx, LABEL)
    } catch {
      return { state: 'unknown' }
    }
    if (reply.kind === 'dm') return reconcileMessage(api, side(ctx), reply)
    return reconcileReply(api, brand(ctx).igId, reply)
  },

}
