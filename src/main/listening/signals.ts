import { createRequire } from 'node:module'
import type winkNLP from 'wink-nlp'
import type model from 'wink-eng-lite-web-model'

export type Sentiment = 'negative' | 'neutral' | 'positive'

export interface MessageSignals {
  sentiment: Sentiment
  /** A question, a complaint, or a direct address to the brand. */
  needsReply: boolean
}

// wink-nlp's English lite model carries a sentiment lexicon with negation handling; it runs in-process
// (no network, ~0.1 ms per comment). Loading it takes ~0.2 s, so it happens at the first item scored,
// not while the worker starts (BENCHMARKS.md, serve ready).
let wink: { nlp: ReturnType<typeof winkNLP>; its: ReturnType<typeof winkNLP>['its'] } | null = null
function loadWink(): NonNullable<typeof wink> {
  if (!wink) {
    const require = createRequire(import.meta.url)
    const nlp = (require('wink-nlp') as typeof winkNLP)(require('wink-eng-lite-web-model') as typeof model, ['sentiment'])
    wink = { nlp, its: nlp.its }
  }
  return wink
}

/**
 * Words and phrases from community support that a general lexicon scores as neutral or even positive
 * ("I want a refund", "still waiting"). Weighted on top of wink's score. Lower-case, folded text.
 */
const COMPLAINT = [
  'refund', 'broke', 'broken', 'kaputt', 'never arrived', 'not arrived', "hasn't arrived", 'still waiting', 'still not', 'still haven',
  "doesn't work", "don't work", 'not working', 'stopped working', "won't connect", "won't accept", "can't log in", 'crash', 'bug', 'defect',
  'outage', 'down again', 'leak', 'damaged', 'missing', 'lost my', 'wrong', 'overcharged', 'charged twice', 'scam', 'rip off', 'ripoff',
  'waste', 'useless', 'unusable', 'unacceptable', 'disappoint', 'regret', 'furious', 'ghosted', 'no reply', 'zero replies', 'nobody answers',
  'never answers', 'no response', 'on hold', 'cancelled', 'suspended', 'recall', 'return', 'sending it back', 'avoid', 'never again',
  'never buying', 'done with', 'switching to', 'let me down', 'rubbish', 'junk', 'joke', 'hard pass', 'not impressed', 'not okay', 'not ok',
  'overpriced', 'underwhelming', 'worse', 'worst', 'terrible', 'awful', 'horrible', 'ruined', 'melted', 'overheat', 'exploded', 'rash',
  'uncomfortable', 'squeak', 'grinding', 'chipping', 'cracked', 'stuck', 'bricked', 'wiped', 'gone after', 'deleted all', 'forgetting',
  'slow', 'ugly', 'rude', 'cold and', 'gave up', 'endless loading', 'dead pixel', 'discontinued', 'hates it', 'why do i even', 'i bother',
  'zero stars', 'downhill', 'ads', 'spam since', 'sold my', 'keeps me up', 'still says', 'logged me out', 'no notice',
  'annoying', 'doubled', 'halved', 'not worth', 'expected way more', 'hair in', 'restocking fee', 'dies', 'died', 'falls off', 'let water in',
]
const PRAISE = ['thank', 'thanks', 'love', 'great', 'amazing', 'awesome', 'brilliant', 'fantastic', 'excellent', 'superb', 'rock', 'kudos',
  'impressed', 'recommend', 'worth', 'perfect', 'happy', 'glad', 'best', 'favourite', 'favorite', 'cute', 'gorgeous', '10/10', 'five stars',
  'six stars', 'take my money', 'game changer', 'magic', 'appreciate', 'thrilled', 'obsessed', 'beautiful', 'nailed', 'solid', 'finally a brand',
  'made my day', 'made my morning', 'pretty cool', 'respect', 'helpful', 'exceeded']
const NEGATED_PRAISE = /\b(not|never|no|nothing|hardly|isn't|wasn't)\s+(\w+\s+)?(great|good|impressed|worth|happy|perfect|okay|ok)\b/

