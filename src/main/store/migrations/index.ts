import type { Db } from '../database'
import { initialSchema } from './001-initial'
import { approvalsSchema } from './002-approvals'
import { listeningSchema } from './003-listening'
import { triageSchema } from './004-triage'
import { peopleSchema } from './005-people'
import { performanceIndexes } from './006-performance'
import { reportIndex } from './007-report-index'
import { signalsRescore } from './008-signals-rescore'
import { changeLog } from './009-change-log'
import { teamOpLogSchema } from './010-team-op-log'
import { teamApply } from './011-team-apply'
import { coverageSchema } from './012-coverage'
import { batchChangeLog } from './013-batch-change-log'
import { tagActivitySchema } from './014-tag-activity'
import { sharedUuids } from './015-shared-uuids'
import { viewCountTriggers } from './view-counts'

export interface Migration {
  version: number
  name: string
  /** The SQL, or a function that writes it for the schema found (for a step that must not repeat what is already there). */
  sql: string | ((db: Db) => string)
}

/**
 * Each runs in one transaction that also sets PRAGMA user_version. Never edit a shipped one.
 * Sorted by version here, so the order of the lines below cannot break an upgrade.
 */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: initialSchema + viewCountTriggers },
  { version: 2, name: 'approvals and outbox', sql: approvalsSchema },
  { version: 3, name: 'listening and message signals', sql: listeningSchema },
  { version: 4, name: 'triage views', sql: triageSchema },
  { version: 5, name: 'saved views, contact merges, canned replies', sql: peopleSchema },
  { version: 6, name: 'performance indexes', sql: performanceIndexes },
  { version: 7, name: 'covering index for the weekly summary', sql: reportIndex },
  { version: 8, name: 'message signals scored again per language', sql: signalsRescore },
  { version: 9, name: 'stable uuids and the change log', sql: changeLog },
  { version: 10, name: 'team op log and membership', sql: teamOpLogSchema },
  { version: 11, name: 'team members and applied team ops', sql: teamApply },
  { version: 12, name: 'coverage per stream, gaps and silence alarms', sql: coverageSchema },
  { version: 13, name: 'the ingest writer logs its batches itself', sql: batchChangeLog },
  { version: 14, name: 'tagged conversations by activity, for tag: views', sql: tagActivitySchema },
  { version: 15, name: 'stable uuids for canned replies, saved views, rules, topics and contact merges', sql: sharedUuids },
].sort((a, b) => a.version - b.version)

export const latestSchemaVersion = migrations[migrations.length - 1]!.version
