/**
 * Wraps a demo message into what a support mailbox receives: a greeting and a sign-off, the quoted
 * history of the message answered ("On …, … wrote:" and "> " lines) and the list of attachments,
 * written the way the e-mail connector lists them under the text.
 */
import type { ItemAuthor } from '../../model/items'
import type { Composer, Tpl } from './compose'
import type { Rng } from './prng'
import type { MailAttachment } from './shapes-mail'
import { BRAND_SIGN_OFFS, MONTH_SHORT, OPENINGS, SIGN_OFFS, WEEKDAY_SHORT } from './templates-email'
import type { Intent } from './templates-customer'

export interface MailQuote {
  /** The answered message without its own quoted history. */
  body: string
  author: ItemAuthor
  t: number
}

export interface MailInput {
  inbound: boolean
  /** Whom the brand greets, or who signs the customer's mail. */
  name: string
  staff: string
  intent: Intent
  opening: boolean
  quote: MailQuote | null
  order: string
  /** Which file comes along, if any. */
  attach: 'photo' | 'invoice' | 'label' | null
}

export interface MailOutput {
  text: string
  body: string
  attachments: MailAttachment[]
}

/** The brand's reply templates often greet already ("Hi Ana, …"). */
const GREETING = /^(hi|hey|hello|hola|hallo|bonjour|salut|thanks|thank you|danke|merci|gracias)\b/i

const pad2 = (n: number): string => (n < 10 ? '0' : '') + String(n)

/** The attachment line, as the e-mail connector writes it under the text. */
function readableSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

export class EmailWriter {
  constructor(
    private readonly c: Composer,
    private readonly rng: Rng,
  ) {}

  write(core: string, m: MailInput): MailOutput {
    let body: string
    if (m.intent === 'spam') body = core + '\n\nRegards,\n' + m.name
    else if (m.inbound) body = (m.opening ? this.line(OPENINGS) + '\n\n' : '') + core + '\n\n' + this.line(SIGN_OFFS) + '\n' + m.name
    else body = (GREETING.test(core) ? '' : 'Hi ' + m.name + ',\n\n') + core + '\n\n' + this.line(BRAND_SIGN_OFFS) + '\n' + m.staff + '\nLumen Bikes Support'
    let text = body
    if (m.quote) text += '\n\n' + quoteHeader(m.quote) + '\n' + m.quote.body.split('\n').map((l) => (l ? '> ' + l : '>')).join('\n')
    const attachments = m.attach ? [this.attachment(m.attach, m.order)] : []
    for (const a of attachments) text += '\n\n📎 ' + a.name + ' (' + a.type + ', ' + readableSize(a.size) + ')'
    return { text, body, attachments }
  }

  private line(list: Tpl[]): string {
    this.c.begin(false, false)
    this.c.fill(this.rng.pick(list))
    return this.c.text
  }

  private attachment(kind: 'photo' | 'invoice' | 'label', order: string): MailAttachment {
    const rng = this.rng
    if (kind === 'photo') return { name: 'IMG_' + String(rng.range(1000, 9999)) + '.jpg', type: 'image/jpeg', size: rng.range(900_000, 4_800_000) }
    if (kind === 'invoice') return { name: 'Invoice ' + order + '.pdf', type: 'application/pdf', size: rng.range(40_000, 240_000) }
    return { name: 'Return label ' + order + '.pdf', type: 'application/pdf', size: rng.range(60_000, 120_000) }
  }
}

/** "On Tue, 13 May 2025 at 14:03, Name <address> wrote:" (times in UTC, so output never depends on the machine). */
function quoteHeader(q: MailQuote): string {
  const d = new Date(q.t)
  const date = WEEKDAY_SHORT[d.getUTCDay()] + ', ' + String(d.getUTCDate()) + ' ' + MONTH_SHORT[d.getUTCMonth()] + ' ' + String(d.getUTCFullYear())
  const who = q.author.displayName === q.author.handle ? q.author.handle : q.author.displayName + ' <' + q.author.handle + '>'
  return 'On ' + date + ' at ' + pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()) + ', ' + who + ' wrote:'
}
