import { isIP } from 'node:net'
import { ParleyError } from '../../../shared/contract'

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]'])

export function isLoopback(host: string): boolean {
  if (LOOPBACK_NAMES.has(host.toLowerCase())) return true
  return isIP(host) === 4 && host.startsWith('127.')
}

/**
 * Browser mode serves a workspace full of private messages: it binds to
 * loopback unless the user names another address and says --allow-remote.
 */
export function checkBindAddress(host: string, allowRemote: boolean): void {
  if (isLoopback(host)) return
  if (!allowRemote) {
    throw new ParleyError(
      'bad_input',
      `Refusing to listen on ${host}: anyone who can reach that address could read this workspace. ` +
        'Parley listens on 127.0.0.1 by default. To serve another address on purpose, pass --host ' +
        `${host} together with --allow-remote.`,
    )
  }
}
