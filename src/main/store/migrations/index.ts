import { initialSchema } from './001-initial'
import { approvalsSchema } from './002-approvals'
import { listeningSchema } from './003-listening'
import { viewCountTriggers } from './view-counts'

export interface Migration {
  version: number
  name: string
  sql: string
}

/** Ordered; each runs in one transaction that also sets PRAGMA user_version. Never edit a shipped one. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: initialSchema + viewCountTriggers },
  { version: 2, name: 'approvals and outbox', sql: approvalsSchema },
  { version: 3, name: 'listening and message signals', sql: listeningSchema },
]

export const latestSchemaVersion = migrations[migrations.length - 1]!.version
