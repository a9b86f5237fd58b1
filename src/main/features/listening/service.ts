import { ParleyError, type DryRunResult, type OutboxItem, type Rule, type RuleAction, type RuleConditions, type Topic, type TopicMatch } from '../../../shared/contract'
import { needsApproval } from '../approval/policy'
import type { PolicyStore } from '../approval/policy-store'
import type { Clock } from '../../base/clock'
import type { EventBus } from '../../base/event-bus'
import { toItem } from '../../store/outbox'
import type { ProfilesService } from '../people/service'
import type { ConversationNotices } from '../inbox/change-notices'
import type { OutboxNudges } from '../outbox/nudges'
import type { RuleStore } from '../../store/listening-rules'
import type { TopicStore } from '../../store/listening-topics'
import type { SettingsStore } from '../../store/settings'
import type { Transactions } from '../../store/transaction'
import type { RuleActions } from './actions'
import type { SignalsBackfill } from './backfill'
import { dryRun } from './dry-run'
import { previewTopic, type TopicPreview } from './topic-preview'
import type { FactsReader, LoadedFacts } from './facts'
import type { ListeningProcessor } from './processor'
import type { SpamSignals } from './spam'
import { profileNameOf, type ModerationRequests } from './moderation-requests'
import { parseTracked } from './text-match'

export const SEEN_KEY = 'listening.seenAt'

export interface ListeningDeps {
  transactions: Transactions
  topics: TopicStore
  rules: RuleStore
  facts: FactsReader
  processor: ListeningProcessor
  actions: RuleActions
  spam: SpamSignals
  backfill: SignalsBackfill
  requests: ModerationRequests
  profiles: ProfilesService
  policy: PolicyStore
  settings: SettingsStore
  events: EventBus
  clock: Clock
  /** Whether the platform files spam itself (e-mail's Junk folder), so a spam mark also queues that. */
  platformSpam(platform: string): boolean
  /** After rules changed conversations or queued platform actions: the lists and the counts. */
  conversations: ConversationNotices
  /** Rung after a platform action was queued in the outbox. */
  nudges: OutboxNudges
}

/** The listening operations: topics, rules, dry runs, undo, moderation requests, signals, spam. */
export class ListeningService {
  constructor(private readonly deps: ListeningDeps) {}

  topics(): Topic[] {
    return this.deps.topics.topics(this.seenAt())
  }

  saveTopic(input: { id?: number; name: string; query: string; enabled: boolean; alert: boolean }): Topic {
    parseTracked(input.query) // a bad query is refused with the parser's words, before anything is stored
    const id = this.deps.topics.saveTopic(input, this.deps.clock.now())
    this.changed()
    return this.deps.topics.topic(id, this.seenAt())!
  }

  /** What a topic would have matched in stored history; changes nothing. */
  previewTopic(query: string): TopicPreview {
    return previewTopic(this.deps.facts, query)
  }

  deleteTopic(id: number): { deleted: boolean } {
    const deleted = this.deps.topics.deleteTopic(id)
    this.changed()
    return { deleted }
  }

  matches(topicId: number | undefined, limit: number): TopicMatch[] {
    return this.deps.topics.matches(topicId, limit)
  }

  /** One UTC day's matches per topic, with a few samples each. */
  digest(day?: string): { day: string; total: number; topics: { topicId: number; name: string; count: number; samples: TopicMatch[] }[] } {
    const d = day ?? new Date(this.deps.clock.now()).toISOString().slice(0, 10)
    const start = Date.parse(`${d}T00:00:00Z`)
    const end = start + 86_400_000
    const topics = this.deps.topics.digest(start, end)
    return { day: d, total: topics.reduce((n, t) => n + t.count, 0), topics }
  }

  markSeen(): { seenAt: number } {
    const seenAt = this.deps.clock.now()
    this.deps.settings.set(SEEN_KEY, seenAt)
    this.changed()
    return { seenAt }
  }

  unseen(): number {
    return this.deps.topics.unseen(this.seenAt())
  }

  rules(): Rule[] {
    return this.deps.rules.rules()
  }

  saveRule(input: { id?: number; name: string; conditions: RuleConditions; actions: RuleAction[] }): Rule {
    this.requireEditor()
    this.check(input)
    const id = this.deps.rules.saveRule(input, this.deps.clock.now())
    this.changed()
    return this.deps.rules.rule(id)!
  }

  deleteRule(id: number): { deleted: boolean } {
    this.requireEditor()
    const deleted = this.deps.rules.deleteRule(id)
    this.changed()
    return { deleted }
  }

  reorder(ids: number[]): Rule[] {
    this.requireEditor()
    this.deps.rules.reorder(ids, this.deps.clock.now())
    this.changed()
    return this.deps.rules.rules()
  }

  setEnabled(id: number, enabled: boolean): Rule {
    this.requireEditor()
    if (!this.deps.rules.setEnabled(id, enabled, this.deps.clock.now())) throw new ParleyError('not_found', 'That rule no longer exists.')
    this.changed()
    return this.deps.rules.rule(id)!
  }

