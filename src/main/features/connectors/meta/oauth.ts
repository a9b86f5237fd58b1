import { ParleyError } from '../../../../shared/contract'
import type { HttpClient } from '../../../base/http'
import type { ConnectInput, ConnectResult, OAuthPreparation, OAuthSupport } from '../../../model/connector'
import { ALL_SCOPES, connectError, readCredentials } from './connect'
import { GRAPH_BASE, GRAPH_VERSION } from './graph'

/** Facebook Login's dialog lives on www.facebook.com; a compatible server (the tests' fake) serves both. */
export function dialogBase(apiBase: string): string {
  return new URL(apiBase).host === new URL(GRAPH_BASE).host ? 'https://www.facebook.com' : apiBase
}

/**
 * Facebook Login through the system browser: the authorization code flow with PKCE (S256) and the
 * loopback redirect of auth/. Meta allows http://localhost redirects for apps in development mode;
 * where an app cannot, the connect form takes the token or the login_success address instead (tokenFrom).
 */
export function createMetaOAuth(connect: (input: ConnectInput, http: HttpClient) => Promise<ConnectResult>): OAuthSupport {
  return {
    async prepare(input: ConnectInput, http: HttpClient, redirectUri: string): Promise<OAuthPreparation> {
      // Validates the app id and address now, before the browser opens; the token comes from the sign-in.
      const creds = readCredentials({ ...input, accessToken: 'pending' })
      return {
        authorizeUrl({ state, codeChallenge }) {
          const url = new URL(`${dialogBase(creds.apiBase)}/${GRAPH_VERSION}/dialog/oauth`)
          url.search = new URLSearchParams({
            client_id: creds.appId,
            redirect_uri: redirectUri,
            state,
            response_type: 'code',
            scope: ALL_SCOPES.join(','),
            code_challenge: codeChallenge,
            code_challenge_method: 'S256',
          }).toString()
          return url.toString()
        },
        async complete(code: string, codeVerifier: string): Promise<ConnectResult> {
          const url = new URL(`${creds.apiBase}/${GRAPH_VERSION}/oauth/access_token`)
          const params: Record<string, string> = { client_id: creds.appId, redirect_uri: redirectUri, code, code_verifier: codeVerifier }
          if (creds.appSecret) params.client_secret = creds.appSecret
          url.search = new URLSearchParams(params).toString()
          let token: unknown
          try {
            token = (await http.request(url.toString(), { timeoutMs: 20_000 })).json<{ access_token?: unknown }>().access_token
          } catch (error) {
            throw connectError(error, creds.apiBase)
          }
          if (typeof token !== 'string' || !token) throw new ParleyError('unavailable', 'Facebook finished the sign-in without an access token. Try again.')
          return connect({ ...input, accessToken: token }, http)
        },
      }
    },
  }
}

/** Meta's own landing page for desktop apps that cannot receive a redirect: the token arrives in the address it ends on. */
export const LOGIN_SUCCESS = 'https://www.facebook.com/connect/login_success.html'

/**
 * The documented fallback sign-in (implicit flow to login_success.html): open it, allow, and paste the
 * address the browser ends on; connect() reads the token from it (tokenFrom).
 */
export function fallbackLoginUrl(appId: string, apiBase: string): string {
  const url = new URL(`${dialogBase(apiBase)}/${GRAPH_VERSION}/dialog/oauth`)
  url.search = new URLSearchParams({ client_id: appId, redirect_uri: LOGIN_SUCCESS, response_type: 'token', scope: ALL_SCOPES.join(',') }).toString()
  return url.toString()
}
