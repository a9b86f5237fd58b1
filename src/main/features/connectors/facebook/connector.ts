import { ParleyError } from '../../../../shared/contract'
import { fromManifest, type ConnectInput, type Connector, type ConnectorContext, type ConnectResult } from '../../../model/connector'
import type { HttpClient } from '../../../base/http'
import { graphFor, setting } from '../meta/account'
import { classifyMetaError } from '../meta/classify'
import { FACEBOOK_PERMISSIONS, readCredentials, resolvePage } from '../meta/connect'
import { pollMessages, reconcileMessage, sendMessage, type MessagingSide } from '../meta/messaging'
import { createMetaOAuth } from '../meta/oauth'
import { facebookManifest as manifest } from './manifest'
import { moderateFacebook } from './moderation'
import { pollComments, pollMentions } from './poll'
import { reconcileComment, sendComment } from './send'

const LABEL = manifest.label

/** Checks the app id and token, picks the Page, and keeps its Page token (the user token too, to list Pages again). */
export async function connectFacebook(input: ConnectInput, http: HttpClient): Promise<ConnectResult> {
  const creds = readCredentials(input)
  const { userToken, page } = await resolvePage(http, creds, FACEBOOK_PERMISSIONS, 'a Facebook Page')
  const secrets: Record<string, string> = { pageToken: page.accessToken, userToken }
  if (creds.appSecret) secrets.appSecret = creds.appSecret
  return {
    seed: { platform: 'facebook', displayName: page.name, handle: page.username ? `@${page.username}` : page.name, baseUrl: creds.apiBase },
    secrets,
    settings: { appId: creds.appId, pageId: page.id, pageName: page.name, instagramId: page.instagram?.id ?? null },
  }
}

const side = (ctx: ConnectorContext): MessagingSide => {
  const pageId = setting(ctx, 'pageId', LABEL)
  return { label: 'Messenger', platform: 'messenger', pageId, selfId: pageId, humanAgent: ctx.account.settings.humanAgent === true }
}

export const facebookConnector: Connector = {
  ...fromManifest(manifest),
  streams: [
    { name: 'comments', intervalMs: 120_000 },
    { name: 'mentions', intervalMs: 300_000 },
    { name: 'messages', intervalMs: 60_000 },
  ],

  connect: connectFacebook,
  oauth: createMetaOAuth(connectFacebook),

  async poll(stream, cursor, ctx, options) {
    const api = graphFor(ctx, LABEL)
    const pageId = setting(ctx, 'pageId', LABEL)
    if (stream === 'comments') return pollComments(api, pageId, cursor, ctx.clock.now(), options)
    if (stream === 'mentions') return pollMentions(api, pageId, cursor, options)
    if (stream === 'messages') return pollMessages(api, side(ctx), cursor, options)
    throw new ParleyError('bad_input', `Facebook has no stream called "${stream}".`)
  },

  async send(reply, _idempotencyKey, ctx) {
    const api = graphFor(ctx, LABEL)
    if (reply.kind === 'dm') return sendMessage(api, side(ctx), reply, ctx.clock.now())
    return sendComment(api, setting(ctx, 'pageId', LABEL), reply, ctx.clock.now())
  },

  async moderate(action, ctx) {
    return moderateFacebook(graphFor(ctx, LABEL), setting(ctx, 'pageId', LABEL), action)
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
    return reconcileComment(api, setting(ctx, 'pageId', LABEL), reply)
  },

}
