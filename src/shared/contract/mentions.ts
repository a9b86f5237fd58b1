import { z } from 'zod'

/**
 * What a reply's text must carry for the platform to deliver it (e.g. Mastodon's mentions).
 * The composer and the approval editor show it before anyone submits or approves; the core puts
 * what is missing in front of the text before hashing it; no connector adds anything on its own
 * (it refuses text without it), so the approved text is exactly the posted text.
 */
export const replyEnvelopeSchema = z.object({
  /** Handles with their "@", in the order a prefix lists them. */
  requiredMentions: z.array(z.string()),
  /** The instance of the channel account: "@li" and "@li@<localHost>" name the same local account. */
  localHost: z.string().nullable(),
  /** The platform's name, for the plain-words line in the composer. */
  platformLabel: z.string(),
  /** The subject line the reply goes out with, for platforms whose replies have one (e-mail); covered by the approval. */
  subject: z.string().optional(),
})
export type ReplyEnvelope = z.infer<typeof replyEnvelopeSchema>

const TRAILING = /[.,:;!?)\]]+$/

/** The required mentions the text does not contain, as whole words (case-insensitive). */
export function missingMentions(text: string, envelope: Pick<ReplyEnvelope, 'requiredMentions' | 'localHost'>): string[] {
  const words = new Set(text.split(/\s+/).map((w) => w.replace(TRAILING, '').toLowerCase()))
  return envelope.requiredMentions.filter((m) => {
    const lower = m.toLowerCase()
    if (words.has(lower)) return false
    // A local account may also be written with the instance's host.
    const local = lower.slice(1).includes('@') ? null : envelope.localHost
    return !(local && words.has(`${lower}@${local.toLowerCase()}`))
  })
}

/** The text with the missing mentions put in front, as the platform's own composer would offer. */
export function withRequiredMentions(text: string, envelope: Pick<ReplyEnvelope, 'requiredMentions' | 'localHost'>): string {
  const missing = missingMentions(text, envelope)
  return missing.length ? `${missing.join(' ')} ${text.trimStart()}` : text
}

/** The plain-words refusal when a connector is given text without the mentions it needs. */
export function missingMentionsMessage(platformLabel: string, missing: string[]): string {
  const them = missing.length > 1 ? 'them' : 'it'
  return `${platformLabel} delivers a reply only to the people it mentions, so it must contain ${missing.join(' ')}. Nothing was sent: add ${them} to the text and submit the reply again.`
}
