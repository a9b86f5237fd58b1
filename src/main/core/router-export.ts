import type { exportOperationNames } from '../../shared/contract/names-export'
import { collectConversation } from '../features/export/collect'
import { conversationFile } from '../features/export/files'
import { saveAttachment } from '../features/inbox/attachments'
import type { Core } from './compose'
import type { Handler } from './handler'

type Name = (typeof exportOperationNames)[number]

/** Handlers of the per-conversation export and of the reply facts the composer shows. */
export function exportHandlers(core: Core): { [N in Name]: Handler<N> } {
  return {
    'conversations.export': async (input) => ({ files: [await conversationFile(collectConversation(core, input.id, input.includeNotes), input.format)] }),
    'messages.attachment': (input) =>
      saveAttachment(
        { conversations: core.stores.conversations, accounts: core.stores.accounts, connectors: core.connectors, contextFor: (id) => core.sync.connectorContext(id) },
        input.messageId,
        input.index,
      ),
    'replies.facts': (input) => {
      const rules = core.approvals.replyRules(input.conversationId)
      const now = core.config.clock.now()
      // The account's cooldown: the latest "wait until" any of its streams was given, if still ahead.
      const demo = core.inbox.accounts().find((a) => a.id === rules.accountId)?.isDemo ?? true
      const health = demo ? undefined : core.accounts.health(rules.accountId)[0]
      const until = Math.max(0, ...(health?.streams ?? []).map((s) => s.rateLimitedUntil ?? 0))
      return {
        platformLabel: rules.platformLabel,
        limits: rules.limits,
        deadline: rules.deadline,
        window: rules.window,
        cost: rules.cost,
        cooldownUntil: until > now ? until : null,
      }
    },
  }
}
