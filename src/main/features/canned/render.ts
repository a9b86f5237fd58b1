/** What a canned reply's {{variables}} can be filled from. */
export interface CannedContext {
  /** The contact's (or the conversation author's) display name; empty when there is none (e.g. a feed item). */
  contactName: string
  handle: string
  /** The channel account's name, e.g. "Lumen Bikes on Mastodon". */
  channel: string
  /** The profile writing the reply. */
  agent: string
}

export const CANNED_VARIABLES = ['first_name', 'name', 'handle', 'channel', 'agent'] as const

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g

function firstName(name: string): string {
  // Handles and emoji decorations are not a first name.
  const word = name.trim().split(/\s+/)[0] ?? ''
  return /[\p{L}]/u.test(word) ? word : ''
}

/**
 * Fills {{variable}}s. An unknown variable stays in the text as written and is reported in
 * `unknown`; a known one with no value here (no contact, say) also stays and is reported in
 * `missing`, so nothing is silently dropped or sent with braces unnoticed.
 */
export function renderCanned(body: string, context: CannedContext): { text: string; unknown: string[]; missing: string[] } {
  const values: Record<(typeof CANNED_VARIABLES)[number], string> = {
    first_name: firstName(context.contactName),
    name: context.contactName.trim(),
    handle: context.handle.trim(),
    channel: context.channel.trim(),
    agent: context.agent.trim(),
  }
  const unknown = new Set<string>()
  const missing = new Set<string>()
  const text = body.replace(VARIABLE, (whole, raw: string) => {
    const key = raw.toLowerCase()
    if (!(CANNED_VARIABLES as readonly string[]).includes(key)) {
      unknown.add(raw)
      return whole
    }
    const value = values[key as (typeof CANNED_VARIABLES)[number]]
    if (!value) {
      missing.add(key)
      return whole
    }
    return value
  })
  return { text, unknown: [...unknown], missing: [...missing] }
}
