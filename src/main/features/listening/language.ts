import type * as Tinyld from 'tinyld'
import { lazyModule } from '../../base/lazy-module'

/** The languages Parley rates sentiment in; anything else is "not rated" rather than guessed. */
export const RATED_LANGUAGES = ['en', 'es', 'de', 'fr', 'pt', 'it', 'nl', 'ja'] as const
export type RatedLanguage = (typeof RATED_LANGUAGES)[number]

/** What the detector says: a rated language, or the ISO code of another one (`other`), or `none` (emoji, digits). */
export type DetectedLanguage = { rated: RatedLanguage } | { other: string } | { none: true }

// tinyld: n-gram detection built for short texts (comments, chat), on-device, ~0.5 ms per item. It beat
// @nlpjs/language (a franc port) on our labelled comments, 96 % against 80 %, mostly on one-line comments;
// with the function-word pass below in front, 98 %.
// Its model (~1 MB) loads at the first item, not at worker start.
const detector = lazyModule<typeof Tinyld>('tinyld')

/**
 * Loads the model now rather than at the first item that needs it: loading holds the thread for 130-170 ms,
 * which at start-up (the window still loading) nobody waits on, but in the middle of a poll every call would.
 */
export function warmLanguageDetector(): void {
  detector()
}

const KANA = /[\u3040-\u30ff]/
const HAN = /[\u4e00-\u9fff]/
const LETTER = /\p{L}/u
/** A detection this sure is trusted even when it names a language Parley does not rate. */
const CONFIDENT = 0.5
const RUNNER_UP = 0.2
/** Sure enough to name a rarer language even for a few words. */
const SURE = 0.9
/** Handles, hashtags, links and codes ("LB-306589", "E07") say nothing about the language and skew short texts. */
const wordsOnly = (text: string): string =>
  text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/(^|\s)[@#][\p{L}\p{N}_.@-]+/gu, ' ')
    .replace(/\S*\d\S*/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
/**
 * The short words every sentence in a language is built from. A comment with several of one language's and
 * few of any other's is that language: that settles most comments in a few microseconds, where the n-gram
 * model takes about half a millisecond, and it is surer than the model on one-liners. Words two rated
 * languages share ("de", "en", "que") are left out.
 */
const FUNCTION_WORDS: Record<Exclude<RatedLanguage, 'ja'>, ReadonlySet<string>> = {
  en: new Set('the and is are was my to it for you of this that with not have has been be so if by every does anyone but your me we they on at can what how why just from'.split(' ')),
  es: new Set('el los las y es con por para una mi pero muy del lo está son como qué cuándo dónde hace hay ya todavía'.split(' ')),
  de: new Set('der die das und ist nicht mit ich ein eine mein meine auf für sich bei wie was wir ihr zu auch schon seit'.split(' ')),
  fr: new Set('le les et est je pas pour avec mon ma mes des du qui sur ce il vous nous ne plus très depuis'.split(' ')),
  pt: new Set('o os um uma não com meu minha é do da dos das mas muito isso você vocês já está'.split(' ')),
  it: new Set('il gli è che non con mio mia sono della del ma molto questo ho ci si'.split(' ')),
  nl: new Set('het een niet met ik mijn voor op van dat die wat je jullie maar zijn er ook al'.split(' ')),
}
/** Letters no rated Latin-script language uses: Nordic, Polish, Turkish, Czech, Hungarian, Romanian... */
/** Latin letters, digits, punctuation, symbols and emoji (with their joiners and variation selectors). */
const LATIN_ONLY = /^[\p{Script=Latin}\p{N}\p{P}\p{S}\p{M}\p{Cf}\p{Extended_Pictographic}\s]+$/u
const UNRATED_LETTERS = /[åøæłąęśźżćńışğőűčřžšěůțș]/iu

type Hits = { lang: Exclude<RatedLanguage, 'ja'>; n: number }

/** How many function words of the two likeliest languages the text has; null when it is not in their alphabet. */
function functionWords(text: string): { best: Hits; second: Hits } | null {
  if (UNRATED_LETTERS.test(text) || !LATIN_ONLY.test(text)) return null
  const tokens = text.toLocaleLowerCase().match(/\p{L}+/gu) ?? []
  const hits = (Object.keys(FUNCTION_WORDS) as Exclude<RatedLanguage, 'ja'>[])
    .map((lang) => ({ lang, n: tokens.filter((t) => FUNCTION_WORDS[lang].has(t)).length }))
    .sort((a, b) => b.n - a.n)
  return { best: hits[0]!, second: hits[1]! }
}

const isRated = (code: string): code is RatedLanguage => (RATED_LANGUAGES as readonly string[]).includes(code)

/**
 * The language of one comment. Kana means Japanese outright. For the rest, a confident detection wins;
 * a short, ambiguous one ("Monday again." reads as Hungarian or Indonesian as easily as English) falls back
 * to the most likely rated language among the candidates, because the community mostly writes in those.
 */
export function detectLanguage(raw: string): DetectedLanguage {
  if (KANA.test(raw)) return { rated: 'ja' }
  const text = wordsOnly(raw)
  if (!LETTER.test(text)) return { none: true }
  const fw = functionWords(text)
  if (fw && fw.best.n >= 3 && fw.best.n >= 3 * fw.second.n) return { rated: fw.best.lang }
  // Only one rated language's words, but too few to settle it: good enough to overrule a rarer language.
  const hint = fw && fw.best.n > 0 && fw.second.n === 0 ? fw.best.lang : null
  const candidates = detector().detectAll(text)
  const top = candidates[0]
  if (!top) return HAN.test(text) ? { other: 'zh' } : { rated: 'en' }
  if (isRated(top.lang) && top.accuracy >= CONFIDENT) return { rated: top.lang }
  // The model's rarer languages (Berber, Galician, Afrikaans...) sometimes win a short comment over a rated
  // language close behind: a rated runner-up with a fair share is the safer reading.
  const runnerUp = candidates.find((c) => isRated(c.lang) && c.accuracy >= RUNNER_UP)
  // A few Latin-script words without any other language's letters ("New bike day! TX in green.") are too
  // little for the model to name a rarer language with confidence; it then picks among the rated ones.
  const tooShort = fw !== null && top.accuracy < SURE && (text.match(/\p{L}+/gu) ?? []).length < 8
  if (top.accuracy >= CONFIDENT && !tooShort) {
    if (runnerUp && isRated(runnerUp.lang)) return { rated: runnerUp.lang }
    return hint ? { rated: hint } : { other: top.lang }
  }
  // Afrikaans is Dutch's closest neighbour in the model: short Dutch comments often come back as it.
  const rated = candidates.map((c) => (c.lang === 'af' ? 'nl' : c.lang)).find(isRated)
  if (rated) return { rated }
  // Latin script with nothing rated among the candidates: a few words, most likely English.
  return LATIN_ONLY.test(text) ? { rated: 'en' } : { other: top.lang }
}
