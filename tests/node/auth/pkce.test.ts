import { describe, expect, it } from 'vitest'
import { challengeS256, createPkce, createVerifier, randomToken } from '../../../src/main/features/auth/pkce'

describe('PKCE (RFC 7636)', () => {
  it('matches the S256 example of Appendix B', () => {
    expect(challengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')
  })

  it('makes verifiers of 43 to 128 unreserved characters from random bytes', () => {
    expect(createVerifier()).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(createVerifier(96)).toMatch(/^[A-Za-z0-9_-]{128}$/)
    expect(() => createVerifier(31)).toThrow(RangeError)
    expect(() => createVerifier(97)).toThrow(RangeError)
    const seen = new Set(Array.from({ length: 50 }, () => createVerifier()))
    expect(seen.size).toBe(50)
  })

  it('pairs a fresh verifier with its challenge and refuses malformed verifiers', () => {
    const pkce = createPkce()
    expect(pkce.method).toBe('S256')
    expect(pkce.challenge).toBe(challengeS256(pkce.verifier))
    expect(pkce.challenge).not.toContain('=')
    expect(() => challengeS256('too-short')).toThrow(RangeError)
    expect(() => challengeS256(`${'a'.repeat(43)} `)).toThrow(RangeError)
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })
})
