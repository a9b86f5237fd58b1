/**
 * What a program does with the address `parley serve` prints: opens it once (the one-time code
 * becomes a session), then uses the session as its bearer token. `newAddress` asks the running
 * server for a fresh one-time address, for a browser page to open.
 */
export interface ServeSession {
  origin: string
  /** The session, usable as `Authorization: Bearer …`. */
  token: string
  newAddress(): Promise<string>
}

export async function signIn(printedUrl: string): Promise<ServeSession> {
  const parsed = new URL(printedUrl)
  const response = await fetch(printedUrl, { redirect: 'manual' })
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('parley_session_'))
  if (response.status !== 303 || !cookie) throw new Error(`Opening ${parsed.origin} gave HTTP ${response.status} and no session cookie.`)
  const token = cookie.split(';')[0]!.split('=')[1]!
  return {
    origin: parsed.origin,
    token,
    async newAddress() {
      const reply = await fetch(`${parsed.origin}/api/session/address`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
      const body = (await reply.json()) as { ok: boolean; value: { url: string } }
      if (!body.ok) throw new Error(`No new address (HTTP ${reply.status}).`)
      return body.value.url
    },
  }
}
