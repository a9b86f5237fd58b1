import { parseArgs } from 'node:util'
import { ParleyError, type ChannelAccount } from '../../../../shared/contract'
import { GRAPH_BASE } from '../../../features/connectors/meta/graph'
import { fallbackLoginUrl } from '../../../features/connectors/meta/oauth'
import type { CliContext } from '../context'
import { openCliCore, workspaceOptions } from '../open-core'
import { err, UsageError } from '../output'
import { readSecret, secretGiven, type SecretFlag } from '../secret-input'
import { printConnected, usageErrorFor } from './accounts-output'

export const metaAddHelp = `parley accounts add facebook --app-id ID [--app-secret-file FILE|-] [--access-token-file FILE|-] [--pages "Page A,Page B"] [--no-instagram] [--api-base URL]
parley accounts add instagram --app-id ID [--app-secret-file FILE|-] [--access-token-file FILE|-] [--pages "Page A"] [--api-base URL]
  Each Page becomes a Facebook account; the Instagram professional account linked to it is added with it
  (--no-instagram skips those). Without --access-token-file, Parley prints Facebook's login address: open it,
  allow the permissions, and paste the address the browser ends on (login_success.html#access_token=…).
  The app secret is optional: with it the token is swapped for a long-lived one. Secrets never go on the command line.`

const APP_SECRET: SecretFlag = { name: 'app-secret', label: 'Meta app secret' }
const ACCESS_TOKEN: SecretFlag = { name: 'access-token', label: 'Facebook login address or user access token' }

/** `parley accounts add facebook|instagram …`: one account per Page (and its Instagram account), all from one sign-in. */
export async function addMetaAccounts(platform: 'facebook' | 'instagram', argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...workspaceOptions,
      'app-id': { type: 'string' },
      'app-secret-file': { type: 'string' },
      'access-token-file': { type: 'string' },
      pages: { type: 'string' },
      'no-instagram': { type: 'boolean', default: false },
      'api-base': { type: 'string' },
    },
    strict: true,
  })
  const appId = values['app-id']
  if (!appId) throw new UsageError(`Adding a ${platform} account needs --app-id (the number at the top of your Meta app's dashboard).\n\n${metaAddHelp}`)
  if (platform === 'instagram' && values['no-instagram']) throw new UsageError('--no-instagram only makes sense when adding Facebook Pages.')
  const flags = values as Record<string, unknown>
  if (values['app-secret-file'] === '-' && values['access-token-file'] === '-') throw new UsageError('Only one secret can come from standard input: give the other as a file.')
  const appSecret = secretGiven(flags, APP_SECRET) ? await readSecret(flags, APP_SECRET) : undefined
  if (!secretGiven(flags, ACCESS_TOKEN)) {
    err(`Open this address, log in, allow the permissions, then paste the address your browser ends on:\n\n  ${fallbackLoginUrl(appId, values['api-base'] ?? GRAPH_BASE)}\n`)
  }
  const accessToken = await readSecret(flags, ACCESS_TOKEN)
  const pages = (values.pages ?? '').split(',').map((p) => p.trim()).filter(Boolean)
  const client = await openCliCore(values, ctx)
  try {
    const { accounts: service } = client.core
    const base: Record<string, string> = { appId, accessToken }
    if (appSecret) base.appSecret = appSecret
    if (values['api-base']) base.apiBase = values['api-base']
    const added: ChannelAccount[] = []
    for (const page of pages.length ? pages : [undefined]) {
      const fields = page ? { ...base, page } : base
      if (platform === 'facebook') added.push(await service.add('facebook', fields))
      if (platform === 'instagram' || !values['no-instagram']) {
        try {
          added.push(await service.add('instagram', fields))
        } catch (error) {
          // A Page without a linked Instagram account is normal when adding Pages: say so and go on.
          if (platform === 'instagram' || !(error instanceof ParleyError)) throw error
          err(`No Instagram account added for ${page ?? 'the Page'}: ${error.message}`)
        }
      }
    }
    for (const account of added) await printConnected(service, account)
    return 0
  } catch (error) {
    throw usageErrorFor(error)
  } finally {
    await client.close()
  }
}
