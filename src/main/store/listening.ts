import { ActivityLog } from './activity'
import type { Db } from './database'
import { MessageFactsStore } from './listening-facts'
import { RuleStore } from './listening-rules'
import { SignalStore } from './listening-signals'
import { TopicStore } from './listening-topics'
import { RuleActionStore } from './rule-actions'
import { SpamStore } from './spam'
import { transactions, type Transactions } from './transaction'

/** Everything social listening reads and writes: topics, rules, message facts and signals, spam, rule actions. */
export interface ListeningRepositories {
  topics: TopicStore
  rules: RuleStore
  facts: MessageFactsStore
  signals: SignalStore
  spam: SpamStore
  actions: RuleActionStore
  activity: ActivityLog
  transactions: Transactions
}

/** Built once per workspace; every statement is prepared here. */
export function listeningRepositories(db: Db): ListeningRepositories {
  return {
    topics: new TopicStore(db),
    rules: new RuleStore(db),
    facts: new MessageFactsStore(db),
    signals: new SignalStore(db),
    spam: new SpamStore(db),
    actions: new RuleActionStore(db),
    activity: new ActivityLog(db),
    transactions: transactions(db),
  }
}
