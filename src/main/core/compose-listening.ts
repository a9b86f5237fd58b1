import { RuleActions } from '../features/listening/actions'
import { SignalsBackfill } from '../features/listening/backfill'
import { FactsReader } from '../features/listening/facts'
import { ListeningPass } from '../features/listening/ingest-pass'
import { platformFilesSpam } from '../features/listening/platform-spam'
import { ListeningProcessor } from '../features/listening/processor'
import { SignalsRescore } from '../features/listening/rescore'
import { ListeningService } from '../features/listening/service'
import { SpamSignals } from '../features/listening/spam'
import { ModerationRequests, profileNameOf } from '../features/listening/moderation-requests'
import type { ConnectorRegistry } from '../features/connectors/registry'
import type { ConversationNotices } from '../features/inbox/change-notices'
import type { OutboxNudges } from '../features/outbox/nudges'
import type { ListeningRepositories } from '../store/listening'
import type { ApprovalParts } from './compose-approvals'
import type { Stores } from './compose'
import type { CoreConfig } from './config'
import type { EventBus } from '../base/event-bus'

export interface ListeningParts {
  listening: ListeningService
  listeningProcessor: ListeningProcessor
  signalsBackfill: SignalsBackfill
}

/**
 * Tracked topics, rules, signals and spam, composed in the database worker before the sync engine,
 * which runs the returned pass after every ingest. Platform actions go into the approvals' outbox
 * (its moderation queue) and ring the outbox engine's doorbell, so listening needs no engine.
 */
export function composeListening(
  config: CoreConfig,
  parts: {
    repositories: ListeningRepositories
    events: EventBus
    stores: Stores
    conversations: ConversationNotices
    nudges: OutboxNudges
    approvals: Pick<ApprovalParts, 'profiles' | 'policy' | 'moderation'>
    connectors: ConnectorRegistry
  },
): ListeningParts & { pass: ListeningPass } {
  const { repositories: repos, events, stores, conversations, nudges, approvals, connectors } = parts
  const clock = config.clock
  const facts = new FactsReader(repos.facts)
  const spam = new SpamSignals(repos.spam)
  const requests = new ModerationRequests(approvals.moderation, approvals.policy)
  const platformSpam = platformFilesSpam(connectors)
  const actions = new RuleActions(repos, (r) => requests.forRule(r), platformSpam)
  const rescore = new SignalsRescore(events, stores.settings)
  const backfill = new SignalsBackfill(repos, rescore.progress)
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
    conversations,
    nudges,
  })
  const pass = new ListeningPass({ transactions: repos.transactions, processor, topicsChanged: () => listening.changed(), events, conversations, nudges })
  rescore.watch(processor, backfill)
  return { listening, listeningProcessor: processor, signalsBackfill: backfill, pass }
}
