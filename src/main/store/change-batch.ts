import type { Db } from './database'

export type BatchedEntity = 'conversation' | 'message' | 'contact' | 'identity'

/** Names the entities one write touched; each gets one change row however often it was written. */
export interface ChangeRecorder {
  inserted(entity: BatchedEntity, uuid: string): void
  updated(entity: BatchedEntity, uuid: string): void
}

/**
 * The change-log rows of one ingest call, appended in one statement after it instead of by a trigger
 * per written row (migration 13 switches those triggers off while batch_logged is 1). An entity inserted
 * and then updated in the same call is one insert row: the log names what changed, a replica reads the
 * row as it is now. Flag and rows are written inside the caller's transaction, so a rollback takes both.
 */
export class ChangeBatch {
  private readonly setBatchLogged
  private readonly append

  constructor(private readonly db: Db) {
    this.setBatchLogged = db.prepare<[number]>('UPDATE change_context SET batch_logged = ? WHERE id = 1')
    this.append = db.prepare<[string]>(
      `INSERT INTO change_log(entity, entity_uuid, op, hlc, profile_uid, at)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, c.hlc, c.profile_uid, c.at
       FROM json_each(?) AS j, change_context AS c WHERE c.id = 1 ORDER BY j.key`,
    )
  }

  run<T>(write: (log: ChangeRecorder) => T): T {
    if (!this.db.inTransaction) throw new Error('A batch-logged write must run inside a transaction.')
    const rows = new Map<string, [BatchedEntity, string, 'insert' | 'update']>()
    const recorder: ChangeRecorder = {
      inserted: (entity, uuid) => void rows.set(uuid, [entity, uuid, 'insert']),
      updated: (entity, uuid) => {
        if (!rows.has(uuid)) rows.set(uuid, [entity, uuid, 'update'])
      },
    }
    this.setBatchLogged.run(1)
    const result = write(recorder)
    if (rows.size) this.append.run(JSON.stringify([...rows.values()]))
    this.setBatchLogged.run(0)
    return result
  }
}
