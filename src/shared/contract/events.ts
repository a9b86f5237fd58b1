import { z } from 'zod'
import { accountHealthSchema, channelAccountSchema, countsSchema, draftSchema, idSchema, viewSchema } from './entities'
import { outboxStateSchema, sessionProfileSchema } from './entities'
import type { EventName } from './names'
import { listeningEvents } from './operations-listening'
import { presenceSchema } from './operations-people'
import { teamSyncSchema } from './operations-team'
import { coverageEvents } from './operations-coverage'

export const approvalChangeKindSchema = z.enum(['submitted', 'approved', 'changes_requested', 'rejected', 'voided'])
export type ApprovalChangeKind = z.infer<typeof approvalChangeKindSchema>

/** The app's screens other than the inbox views, by name (the desktop shell's menu and deep links open them). */
export const screenNameSchema = z.enum(['channels', 'outbox', 'listening', 'rules', 'spam', 'reports'])

/** Where the desktop shell asks the window to go: a conversation, an inbox view or a screen. */
export const navigationTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('conversation'), conversationId: idSchema }),
  z.object({ kind: z.literal('view'), view: viewSchema }),
  z.object({ kind: z.literal('screen'), screen: screenNameSchema }),
])
export type NavigationTarget = z.infer<typeof navigationTargetSchema>

export const events = {
  'counts.changed': countsSchema,
  'conversations.changed': z.object({ ids: z.array(idSchema), reason: z.enum(['ingest', 'update', 'demo']) }),
  'demo.progress': z.object({ done: z.number().int(), total: z.number().int(), phase: z.enum(['building', 'finished']) }),
  'draft.saved': draftSchema,
  'sync.progress': z.object({ accountId: idSchema, stream: z.string(), fetched: z.number().int(), phase: z.enum(['backfill', 'poll']) }),
  'sync.health': accountHealthSchema,
  'sync.online': z.object({ online: z.boolean() }),
  'accounts.changed': z.object({ accountId: idSchema.nullable() }),
  /** The end of an OAuth flow: the connected account, or why it did not work, in plain words. */
  'accounts.oauthFinished': z.object({ flowId: z.string(), account: channelAccountSchema.nullable(), error: z.string().nullable() }),
  /** The session's acting profile, or the list of profiles, changed. */
  'profiles.changed': z.object({ current: sessionProfileSchema }),
  /**
   * An approval request changed: submitted, decided, or voided. authorId wrote the reply;
   * decidedBy acted on it last (null when nobody has yet); summary is the start of the
   * reply (the user's own words, never channel content), for a notification.
   * A first-step approval of a two-step request is still 'submitted' (the group decides next).
   */
  'approvals.changed': z.object({
    conversationId: idSchema,
    approvalId: z.string(),
    kind: approvalChangeKindSchema,
    authorId: idSchema,
    decidedBy: idSchema.nullable(),
    summary: z.string().max(80),
  }),
  'outbox.changed': z.object({ conversationId: idSchema, itemId: z.string(), state: outboxStateSchema, held: z.boolean() }),
  /** Who drafts a reply in a conversation now (collision warning); sent on every change and expiry. */
  'presence.changed': presenceSchema,
  /** Saved views were created, renamed, reordered, deleted or their "Notify me" changed. */
  'savedViews.changed': z.object({}),
  /** Sent by the desktop shell only (a deep link, a notification click, the menu), never by the core. */
  'app.navigate': navigationTargetSchema,
  /** The team sync state moved (a round started or ended, local changes waiting). */
  'team.changed': teamSyncSchema,
  /**
   * The check that runs in the background after an unclean close found the workspace database damaged:
   * Parley has stopped writing to it, and system.status now answers 'damaged' (the recovery screen).
   */
  'system.damaged': z.object({ problem: z.string() }),
  ...listeningEvents,
  ...coverageEvents,
} as const satisfies Record<EventName, z.ZodType>

export type Events = typeof events
export type EventPayload<N extends EventName> = z.output<Events[N]>
