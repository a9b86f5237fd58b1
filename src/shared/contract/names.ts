/**
 * Plain lists of operation and event names. Kept free of zod so the sandboxed
 * preload can build its narrow API from them without bundling the schemas.
 */
import { triageOperationNames } from './names-triage'
import { peopleOperationNames } from './names-people'
import { listeningOperationNames } from './names-listening'
import { reportsOperationNames } from './names-reports'
import { systemOperationNames } from './names-system'
import { exportOperationNames } from './names-export'
import { teamOperationNames } from './names-team'
import { coverageOperationNames } from './names-coverage'

export const operationNames = [
  'app.info',
  'workspace.loadDemo',
  'views.counts',
  'accounts.list',
  'conversations.list',
  'conversations.get',
  'conversations.markRead',
  'drafts.get',
  'drafts.save',
  'connectors.list',
  'vault.describe',
  'accounts.add',
  'accounts.remove',
  'accounts.pause',
  'accounts.resume',
  'accounts.pollNow',
  'accounts.health',
  'accounts.beginOAuth',
  'accounts.cancelOAuth',
  'profiles.list',
  'profiles.current',
  'profiles.create',
  'profiles.switch',
  'profiles.setPassphrase',
  'profiles.unlock',
  'preferences.get',
  'preferences.set',
  'policy.get',
  'policy.set',
  'policy.evaluate',
  'approvals.envelope',
  'approvals.submit',
  'approvals.approve',
  'approvals.editAndApprove',
  'approvals.requestChanges',
  'approvals.reject',
  'approvals.list',
  'outbox.list',
  'outbox.cancel',
  'outbox.retry',
  'outbox.release',
  'outbox.resolveUnconfirmed',
  'audit.list',
  'audit.verify',
  'audit.export',
  ...triageOperationNames,
  ...peopleOperationNames,
  ...listeningOperationNames,
  ...reportsOperationNames,
  ...systemOperationNames,
  ...exportOperationNames,
  ...teamOperationNames,
  ...coverageOperationNames,
] as const

export const eventNames = [
  'counts.changed',
  'conversations.changed',
  'demo.progress',
  'draft.saved',
  'sync.progress',
  'sync.health',
  'sync.online',
  'accounts.changed',
  'accounts.oauthFinished',
  'profiles.changed',
  'approvals.changed',
  'outbox.changed',
  'listening.alert',
  'listening.changed',
  'signals.progress',
  'presence.changed',
  'savedViews.changed',
  'app.navigate',
  'team.changed',
  'coverage.alert',
  'coverage.changed',
  'system.damaged',
] as const

export type OperationName = (typeof operationNames)[number]
export type EventName = (typeof eventNames)[number]

export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && (operationNames as readonly string[]).includes(value)
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (eventNames as readonly string[]).includes(value)
}
