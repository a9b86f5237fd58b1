import { z } from 'zod'

const empty = z.object({}).strict()

export const backupKindSchema = z.enum(['daily', 'weekly', 'manual', 'pre-migration', 'pre-restore'])

/** One file in <dataDir>/backups. */
export const backupInfoSchema = z.object({
  name: z.string(),
  kind: backupKindSchema,
  /** When it was taken (ms since the epoch). */
  at: z.number(),
  bytes: z.number().int(),
})
export type BackupInfo = z.infer<typeof backupInfoSchema>

/**
 * 'damaged': the database failed its check at open; only the system.*
 * operations answer, and the renderer shows the recovery screen.
 */
export const workspaceStatusSchema = z.object({
  state: z.enum(['ok', 'damaged']),
  /** What is wrong, in plain words; null when the workspace is fine. */
  problem: z.string().nullable(),
  dataDir: z.string(),
  latestBackup: backupInfoSchema.nullable(),
  /** The command that restores the latest backup from a terminal. */
  restoreCommand: z.string(),
})
export type WorkspaceStatus = z.infer<typeof workspaceStatusSchema>

/** Operations of integrity, backups, restore. Spread into `operations`; names go in names-system.ts. */
export const systemOperations = {
  'system.status': { input: empty, output: workspaceStatusSchema },
  /** The full check: PRAGMA integrity_check and the FTS5 search index's own check. */
  'system.integrityCheck': {
    input: empty,
    output: z.object({ ok: z.boolean(), problems: z.array(z.string()), checkedAt: z.number(), tookMs: z.number() }),
  },
  'system.backups': { input: empty, output: z.object({ folder: z.string(), backups: z.array(backupInfoSchema) }) },
  'system.backupNow': { input: empty, output: backupInfoSchema },
  /** Only while the workspace is damaged (the recovery screen); otherwise use `parley restore` with Parley closed. */
  'system.restoreLatest': {
    input: empty,
    output: z.object({ restoredFrom: z.string(), previousCopy: z.string().nullable() }),
  },
} as const