  dryRun(input: { id?: number; rule?: { name: string; conditions: RuleConditions; actions: RuleAction[] }; limit: number }): DryRunResult {
    const rule = input.rule ? { id: input.id ?? 0, ...input.rule } : this.deps.rules.rule(input.id!)
    if (!rule) throw new ParleyError('not_found', 'That rule no longer exists.')
    this.check(rule)
    return dryRun(this.deps.facts, rule, input.limit, (id) => this.profileName(id))
  }

  ruleActions(q: { conversationId?: number; ruleId?: number; limit: number }) {
    return this.deps.actions.list(q)
  }

  undo(id: number) {
    const me = this.deps.profiles.current()
    const undone = this.deps.actions.undo(id, { id: me.id, name: me.name }, this.deps.clock.now())
    this.deps.conversations.changed([undone.conversationId])
    return undone
  }

  /** A person asks for a platform action; the reply approval policy decides whether a supervisor must release it. */
  requestModeration(input: { conversationId: number; messageId?: number; action: 'hide' | 'delete' | 'block' | 'flag' | 'move' | 'close' | 'approve'; folder?: string }): OutboxItem {
    const me = this.deps.profiles.current()
    const facts = this.targetFacts(input.conversationId, input.messageId)
    const label = `${input.action} requested by ${me.name}`
    const verdict = needsApproval(this.deps.policy.get(), { profileId: me.id, role: me.role, channelAccountId: facts.accountId, text: label })
    const hold = verdict.required ? `Needs a supervisor or admin to release it (${me.name} is an ${me.role}).` : null
    const item = this.deps.transactions.run(() => this.deps.requests.enqueue({ facts, action: input.action, folder: input.folder, ruleName: null, profileId: me.id, requestedBy: me.name, hold }))
    this.deps.conversations.changed([input.conversationId])
    this.deps.nudges.nudge()
    return toItem(item)
  }

  /** For RuleActions: queues a rule's platform action in the outbox, in the processor's transaction. */
  signalsStatus() {
    return this.deps.backfill.status()
  }

  startBackfill() {
    this.deps.backfill.start()
    return this.deps.backfill.status()
  }

  spamList(limit: number) {
    return this.deps.spam.list(limit)
  }

  markSpam(conversationId: number, spam: boolean): { marked: boolean } {
    const me = this.deps.profiles.current()
    const at = this.deps.clock.now()
    // Marking again queues nothing new: the first mark already asked the platform.
    const already = this.deps.spam.isMarked(conversationId)
    const facts = spam && !already ? this.platformSpamFacts(conversationId) : null
    this.deps.transactions.run(() => {
      this.deps.spam.mark(conversationId, spam, me.id, at)
      // Where the platform has a spam folder the mail is filed there too, through the outbox like any platform action.
      if (facts) {
        const label = `spam requested by ${me.name}`
        const verdict = needsApproval(this.deps.policy.get(), { profileId: me.id, role: me.role, channelAccountId: facts.accountId, text: label })
        const hold = verdict.required ? `Needs a supervisor or admin to release it (${me.name} is an ${me.role}).` : null
        this.deps.requests.enqueue({ facts, action: 'spam', ruleName: null, profileId: me.id, requestedBy: me.name, hold })
      }
    })
    this.changed()
    if (facts) {
      this.deps.conversations.changed([conversationId])
      this.deps.nudges.nudge()
    }
    return { marked: spam }
  }

  /** The latest inbound message of a conversation whose platform files spam itself; null otherwise. */
  private platformSpamFacts(conversationId: number): LoadedFacts | null {
    const platform = this.deps.facts.conversationPlatform(conversationId)
    if (!platform || platform.isDemo || !this.deps.platformSpam(platform.platform)) return null
    try {
      const facts = this.targetFacts(conversationId)
      return facts.remoteId ? facts : null
    } catch {
      return null // nothing from someone else to file: Parley's own mark is all there is to do
    }
  }

  /** When the person last looked at the matches: newer ones count as unseen. */
  private seenAt(): number {
    return this.deps.settings.get<number>(SEEN_KEY, 0)
  }

  profileName(id: number): string {
    return profileNameOf(this.deps.profiles, id)
  }

  changed(): void {
    this.deps.events.emit('listening.changed', { unseen: this.unseen() })
  }

  private targetFacts(conversationId: number, messageId?: number): LoadedFacts {
    const id = messageId ?? this.deps.facts.latestInboundId(conversationId)
    const facts = id ? this.deps.facts.one(id) : null
    if (!facts || facts.conversationId !== conversationId) throw new ParleyError('not_found', 'There is no message from someone else in this conversation to act on.')
    return facts
  }

  private requireEditor(): void {
    this.deps.profiles.requireRole(['supervisor', 'admin'], 'change rules')
  }

  private check(rule: { conditions: RuleConditions; actions: RuleAction[] }): void {
    if (rule.conditions.text?.trim()) parseTracked(rule.conditions.text)
    for (const a of rule.actions) {
      if (a.type === 'assign' && !this.deps.profiles.get(a.profileId)) throw new ParleyError('bad_input', 'The person to assign to does not exist.')
    }
    const c = rule.conditions
    if (c.minFollowers !== undefined && c.maxFollowers !== undefined && c.minFollowers > c.maxFollowers) {
      throw new ParleyError('bad_input', 'The minimum follower count is above the maximum.')
    }
  }
}
