import type { OAuthSupport } from '../../../model/connector'
import { connectWithKey, forumUrl, parseCategories, parseTags } from './connect'
import { createUserApiKeyRequest, readUserApiKeyPayload } from './user-api-key'

/**
 * "Sign in with the forum": the User API Key flow on the browser sign-in's rails. The loopback's
 * address (with Parley's state in its query, which the forum keeps) is the auth_redirect; the forum
 * answers there with `payload` (the manifest's resultParam), read here with the flow's private key.
 */
export const discourseSignIn: OAuthSupport = {
  async prepare(input, http, redirectUri) {
    const baseUrl = forumUrl(input.url ?? input.baseUrl)
    const watch = { categories: parseCategories(input.categories), tags: parseTags(input.tags) }
    // The private key lives in this closure for the length of the flow only; it is never stored.
    const request = createUserApiKeyRequest({ forumUrl: baseUrl, redirectUri })
    return {
      authorizeUrl: () => request.url,
      complete: async (payload) => connectWithKey(baseUrl, { kind: 'user', userApiKey: readUserApiKeyPayload(payload, request) }, http, watch),
    }
  },
}