/** Sarcasm: praise wrapped around a complaint ("Great, another update that breaks bluetooth"). */
const SARCASM = [
  /^(great|oh great|wonderful|oh wonderful|fantastic|brilliant|perfect|wow|sure|yeah|nice|love how|so glad|thanks for nothing|nothing says)\b/,
  /thanks a lot\.?$/, /love that for me/, /exactly what i (wanted|needed)/, /what i needed today/, /no problem at all/, /classic \w+/,
  /really\.?$/, /\bgreat\.?$/, /so little time/, /only took you/, /impressive\.?$/,
]

/** A few strong words per language for comments the English model cannot read. */
const FOREIGN_NEGATIVE = /\b(kaputt|enttäusch\w*|schlecht\w*|warte|rückerstattung|nul|cassé|déçu|bloqué|jamais reçue?|roto|horrible|pésima|devolver el dinero|pessimo|danneggiato|não chegou|slecht\w*|kapot)\b/
const FOREIGN_POSITIVE = /\b(super service|vielen dank|liebe|toll\w*|merci|génial|très bonne|recommande|encanta|muchas gracias|excelente|grazie|fantastico|adorei|obrigad[oa]|geweldig\w*|bedankt)\b/

const QUESTION_START = /^(how|what|when|where|why|which|who|is|are|do|does|did|can|could|will|would|should|any|anyone|is there|hello|hi|hey)\b/
const ASKS = /\b(please|pls|plz|help|call me|contact me|respond|reply|fix this|reversed|make it right|what now|who do i contact|who can i talk to|can you|could you|can someone|do you|are you|is anyone|is this|is that|any update|any fix|known bug|known defect|what are you going to do)\b/
const ADDRESS = /(^|\s)@[a-z0-9_]+|\b(you guys|your team|your (app|site|website|courier|support))\b/
const FOREIGN_QUESTION = /[¿?]|\b(wo bleibt|wann|gibt es|pourquoi|est-ce que|cuándo|tienen|spedite|vocês|hebben jullie|alguém)\b/

const fold = (text: string): string => text.normalize('NFKC').toLocaleLowerCase('en').replace(/[’‘]/g, "'")

const count = (text: string, cues: readonly string[]): number => cues.reduce((n, cue) => n + (text.includes(cue) ? 1 : 0), 0)

/** Sentiment of one comment: wink's lexicon score plus community-support cues, sarcasm and a few non-English words. */
export function sentimentOf(text: string): Sentiment {
  const folded = fold(text).trim()
  if (!folded) return 'neutral'
  const { nlp, its } = loadWink()
  const base = nlp.readDoc(text).out(its.sentiment) as number
  const complaints = count(folded, COMPLAINT)
  const praise = count(folded, PRAISE)
  let score = base + 0.45 * praise - 0.6 * complaints
  if (NEGATED_PRAISE.test(folded)) score -= 0.9
  if (/[🤬😡👎💩]/u.test(text)) score -= 1
  if (/😍|❤️|🙏|🥐|👍|🎉/u.test(text)) score += 0.6
  if (FOREIGN_NEGATIVE.test(folded)) score -= 1
  if (FOREIGN_POSITIVE.test(folded)) score += 1
  // Praise words around a complaint read as sarcasm.
  if (complaints > 0 && SARCASM.some((re) => re.test(folded))) score = Math.min(score, -0.5)
  if (score <= -0.15) return 'negative'
  if (score >= 0.3) return 'positive'
  return 'neutral'
}

/** A question, a complaint, or a direct address: someone expects an answer. */
export function needsReplyOf(text: string, sentiment: Sentiment = sentimentOf(text)): boolean {
  const folded = fold(text).trim()
  if (!folded) return false
  if (folded.includes('?') || FOREIGN_QUESTION.test(folded)) return true
  if (QUESTION_START.test(folded) && !/^(hi|hey|hello)\b[^.!]*[.!]/.test(folded)) return true
  if (ASKS.test(folded)) return true
  // A complaint addressed to the brand.
  return sentiment === 'negative' && ADDRESS.test(folded)
}

export function signalsOf(text: string): MessageSignals {
  const sentiment = sentimentOf(text)
  return { sentiment, needsReply: needsReplyOf(text, sentiment) }
}
