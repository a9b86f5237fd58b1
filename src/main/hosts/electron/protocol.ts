import { net, protocol } from 'electron'
import { relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CONTENT_SECURITY_POLICY } from '../server/security-headers'
import { APP_SCHEME } from './app-origin'

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ])
}

/** Serves the built renderer from its folder only, with the strict CSP. */
export function serveRenderer(rendererDir: string): void {
  const root = resolve(rendererDir)
  protocol.handle(APP_SCHEME, async (request) => {
    const { pathname } = new URL(request.url)
    const file = resolve(root, `.${decodeURIComponent(pathname === '/' ? '/index.html' : pathname)}`)
    const inside = relative(root, file)
    if (inside.startsWith('..') || inside.includes(`..${sep}`)) return new Response('Not found', { status: 404 })
    const response = await net.fetch(pathToFileURL(file).toString())
    const headers = new Headers(response.headers)
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    headers.set('X-Content-Type-Options', 'nosniff')
    return new Response(response.body, { status: response.status, headers })
  })
}
