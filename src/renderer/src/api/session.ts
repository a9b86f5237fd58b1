/** Why browser mode has no access: never signed in, an address already used, or a Parley that restarted since. */
export type SignedOutReason = 'no_session' | 'used' | 'restarted'

export type SessionState = { signedIn: true } | { signedIn: false; reason: SignedOutReason }

/**
 * Asks the server whether this browser's session cookie is one it issued. A cookie it does not
 * know means Parley restarted since this tab signed in. Null when the server cannot be reached.
 */
export async function checkSession(origin: string, doFetch: typeof fetch): Promise<SessionState | null> {
  try {
    const response = await doFetch(new URL('/api/session', origin).toString(), { cache: 'no-store', credentials: 'same-origin' })
    const body = (await response.json()) as { ok?: boolean; value?: { signedIn?: boolean; reason?: string } }
    if (!body.ok || !body.value) return null
    if (body.value.signedIn) return { signedIn: true }
    return { signedIn: false, reason: body.value.reason === 'restarted' ? 'restarted' : 'no_session' }
  } catch {
    return null
  }
}
