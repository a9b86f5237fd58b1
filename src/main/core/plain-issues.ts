import type { z } from 'zod'

/**
 * Turns the contract's validation issues into sentences a person can act on
 * ("A passphrase needs at least 8 characters."), never the schema's own text.
 * A message written in the contract is used as it stands; zod's defaults are
 * rewritten from the issue's code and a label for the field.
 */

/** How fields read in a sentence; anything else is named by its key. */
const LABELS: Record<string, string> = {
  passphrase: 'A passphrase',
  currentPassphrase: 'Your current passphrase',
  name: 'A name',
  role: 'A role',
  note: 'A note',
  notes: 'Notes',
  body: 'The text',
  query: 'A search',
  tag: 'A tag',
  tagIds: 'The tags',
  color: 'A colour',
  ids: 'The conversations',
  keywords: 'The keywords',
  profileId: 'The profile',
  conversationId: 'The conversation',
  accountId: 'The account',
  limit: 'The number of results',
  instance: 'The server address',
  token: 'The access token',
  url: 'The address',
  view: 'The view',
  cursor: 'The page position',
  id: 'The id',
}

/** zod's built-in messages; anything else was written for people in the contract. */
const DEFAULT_MESSAGE = /^(Too (small|big)|Invalid|Unrecognized key|Expected|Required)/

const sentence = (text: string): string => {
  const trimmed = text.trim()
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
  return /[.!?]$/.test(capital) ? capital : `${capital}.`
}

function labelOf(path: PropertyKey[]): string {
  const key = [...path].reverse().find((p) => typeof p === 'string')
  if (key === undefined) return 'The input'
  return LABELS[key] ?? `The field “${key.slice(0, 60)}”`
}

const plural = (n: number | bigint, one: string): string => `${n} ${one}${Number(n) === 1 ? '' : 's'}`

function fromCode(issue: z.core.$ZodIssue): string {
  const label = labelOf(issue.path)
  switch (issue.code) {
    case 'too_small': {
      const min = issue.minimum
      if (issue.origin === 'string') return Number(min) <= 1 ? `${label} cannot be empty` : `${label} needs at least ${plural(min, 'character')}`
      if (issue.origin === 'array' || issue.origin === 'set') return `${label}: choose at least ${min}`
      return `${label} must be at least ${min}`
    }
    case 'too_big': {
      const max = issue.maximum
      if (issue.origin === 'string') return `${label} can have at most ${plural(max, 'character')}`
      if (issue.origin === 'array' || issue.origin === 'set') return `${label}: at most ${max} at a time`
      return `${label} can be at most ${max}`
    }
    case 'invalid_type':
      return issue.input === undefined ? `${label} is missing` : `${label} is not the right kind of value (it should be ${issue.expected === 'number' ? 'a number' : issue.expected === 'string' ? 'text' : `a ${issue.expected}`})`
    case 'invalid_value':
      return `${label} must be one of: ${issue.values.map(String).join(', ')}`
    case 'invalid_format':
      return `${label} is not written the right way`
    case 'unrecognized_keys':
      return `Parley does not know ${issue.keys.length === 1 ? 'the field' : 'the fields'} ${issue.keys.map((k) => `“${k.slice(0, 60)}”`).slice(0, 5).join(', ')}`
    case 'not_multiple_of':
      return `${label} must be a multiple of ${issue.divisor}`
    default:
      return `${label} is not accepted`
  }
}

/** One plain sentence for an issue. */
export function plainIssue(issue: z.core.$ZodIssue): string {
  if (issue.message && !DEFAULT_MESSAGE.test(issue.message)) return sentence(issue.message)
  return sentence(fromCode(issue))
}
