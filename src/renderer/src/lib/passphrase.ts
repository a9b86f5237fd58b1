import type { limits as contractLimits } from '@shared/contract'

// The contract's minimum (a type, so the renderer does not bundle zod for one number).
export const PASSPHRASE_MIN: (typeof contractLimits)['passphraseMin'] = 8

/** Why a new passphrase typed twice cannot be used, or null when it can (the core checks the same rules again). */
export function newPassphraseProblem(first: string, second: string): string | null {
  if (first.length < PASSPHRASE_MIN) return `A passphrase needs at least ${PASSPHRASE_MIN} characters.`
  if (first !== second) return 'The two passphrases are not the same. Type them again.'
  return null
}
