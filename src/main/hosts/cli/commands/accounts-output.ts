import type { ChannelAccount } from '../../../../shared/contract'
import { ParleyError } from '../../../../shared/contract'
import type { AccountsService } from '../../../features/accounts/service'
import { out, UsageError } from '../output'

/** One line per account, as "parley accounts list" prints it. */
export function describeAccount(a: ChannelAccount): string {
  const state = a.status === 'active' ? '' : ` [${a.status.replace('_', ' ')}${a.statusMessage ? `: ${a.statusMessage}` : ''}]`
  return `#${a.id}  ${a.platform.padEnd(9)} ${a.displayName} (${a.handle})${a.isDemo ? ' [demo]' : ''}${state}`
}

/** "Connected …", and where the account's secrets (or password) went, unless nothing was stored. */
export async function printConnected(
  service: Pick<AccountsService, 'describeVault'>,
  account: ChannelAccount,
  secrets = 'Its secrets are',
): Promise<void> {
  const vault = await service.describeVault()
  out(`Connected ${describeAccount(account)}.${vault.kind === 'none' ? '' : ` ${secrets} in: ${vault.description}.`}`)
}

/** A refusal of what was typed is a usage error (exit code and help as for a wrong flag); anything else goes on. */
export function usageErrorFor(error: unknown): unknown {
  return error instanceof ParleyError && error.code === 'bad_input' ? new UsageError(error.message) : error
}
