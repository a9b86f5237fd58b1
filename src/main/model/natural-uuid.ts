import { v5 } from 'uuid'

/**
 * Names derived from natural keys (RFC 4122 name-based uuids, v5): a conversation is named by its
 * channel account and thread key, a channel message by its account and the platform's id. Every laptop
 * that stores the same conversation or message gives it the same uuid without asking anyone, so a
 * team's laptops agree on them even for what each polled on its own before joining.
 */
const NAMESPACE = v5('https://parley.app/natural-keys', v5.URL)

/** The channel account as every laptop connecting it writes it: `platform|base url|handle`. */
export const channelAccountKey = (a: { platform: string; baseUrl: string; handle: string }): string => `${a.platform}|${a.baseUrl}|${a.handle}`

export const conversationUuid = (accountKey: string, conversationKey: string): string => v5(`conversation\u0000${accountKey}\u0000${conversationKey}`, NAMESPACE)

export const messageUuid = (accountKey: string, remoteId: string): string => v5(`message\u0000${accountKey}\u0000${remoteId}`, NAMESPACE)
