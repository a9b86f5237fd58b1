import { createRequire } from 'node:module'
import type winkNLP from 'wink-nlp'
import type model from 'wink-eng-lite-web-model'
import { CUES, type LanguageCues } from './cues'
import { detectLanguage, type RatedLanguage } from './language'
import { lexiconScore } from './lexicon'

export type Sentiment = 'negative' | 'neutral' | 'positive'

export interface MessageSignals {
  /** The rated language the item was scored in; null when it is in another language (or has no words). */
  language: RatedLanguage | null
  /** Null means "not rated": the item is in a language Parley has no model for, so it is not guessed. */
  sentiment: Sentiment | null
  /** Someone expects an answer from the brand (the rule is on needsReplyOf). */
  needsReply: boolean
}

/** Where the item came from; a direct message almost always expects an answer. */
export interface SignalContext {
  kind?: string | null
}

// wink-nlp's English lite model carries a sentiment lexicon with negation handling and scores English
// community comments better than nlp.js's English AFINN list; it runs in-process (no network, ~0.1 ms per
// comment). Loading it takes ~0.2 s, so it happens at the first English item, not while the worker starts.
let wink: { nlp: ReturnType<typeof winkNLP>; its: ReturnType<typeof winkNLP>['its'] } | null = null
function loadWink(): NonNullable<typeof wink> {
  if (!wink) {
    const require = createRequire(import.meta.url)
    const nlp = (require('wink-nlp') as typeof winkNLP)(require('wink-eng-lite-web-model') as typeof model, ['sentiment'])
    wink = { nlp, its: nlp.its }
  }
  return wink
}

/** Lower-case, straight quotes, and (outside Japanese) no accents, so cues match with or without them. */
function fold(text: string, lang: RatedLanguage): string {
  const lower = text.normalize('NFKC').toLocaleLowerCase(lang).replace(/[’‘]/g, "'")
  return lang === 'ja' ? lower : lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss')
}

const count = (text: string, cues: readonly string[]): number => cues.reduce((n, cue) => n + (text.includes(cue) ? 1 : 0), 0)

/** Sentences, each with its closing punctuation, so a question can be told from a statement. */
const sentences = (text: string): string[] =>
  text
    .split(/(?<=[.!?？！。¡¿…])\s*(?=[^.!?？！。…])/u)
    .map((s) => s.trim())
    .filter(Boolean)

const isQuestion = (sentence: string, cues: LanguageCues): boolean =>
  /[?？¿]/.test(sentence) || cues.questionStart.test(sentence.replace(/^(hi|hey|hello|hola|hallo|bonjour|buongiorno|oi|ola|hoi)\b[,!]?\s*/, ''))

const NEGATIVE_EMOJI = /[🤬😡👎💩😤😠🙄]/u
const POSITIVE_EMOJI = /😍|❤️|💚|💛|🙏|👍|🎉|🔥|👌|🥰|😊/u

/** How much the language's lexicon counts next to the cues: the nlp.js lexicons are broad but noisy on comments. */
const LEXICON_WEIGHT: Record<Exclude<RatedLanguage, 'en' | 'ja'>, number> = { es: 0.5, de: 0.5, fr: 0.5, pt: 0.5, it: 0.5, nl: 0.5 }

function baseScore(statements: string, lang: RatedLanguage): number {
  if (!statements.trim()) return 0
  if (lang === 'en') {
    const { nlp, its } = loadWink()
    return nlp.readDoc(statements).out(its.sentiment) as number
  }
  if (lang === 'ja') return 0
  return LEXICON_WEIGHT[lang] * lexiconScore(lang, statements).score
}

interface Reading {
  lang: RatedLanguage
  cues: LanguageCues
  folded: string
  questions: number
  statements: string
  complaints: number
}

function read(text: string, lang: RatedLanguage): Reading {
  const cues = CUES[lang]
  const folded = fold(text, lang).trim()
  const parts = sentences(folded)
  const statementParts = parts.filter((s) => !isQuestion(s, cues))
  return {
    lang,
    cues,
    folded,
    questions: parts.length - statementParts.length,
    statements: statementParts.join(' '),
    complaints: count(folded, cues.complaint),
  }
}

