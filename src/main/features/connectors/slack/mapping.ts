import type { ConversationKind, NormalizedItem } from '../../../model/items'
import type { SlackMessage } from './api'

/** Who "we" are in this workspace, and the names known so far. */
export interface MappingContext {
  botUserId: string
  botId: string | null
  /** https://team.slack.com/ from auth.test, for permalinks; null when Slack did not say. */
  workspaceUrl: string | null
  /** Display names by user id (users.info), filled as authors are met. */
  names: ReadonlyMap<string, { name: string; avatarUrl: string | null }>
}

/** A message is `channel/ts`: ts is unique only within its channel. */
export const messageId = (channel: string, ts: string): string => `${channel}/${ts}`

export function parseMessageId(remoteId: string): { channel: string; ts: string } | null {
  const match = /^([A-Z0-9]+)\/(\d+\.\d+)$/.exec(remoteId)
  return match ? { channel: match[1]!, ts: match[2]! } : null
}

/** A channel thread is its own conversation; a direct message channel is one conversation. */
export const threadKey = (channel: string, rootTs: string): string => `thread:${channel}:${rootTs}`
export const dmKey = (channel: string): string => `dm:${channel}`

export function parseKey(key: string): { channel: string; rootTs: string | null } | null {
  const thread = /^thread:([A-Z0-9]+):(\d+\.\d+)$/.exec(key)
  if (thread) return { channel: thread[1]!, rootTs: thread[2]! }
  const dm = /^dm:([A-Z0-9]+)$/.exec(key)
  return dm ? { channel: dm[1]!, rootTs: null } : null
}

/**
 * Slack's mrkdwn as a reader sees it: <@U1> as @name, <#C1|general> as #general, <url|label> as
 * "label (url)", <!here> as @here, and the three escaped characters back. Shown as text, never HTML.
 */
export function mrkdwnToText(text: string, names: MappingContext['names']): string {
  return text
    .replace(/<([^<>]*)>/g, (_all, inner: string) => {
      const [target = '', label] = inner.split('|', 2)
      if (target.startsWith('@')) return `@${label ?? names.get(target.slice(1))?.name ?? target.slice(1)}`
      if (target.startsWith('#')) return `#${label ?? target.slice(1)}`
      if (target.startsWith('!')) return `@${label ?? target.slice(1).split('^')[0]}`
      return label && label !== target ? `${label} (${target})` : target
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

function textOf(message: SlackMessage, names: MappingContext['names']): string {
  const body = mrkdwnToText(message.text ?? '', names)
  const files = (message.files ?? []).map((f) => `[file: ${f.title || f.name || 'attachment'}]`)
  return [body, ...files].filter(Boolean).join('\n')
}

function permalink(ctx: MappingContext, channel: string, message: SlackMessage): string | null {
  if (!ctx.workspaceUrl) return null
  try {
    const url = new URL(`archives/${channel}/p${message.ts.replace('.', '')}`, ctx.workspaceUrl)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
    if (message.thread_ts && message.thread_ts !== message.ts) url.search = new URLSearchParams({ thread_ts: message.thread_ts, cid: channel }).toString()
    return url.href
  } catch {
    return null
  }
}

/** Messages a person wrote (or a file they shared); joins, topic changes and the like are left out. */
export function isConversational(message: SlackMessage): boolean {
  if (message.hidden) return false
  return message.subtype === undefined || ['thread_broadcast', 'file_share', 'me_message', 'bot_message'].includes(message.subtype)
}

export function isOurs(message: SlackMessage, ctx: MappingContext): boolean {
  return message.user === ctx.botUserId || (ctx.botId !== null && message.bot_id === ctx.botId)
}

export function messageToItem(message: SlackMessage, channel: string, ctx: MappingContext, kind: ConversationKind, conversationKey: string): NormalizedItem {
  const authorId = message.user ?? message.bot_id ?? 'unknown'
  const known = ctx.names.get(authorId)
  const profile = message.user_profile
  const name = known?.name || profile?.display_name || profile?.real_name || authorId
  const isReply = message.thread_ts !== undefined && message.thread_ts !== message.ts
  return {
    remoteId: messageId(channel, message.ts),
    conversationKey,
    parentRemoteId: isReply ? messageId(channel, message.thread_ts!) : null,
    kind,
    direction: isOurs(message, ctx) ? 'out' : 'in',
    author: {
      remoteId: authorId,
      handle: `@${name}`,
      displayName: name,
      avatarUrl: known?.avatarUrl ?? null,
      profileUrl: ctx.workspaceUrl && message.user ? safeUrl(`team/${message.user}`, ctx.workspaceUrl) : null,
    },
    text: textOf(message, ctx.names),
    html: null,
    createdAt: Math.round(Number(message.ts) * 1000),
    permalink: permalink(ctx, channel, message),
    raw: { channel, ...message },
  }
}

function safeUrl(path: string, base: string): string | null {
  try {
    const url = new URL(path, base)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}

/** A message that mentions the brand's bot user. */
export function mentionsBot(message: SlackMessage, ctx: MappingContext): boolean {
  return (message.text ?? '').includes(`<@${ctx.botUserId}>`) || (message.text ?? '').includes(`<@${ctx.botUserId}|`)
}

/** Slack's ts for a time in ms (exclusive lower bounds use it as is). */
export const tsOf = (ms: number): string => (ms / 1000).toFixed(6)
