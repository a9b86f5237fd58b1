/**
 * Lets the ingest writer log a batch itself. A poll stores thousands of messages, and per-row triggers
 * wrote two change rows for each (the message, then the conversation it updated): a quarter of ingest
 * time. While change_context.batch_logged is 1 (set and cleared inside the writer's own transaction),
 * the triggers of the four tables ingest writes skip, and the writer appends one row per entity it
 * touched. Every other writer keeps the triggers, so none can forget.
 */
import type { Db } from '../database'
import { changeLogTriggers, logged } from './change-log-triggers'
import { hasColumn } from './has-column'

const batched = new Set(['conversations', 'messages', 'contacts', 'identities'])
const gate = '(SELECT batch_logged FROM change_context WHERE id = 1) = 0'

export const batchChangeLog = (db: Db): string => /* sql */ `
${hasColumn(db, 'change_context', 'batch_logged') ? '' : 'ALTER TABLE change_context ADD COLUMN batch_logged INTEGER NOT NULL DEFAULT 0;'}
${logged
  .filter((l) => batched.has(l.table))
  .map(
    (l) => `
DROP TRIGGER IF EXISTS ${l.table}_change_insert;
DROP TRIGGER IF EXISTS ${l.table}_change_update;
DROP TRIGGER IF EXISTS ${l.table}_change_delete;
${changeLogTriggers(l, gate)}`,
  )
  .join('\n')}
`