/**
 * Sentiment of one comment in a rated language: the language's lexicon over its statements, plus the
 * community cues, emoji and sarcasm. Questions are left out of the evaluation, so a question without
 * evaluative words ("What size frame would you recommend?") stays neutral; problem words in a question
 * ("Why is my refund still not here?") still count.
 */
function score(r: Reading, text: string): Sentiment {
  if (!r.folded) return 'neutral'
  // "Not happy": the praise word is negated, so it counts against instead of for.
  const negated = r.cues.negatedPraise.test(r.folded)
  const praise = negated ? 0 : count(r.statements, r.cues.praise)
  let s = baseScore(r.statements, r.lang) + 0.45 * praise - 0.7 * r.complaints
  if (negated) s -= 0.9
  if (NEGATIVE_EMOJI.test(text)) s -= 1
  if (POSITIVE_EMOJI.test(text)) s += 0.6
  // Praise words around a complaint read as sarcasm.
  if (r.cues.sarcasm.test(r.folded) && (r.complaints > 0 || NEGATIVE_EMOJI.test(text))) s = Math.min(s, -0.5)
  if (s <= -0.15) return 'negative'
  if (s >= 0.3) return 'positive'
  return 'neutral'
}

const ADDRESS = /(^|\s)@[\p{L}\p{N}_]+|\b(you guys|your team|your (app|site|website|courier|support|store|shop))\b/u

/**
 * Needs reply, as a community manager means it. An item needs a reply when it is
 *  - a direct message that is not only thanks or praise (people write DMs to be answered), or
 *  - a question (question mark, or a sentence that opens like one in its language), or
 *  - a request ("please send", "I need", "call me back", "can you"), or
 *  - a complaint or a problem report: negative sentiment, or problem vocabulary (refund, broken, charged
 *    twice, never arrived…) in a message that is not positive overall, or
 *  - addressed to the brand (@handle, "you guys", "your support") and not praise.
 * Praise, thanks and chatter do not, and the brand's own posts are never scored (outbound).
 * Items in a language that is not rated need a reply: nobody can tell a complaint from praise there, and
 * a person should look rather than the signal guess.
 */
function needsReply(r: Reading | null, text: string, sentiment: Sentiment | null, ctx: SignalContext): boolean {
  const trimmed = text.trim()
  if (!trimmed) return false
  const asks = /[?？¿]/.test(trimmed) || (r ? sentences(r.folded).some((s) => isQuestion(s, r.cues)) || count(r.folded, r.cues.request) > 0 : false)
  if (asks) return true
  if (ctx.kind === 'dm') return sentiment !== 'positive'
  // A language Parley cannot read: whether it is a complaint is unknown, so it is left for a person to look at.
  if (!r) return true
  // Problem words count even in a neutral message ("My order 4411 never arrived."), not in thanks ("Thanks for the quick refund").
  if (sentiment === 'negative' || (r.complaints > 0 && sentiment !== 'positive')) return true
  return sentiment !== 'positive' && ADDRESS.test(r.folded)
}

/** Language, sentiment ("not rated" outside the rated languages) and needs-reply of one inbound item. */
export function signalsOf(text: string, ctx: SignalContext = {}): MessageSignals {
  const detected = detectLanguage(text)
  // No words at all (emoji, "?"): emoji and punctuation read the same in every language.
  const lang = 'rated' in detected ? detected.rated : 'none' in detected ? 'en' : null
  if (!lang) return { language: null, sentiment: null, needsReply: needsReply(null, text, null, ctx) }
  const r = read(text, lang)
  const sentiment = score(r, text)
  return { language: 'rated' in detected ? lang : null, sentiment, needsReply: needsReply(r, text, sentiment, ctx) }
}

/** Sentiment alone; null when the item's language is not rated. */
export function sentimentOf(text: string): Sentiment | null {
  return signalsOf(text).sentiment
}

/** Needs-reply alone (see needsReply above for the rule). */
export function needsReplyOf(text: string, ctx: SignalContext = {}): boolean {
  return signalsOf(text, ctx).needsReply
}
