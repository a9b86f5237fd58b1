/**
 * Background vocabulary with a Zipf-like frequency distribution, used for
 * filler sentences so full-text search over a large demo workspace sees a
 * realistic spread of terms instead of the same few template words.
 */
import { Rng, Zipf } from './prng'
import { ADJECTIVES, DOMAIN_EXTRAS, FUNCTION_WORDS, IRREGULAR_NOUNS, IRREGULAR_VERBS, NOUNS, VERBS } from './words'

function split(list: string): string[] {
  return list.split(/\s+/).filter((w) => w.length > 0)
}

const VOWELS = 'aeiou'

function isConsonantY(w: string): boolean {
  return w.endsWith('y') && w.length > 1 && !VOWELS.includes(w.charAt(w.length - 2))
}

function plural(w: string): string {
  if (isConsonantY(w)) return w.slice(0, -1) + 'ies'
  if (/(s|x|z|ch|sh)$/.test(w)) return w + 'es'
  return w + 's'
}

interface VerbForms {
  base: string
  s: string
  past: string
  ing: string
}

function regularVerb(entry: string): VerbForms {
  const double = entry.endsWith('+')
  const w = double ? entry.slice(0, -1) : entry
  const stem = double ? w + w.charAt(w.length - 1) : w
  let past: string
  let ing: string
  if (isConsonantY(w)) {
    past = w.slice(0, -1) + 'ied'
    ing = w + 'ing'
  } else if (w.endsWith('e')) {
    past = w + 'd'
    ing = w.endsWith('ee') ? w + 'ing' : w.slice(0, -1) + 'ing'
  } else {
    past = stem + 'ed'
    ing = stem + 'ing'
  }
  return { base: w, s: plural(w), past, ing }
}

function adverb(w: string): string {
  if (w.endsWith('y')) return w.slice(0, -1) + 'ily'
  if (w.endsWith('le')) return w.slice(0, -1) + 'y'
  if (w.endsWith('ic')) return w + 'ally'
  if (w.endsWith('ll')) return w + 'y'
  return w + 'ly'
}

/** Words by part of speech; each list is deduplicated and ordered most common first. */
interface Lexicon {
  nouns: string[]
  plurals: string[]
  verbsBase: string[]
  verbsS: string[]
  verbsPast: string[]
  verbsIng: string[]
  adjectives: string[]
  adverbs: string[]
  all: string[]
}

function buildLexicon(): Lexicon {
  const nouns: string[] = []
  const plurals: string[] = []
  for (const raw of split(NOUNS)) {
    if (raw.endsWith('!')) nouns.push(raw.slice(0, -1))
    else {
      nouns.push(raw)
      plurals.push(plural(raw))
    }
  }
  for (const raw of split(IRREGULAR_NOUNS)) {
    const [one, many] = raw.split('/') as [string, string | undefined]
    nouns.push(one)
    plurals.push(many ?? one)
  }
  nouns.push(...split(DOMAIN_EXTRAS))

  const base: string[] = []
  const s: string[] = []
  const past: string[] = []
  const ing: string[] = []
  for (const raw of split(VERBS)) {
    const f = regularVerb(raw)
    base.push(f.base)
    s.push(f.s)
    past.push(f.past)
    ing.push(f.ing)
  }
  // Irregular groups: base, third person, then past/participle forms, -ing last.
  for (const group of IRREGULAR_VERBS.split(';')) {
    const forms = split(group)
    if (forms.length < 3) continue
    base.push(forms[0] as string)
    s.push(forms[1] as string)
    ing.push(forms[forms.length - 1] as string)
    past.push(...forms.slice(2, -1))
  }

  const adjectives: string[] = []
  const adverbs: string[] = []
  for (const raw of split(ADJECTIVES)) {
    const w = raw.endsWith('~') ? raw.slice(0, -1) : raw
    adjectives.push(w)
    if (raw.endsWith('~')) adverbs.push(adverb(w))
  }

  // Function words lead, then content words shuffled with a fixed seed so
  // frequency rank is not alphabetical or grouped by topic.
  const content = [...nouns, ...base, ...adjectives, ...plurals, ...s, ...past, ...ing, ...adverbs]
  shuffle(content, new Rng(0x5eed))
  const all = dedupe([...split(FUNCTION_WORDS), ...content])
  return {
    nouns: dedupe(nouns),
    plurals: dedupe(plurals),
    verbsBase: dedupe(base),
    verbsS: dedupe(s),
    verbsPast: dedupe(past),
    verbsIng: dedupe(ing),
    adjectives: dedupe(adjectives),
    adverbs: dedupe(adverbs),
    all,
  }
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)]
}

