import type { EventPayload, RuleOutcome } from '../../../shared/contract'
import type { Clock } from '../../base/clock'
import type { RuleStore } from '../../store/listening-rules'
import type { SignalStore } from '../../store/listening-signals'
import type { TopicStore } from '../../store/listening-topics'
import type { SettingsStore } from '../../store/settings'
import type { Transactions } from '../../store/transaction'
import type { RuleActions } from './actions'
import type { FactsReader, LoadedFacts } from './facts'
import { compileRule, planFor, type CompiledRule } from './rule-engine'
import { signalsOf } from './signals'
import type { SpamSignals } from './spam'
import { indexFacts, parseTracked, trackedMatches, type TrackedQuery } from './text-match'

const WATERMARK = 'listening.watermark'
const BATCH = 500
/** Messages per transaction when scoring in slices: tens of milliseconds of work on a busy core. */
const SLICE_BATCH = 25

export type Alert = EventPayload<'listening.alert'>

export interface ProcessorDeps {
  transactions: Transactions
  facts: FactsReader
  topics: TopicStore
  rules: RuleStore
  signals: SignalStore
  settings: SettingsStore
  actions: RuleActions
  spam: SpamSignals
  clock: Clock
  profileName(id: number): string
}

/** One pass over the pending messages: what it found so far and what it matches against. */
interface PendingRun {
  result: ProcessResult
  touched: Set<number>
  topics: { topic: { id: number; name: string; alert: boolean }; query: TrackedQuery }[]
  rules: CompiledRule[]
}

export interface ProcessResult {
  processed: number
  conversationIds: number[]
  alerts: Alert[]
  /** Platform actions were queued: the outbox should look. */
  moderationQueued: boolean
}

/**
 * Runs on every new inbound item, in the database worker, after each ingest: scores sentiment and
 * needs-reply, records spam signals, matches tracked topics (once per topic and item: the primary key),
 * and applies every enabled rule in order (once per rule and item: rule_runs). A watermark of the last
 * message id handled makes it exact whatever path stored the item (sync, outbox, a later poll of the same
 * post), and each batch commits with its watermark, so a crash repeats nothing and skips nothing.
 */
export class ListeningProcessor {
  constructor(private readonly deps: ProcessorDeps) {
    // A new workspace (or one from before listening) starts from what is stored: history is for dry runs and the backfill.
    if (deps.settings.get<number | null>(WATERMARK, null) === null) this.skipToEnd()
  }

  watermark(): number {
    return this.deps.settings.get<number>(WATERMARK, 0)
  }

  /** Treats everything stored as history (after a demo load): no alerts or rule actions for it. */
  skipToEnd(): void {
    this.deps.settings.set(WATERMARK, this.deps.signals.lastMessageId())
  }

  /** Processes every pending message now, in one go (tests, and callers that own the thread anyway). */
  runPending(): ProcessResult {
    const run = this.start()
    while (this.step(run, BATCH)) {
      /* next batch */
    }
    return this.finish(run)
  }

  /**
   * The same, a small batch per transaction with other work let in between: scoring a poll's 500 new
   * messages in one go held every other call on the database worker up for a few hundred milliseconds.
   */
  async runPendingInSlices(): Promise<ProcessResult> {
    const run = this.start()
    // The workspace may close between two slices; the watermark keeps the rest for the next start.
    while (this.deps.transactions.isOpen() && this.step(run, SLICE_BATCH)) await new Promise<void>((resolve) => setImmediate(resolve))
    return this.finish(run)
  }

  private start(): PendingRun {
    const topics = this.deps.topics
      .enabledTopics()
      .flatMap((t) => {
        try {
          return [{ topic: t, query: parseTracked(t.query) }]
        } catch {
          return [] // a query saved before the syntax changed: skipped, the screen shows its error
        }
      })
    return { result: { processed: 0, conversationIds: [], alerts: [], moderationQueued: false }, touched: new Set<number>(), topics, rules: this.compiledRules() }
  }

  /** One batch in one transaction; false once nothing is left. */
  private step(run: PendingRun, size: number): boolean {
    const batch = this.deps.facts.after(this.watermark(), size)
    if (!batch.length) {
      // Outbound, context and activity rows move the watermark too.
      const lastId = this.deps.signals.lastMessageIdAfter(this.watermark())
      if (lastId !== null) this.deps.settings.set(WATERMARK, lastId)
      return false
    }
    const end = batch[batch.length - 1]!.messageId
    this.deps.transactions.run(() => {
      for (const f of batch) this.one(f, run.topics, run.rules, run.result, run.touched)
      this.deps.settings.set(WATERMARK, end)
    })
    run.result.processed += batch.length
    return true
  }

  private finish(run: PendingRun): ProcessResult {
    run.result.conversationIds = [...run.touched]
    return run.result
  }

  private compiledRules(): CompiledRule[] {
    return this.deps.rules
      .rules()
      .filter((r) => r.enabled)
      .flatMap((r) => {
        try {
          return [compileRule(r)]
        } catch {
          return []
        }
      })
  }

  private one(f: LoadedFacts, topics: { topic: { id: number; name: string; alert: boolean }; query: TrackedQuery }[], rules: CompiledRule[], result: ProcessResult, touched: Set<number>): void {
    const now = this.deps.clock.now()
    if (f.needsReply === null) {
      const s = signalsOf(`${f.subject ?? ''} ${f.text}`, { kind: f.kind })
      f.sentiment = s.sentiment
      f.needsReply = s.needsReply
      this.deps.signals.setMessageSignals(f.messageId, s.sentiment, s.needsReply)
    }
    this.deps.signals.setConversationSignals(f.conversationId, f.sentiment, f.needsReply === true, f.createdAt)
    touched.add(f.conversationId)
    // Demo conversations never reach a platform; their spam signals would only be noise.
    if (!f.isDemo) this.deps.spam.record(f, now)
    const fields = indexFacts(f)
    for (const { topic, query } of topics) {
      if (!trackedMatches(query, f, fields)) continue
      if (this.deps.topics.recordMatch(topic.id, f.messageId, f.conversationId, now)) {
        result.alerts.push({ topicId: topic.id, topicName: topic.name, ruleName: null, conversationId: f.conversationId, messageId: f.messageId, authorName: f.authorName, text: f.text.slice(0, 140), notify: topic.alert })
      }
    }
    const outcomes = planFor(rules, f, fields, this.deps.profileName)
    const ran = new Set<number>()
    for (const outcome of outcomes) this.applyOnce(outcome, f, now, ran, result)
  }

  private applyOnce(outcome: RuleOutcome, f: LoadedFacts, now: number, ran: Set<number>, result: ProcessResult): void {
    if (!ran.has(outcome.ruleId)) {
      // The first action of a rule claims the (rule, message) run; a second pass finds it taken.
      if (!this.deps.rules.claimRun(outcome.ruleId, f.messageId, now)) return
      ran.add(outcome.ruleId)
    }
    this.deps.actions.apply(outcome, f, now)
    if (outcome.action.type === 'notify') {
      result.alerts.push({ topicId: null, topicName: outcome.ruleName, ruleName: outcome.ruleName, conversationId: f.conversationId, messageId: f.messageId, authorName: f.authorName, text: f.text.slice(0, 140), notify: true })
    }
    if (['hide', 'delete', 'block', 'spam', 'close', 'approve'].includes(outcome.action.type)) result.moderationQueued = true
  }
}
