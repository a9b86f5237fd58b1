import { constants, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto'
import { ParleyError } from '../../../../shared/contract'

/**
 * Discourse's User API Key flow, the sign-in for people who are not the forum's admin: Parley makes
 * an RSA key pair, the person approves Parley on the forum in their browser, and the forum sends the
 * key back to the redirect address encrypted with Parley's public key (so only this Parley can read
 * it), together with the nonce Parley chose (so an old or foreign answer is refused).
 *
 * The forum must allow the redirect address: its admin adds it to the site setting
 * allowed_user_api_auth_redirects (for Parley's loopback, http://127.0.0.1/*).
 */

/** read: topics and notifications; write: replies and flags; session_info: who the key acts as. */
export const USER_API_SCOPES = ['read', 'write', 'notifications', 'session_info'] as const

export interface UserApiKeyRequest {
  /** The forum page the person opens to approve Parley. */
  url: string
  /** Kept by Parley only, for the length of the flow; never stored. */
  privateKeyPem: string
  nonce: string
  clientId: string
}

export function createUserApiKeyRequest(input: { forumUrl: string; redirectUri: string; applicationName?: string; clientId?: string }): UserApiKeyRequest {
  // 2048 bits: the size Discourse's own clients use; the forum encrypts a short JSON with it.
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
  const nonce = randomBytes(16).toString('hex')
  const clientId = input.clientId ?? randomBytes(16).toString('hex')
  const query = new URLSearchParams({
    application_name: input.applicationName ?? 'Parley',
    client_id: clientId,
    scopes: USER_API_SCOPES.join(','),
    public_key: publicKey,
    nonce,
    auth_redirect: input.redirectUri,
  })
  return { url: `${input.forumUrl}/user-api-key/new?${query.toString()}`, privateKeyPem: privateKey, nonce, clientId }
}

/** The `payload` the forum appended to the redirect: base64 of the RSA-encrypted {"key","nonce","push","api"}. */
export function readUserApiKeyPayload(payload: string, request: Pick<UserApiKeyRequest, 'privateKeyPem' | 'nonce'>): string {
  const refused = (why: string): ParleyError => new ParleyError('unauthorized', `The forum's answer could not be used (${why}). Start the sign-in again.`)
  let clear: Buffer
  try {
    // Ruby's Base64.encode64 breaks lines; a URL may have turned "+" into " ".
    const bytes = Buffer.from(payload.replace(/ /g, '+').replace(/\s+/g, ''), 'base64')
    // Discourse encrypts with OpenSSL's public_encrypt and its default PKCS#1 v1.5 padding.
    clear = privateDecrypt({ key: request.privateKeyPem, padding: constants.RSA_PKCS1_PADDING }, bytes)
  } catch {
    throw refused('it was not encrypted for this sign-in')
  }
  let body: { key?: unknown; nonce?: unknown }
  try {
    body = JSON.parse(clear.toString('utf8')) as { key?: unknown; nonce?: unknown }
  } catch {
    // OpenSSL's implicit rejection answers a wrong key with random bytes rather than an error: same verdict.
    throw refused('it was not encrypted for this sign-in')
  }
  if (body.nonce !== request.nonce) throw refused('it belongs to another sign-in')
  if (typeof body.key !== 'string' || !/^[A-Za-z0-9_-]{8,}$/.test(body.key)) throw refused('it holds no key')
  return body.key
}