function shuffle<T>(list: T[], rng: Rng): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = list[i] as T
    list[i] = list[j] as T
    list[j] = t
  }
}

let lexicon: Lexicon | null = null

function lex(): Lexicon {
  lexicon ??= buildLexicon()
  return lexicon
}

/** Every distinct background word, most frequent rank first. */
export function vocabulary(): readonly string[] {
  return lex().all
}

/** Zipf sampler over one word list: a few words are common, most are rare. */
class WordSource {
  private readonly zipf: Zipf
  constructor(private readonly words: readonly string[]) {
    // Each list is only one part of speech, so its head is flattened (q = 8).
    this.zipf = new Zipf(words.length, 1, 8)
  }
  draw(rng: Rng): string {
    return this.words[this.zipf.sample(rng)] as string
  }
}

const PREPOSITIONS = ['in', 'on', 'at', 'near', 'behind', 'after', 'before', 'under', 'over', 'with', 'without', 'past', 'around', 'through', 'across', 'from']
const DETERMINERS = ['the', 'the', 'the', 'my', 'our', 'that', 'this', 'your', 'their']
const PLURAL_DETERMINERS = ['the', 'the', 'my', 'our', 'those', 'these', 'some', 'your', 'their']

/*
 * Sentence shapes for filler: slot letters are n noun, m plural noun,
 * a adjective, v verb, s verb -s, d past, g -ing, r adverb, p preposition,
 * t determiner, u plural determiner.
 */
const SHAPES = [
  't a n d p t n.',
  'I d t n r p t n.',
  'We v u a m p t n most days.',
  't n was a and a, but t n d r.',
  'Honestly t n s a p t n.',
  'It s r when you v t n.',
  'Not sure why t n d, maybe t n d p t n.',
  'Also g t a n p t n s a.',
  'You v a m p t n and then v t n.',
  'Last time t n d, t a n d too.',
  'Still g t n p t a n.',
  'u m and u m both d r.',
  'Most m v r p t n.',
  'Some m were a, others were a.',
]

interface Sources {
  n: WordSource
  m: WordSource
  a: WordSource
  v: WordSource
  s: WordSource
  d: WordSource
  g: WordSource
  r: WordSource
}

let sources: Sources | null = null

function src(): Sources {
  if (!sources) {
    const l = lex()
    sources = {
      n: new WordSource(l.nouns),
      m: new WordSource(l.plurals),
      a: new WordSource(l.adjectives),
      v: new WordSource(l.verbsBase),
      s: new WordSource(l.verbsS),
      d: new WordSource(l.verbsPast),
      g: new WordSource(l.verbsIng),
      r: new WordSource(l.adverbs),
    }
  }
  return sources
}

const SHAPE_TOKENS = SHAPES.map((shape) => shape.split(' '))

/** One plausible-looking sentence of background words. */
export function fillerSentence(rng: Rng): string {
  const s = src()
  const tokens = SHAPE_TOKENS[rng.int(SHAPE_TOKENS.length)] as string[]
  let out = ''
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as string
    // The last token may carry punctuation ("n." or "a,").
    const slot = tok.charAt(0)
    const tail = tok.length === 2 && (tok.charAt(1) === '.' || tok.charAt(1) === ',') ? tok.charAt(1) : ''
    let word: string
    if (tail !== '' || tok.length === 1) {
      switch (slot) {
        case 'n': word = s.n.draw(rng); break
        case 'm': word = s.m.draw(rng); break
        case 'a': word = s.a.draw(rng); break
        case 'v': word = s.v.draw(rng); break
        case 's': word = s.s.draw(rng); break
        case 'd': word = s.d.draw(rng); break
        case 'g': word = s.g.draw(rng); break
        case 'r': word = s.r.draw(rng); break
        case 'p': word = rng.pick(PREPOSITIONS); break
        case 't': word = rng.pick(DETERMINERS); break
        case 'u': word = rng.pick(PLURAL_DETERMINERS); break
        default: word = tok.slice(0, tok.length - tail.length)
      }
      word += tail
    } else {
      word = tok
    }
    out += i === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : ' ' + word
  }
  return out
}
