import type { listeningOperationNames } from '../../shared/contract/names-listening'
import type { Core } from './compose'
import type { Handler } from './handler'

type Name = (typeof listeningOperationNames)[number]

/** Handlers of tracked topics, rules, moderation, sentiment, spam. */
export function listeningHandlers(core: Core): { [N in Name]: Handler<N> } {
  const l = core.listening
  return {
    'topics.list': () => l.topics(),
    'topics.save': (input) => l.saveTopic(input),
    'topics.delete': (input) => l.deleteTopic(input.id),
    'topics.matches': (input) => l.matches(input.topicId, input.limit),
    'topics.digest': (input) => l.digest(input.day),
    'topics.markSeen': () => l.markSeen(),
    'topics.preview': (input) => l.previewTopic(input.query),
    'rules.list': () => l.rules(),
    'rules.save': (input) => (core.connectors.requireKnown(input.conditions.platforms), l.saveRule(input)),
    'rules.delete': (input) => l.deleteRule(input.id),
    'rules.reorder': (input) => l.reorder(input.ids),
    'rules.setEnabled': (input) => l.setEnabled(input.id, input.enabled),
    'rules.dryRun': (input) => (core.connectors.requireKnown(input.rule?.conditions.platforms), l.dryRun(input)),
    'rules.actions': (input) => l.ruleActions(input),
    'rules.undo': (input) => l.undo(input.id),
    'moderation.request': (input) => l.requestModeration(input),
    'signals.backfill': () => l.startBackfill(),
    'signals.status': () => l.signalsStatus(),
    'spam.list': (input) => l.spamList(input.limit),
    'spam.mark': (input) => l.markSpam(input.conversationId, input.spam),
  }
}
