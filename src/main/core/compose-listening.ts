import { RuleActions } from '../features/listening/actions'
import { SignalsBackfill } from '../features/listening/backfill'
import { FactsReader } from '../features/listening/facts'
import { ListeningProcessor } from '../features/listening/processor'
import { ListeningService } from '../features/listening/service'
import { SpamSignals } from '../features/listening/spam'
import { ModerationRequests, profileNameOf } from '../features/listening/moderation-requests'
import type { ConnectorRegistry } from '../features/connectors/registry'
import type { Platform } from '../../shared/contract'
import type { InboxService } from '../features/inbox/service'
import type { ListeningRepositories } from '../store/listening'
import type { ApprovalParts } from './compose-approvals'
import type { Stores } from './compose'
import type { CoreConfig } from './config'
import type { EventBus } from '../base/event-bus'

export interface ListeningParts {
  listening: ListeningService
  listeningProcessor: ListeningProcessor
  signalsBackfill: SignalsBackfill
  /** Called after every ingest (sync engine): signals, topics, rules, spam for the new items; resolves once they are done. */
  afterIngest(): Promise<void>
}

/**
 * Tracked topics, rules, signals and spam, composed in the database worker next to the sync engine.
 * Platform actions go into the approvals' outbox and are sent by its engine.
 */
/** Set by migration 008 when stored messages need scoring again. */
const RESCORE = 'signals.rescore'

export function composeListening(
  config: CoreConfig,
  parts: {
    repositories: ListeningRepositories
    events: EventBus
    stores: Stores
    inbox: InboxService
    approvals: Pick<ApprovalParts, 'profiles' | 'policy' | 'outboxEngine' | 'moderation'>
    connectors: ConnectorRegistry
  },
): ListeningParts {
  const { repositories: repos, events, stores, inbox, approvals, connectors } = parts
  // Platform actions (hide, delete, block, spam) go into the approvals' outbox through its queue.
  const clock = config.clock
  const facts = new FactsReader(repos.facts)
  const spam = new SpamSignals(repos.spam)
  const requests = new ModerationRequests(approvals.moderation, approvals.policy)
  const platformSpam = (platform: string): boolean => connectors.has(platform as Platform) && connectors.get(platform as Platform).capabilities.has('spam')
  const actions = new RuleActions(repos, (r) => requests.forRule(r), platformSpam)
  const backfill = new SignalsBackfill(repos, (done, total, finished) => {
    events.emit('signals.progress', { done, total, finished })
    if (finished) {
      stores.settings.set(RESCORE, false)
      events.emit('conversations.changed', { ids: [], reason: 'update' })
    }
  })
  const processor = new ListeningProcessor({
    transactions: repos.transactions,
    facts,
    topics: repos.topics,
    rules: repos.rules,
    signals: repos.signals,
    settings: stores.settings,
    actions,
    spam,
    clock,
    profileName: (id) => profileNameOf(approvals.profiles, id),
  })
  const conversationsChanged = (ids: number[]): void => {
    events.emit('conversations.changed', { ids, reason: 'update' })
    inbox.publishCounts()
  }
  const listening = new ListeningService({
    transactions: repos.transactions,
    topics: repos.topics,
    rules: repos.rules,
    facts,
    processor,
    actions,
    spam,
    backfill,
    requests,
    profiles: approvals.profiles,
    policy: approvals.policy,
    settings: stores.settings,
    events,
    clock,
    platformSpam,
    conversationsChanged,
    outboxNudge: () => approvals.outboxEngine.nudge(),
  })

  const processPending = async (): Promise<void> => {
    if (!repos.transactions.isOpen()) return
    const result = await processor.runPendingInSlices()
    if (!result.processed) return
    for (const alert of result.alerts) events.emit('listening.alert', alert)
    if (result.alerts.length) listening.changed()
    if (result.conversationIds.length) conversationsChanged(result.conversationIds)
    if (result.moderationQueued) approvals.outboxEngine.nudge()
  }
  // One pass at a time: two polls finishing together must not score the same batch twice.
  let queue: Promise<void> = Promise.resolve()
  const afterIngest = (): Promise<void> => {
    const run = queue.then(processPending)
    queue = run.catch(() => undefined)
    return run
  }

  // A demo workspace is history: no alerts or rule actions for it, but its messages get scored.
  events.subscribe((name, payload) => {
    if (name === 'demo.progress' && (payload as { phase: string }).phase === 'finished') {
      processor.skipToEnd()
      backfill.start()
    }
  })
  // Messages scored with an earlier rule (migration 008 sets the flag) are scored again in the background, once.
  if (stores.settings.get<boolean>(RESCORE, false)) backfill.start()
  return { listening, listeningProcessor: processor, signalsBackfill: backfill, afterIngest }
}
