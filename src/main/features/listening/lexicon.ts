import { createRequire } from 'node:module'

/** The languages nlp.js ships a sentiment lexicon for, among those Parley rates (English uses wink-nlp, Japanese its own cues). */
export type LexiconLanguage = 'es' | 'de' | 'fr' | 'pt' | 'it' | 'nl'

export interface LexiconScore {
  /** Sum of the matched words' polarity, negation applied. */
  score: number
  /** Words the lexicon knew. */
  hits: number
}

interface Dictionary {
  type: 'senticon' | 'pattern' | 'afinn'
  dictionary: Record<string, number>
  negations: string[]
}

interface Analyzer {
  prepare(locale: string, text: string, settings: undefined, stemmed: boolean): string[]
  calculate(input: { locale: string; tokens: string[]; sentimentDictionary: Dictionary & { stemmed: boolean } }): {
    sentiment: { score: number; numHits: number }
  }
}

const PACKAGES: Record<LexiconLanguage, [pkg: string, exported: string]> = {
  es: ['@nlpjs/lang-es', 'LangEs'],
  de: ['@nlpjs/lang-de', 'LangDe'],
  fr: ['@nlpjs/lang-fr', 'LangFr'],
  pt: ['@nlpjs/lang-pt', 'LangPt'],
  it: ['@nlpjs/lang-it', 'LangIt'],
  nl: ['@nlpjs/lang-nl', 'LangNl'],
}

/**
 * nlp.js's per-language lexicons (ML-SentiCon for Spanish and German, Pattern for French, Italian and Dutch,
 * AFINN for Portuguese) with each language's own tokenizer and stemmer, all in-process and offline. The
 * analyzer's public `process` is async only because its pipeline can be; the two steps it runs are
 * synchronous, and the database worker scores items inline, so they are called directly. A language's
 * stemmer and lexicon load the first time an item in that language is scored.
 */
const loaded = new Map<LexiconLanguage, { analyzer: Analyzer; dictionary: Dictionary }>()
function load(lang: LexiconLanguage): { analyzer: Analyzer; dictionary: Dictionary } {
  let entry = loaded.get(lang)
  if (!entry) {
    const require = createRequire(import.meta.url)
    const { containerBootstrap } = require('@nlpjs/core') as { containerBootstrap: () => { use(x: unknown): void; get(name: string): unknown } }
    const { SentimentAnalyzer } = require('@nlpjs/sentiment') as { SentimentAnalyzer: new (s: object) => Analyzer }
    const [pkg, exported] = PACKAGES[lang]
    const container = containerBootstrap()
    container.use((require(pkg) as Record<string, unknown>)[exported])
    const raw = container.get(`sentiment-${lang}`) as Record<string, unknown> & { negations: { words: string[] } }
    const type = (['senticon', 'pattern', 'afinn'] as const).find((t) => raw[t])!
    entry = {
      analyzer: new SentimentAnalyzer({ container }),
      dictionary: { type, dictionary: raw[type] as Record<string, number>, negations: raw.negations.words },
    }
    loaded.set(lang, entry)
  }
  return entry
}

/** AFINN scores run from -5 to 5, the others from -1 to 1: brought to one scale. */
const SCALE: Record<Dictionary['type'], number> = { senticon: 1, pattern: 1, afinn: 0.25 }

export function lexiconScore(lang: LexiconLanguage, text: string): LexiconScore {
  const { analyzer, dictionary } = load(lang)
  const tokens = analyzer.prepare(lang, text, undefined, true)
  const { sentiment } = analyzer.calculate({ locale: lang, tokens, sentimentDictionary: { ...dictionary, stemmed: true } })
  return { score: sentiment.score * SCALE[dictionary.type], hits: sentiment.numHits }
}
