import { closeDatabase, type Db } from '../store/database'
import { AccountStore } from '../store/accounts'
import { ConversationStore } from '../store/conversations'
import { CountStore } from '../store/counts'
import { DraftStore } from '../store/drafts'
import { IngestWriter } from '../store/ingest'
import { PeopleStore, ProfileStore } from '../store/profiles'
import { UnitOfWork } from '../store/unit-of-work'
import { ProfileSession } from '../features/people/session'
import { SettingsStore } from '../store/settings'
import { SyncStreamStore } from '../store/sync-streams'
import { DemoSeedWriter } from '../store/demo-seed'
import { listeningRepositories } from '../store/listening'
import { ReportsReadModel } from '../store/reports-read'
import { LiveDatabase } from '../store/backups'
import { builtInConnectors } from '../features/connectors'
import { createHttpClient } from '../base/http'
import { ConnectorRegistry } from '../features/connectors/registry'
import { AccountsService } from '../features/accounts/service'
import { InboxService } from '../features/inbox/service'
import { CountsPublisher } from '../features/inbox/counts-publisher'
import { ConversationNotices } from '../features/inbox/change-notices'
import { OutboxNudges } from '../features/outbox/nudges'
import { ProfilesService } from '../features/people/service'
import { AfterIngest } from '../features/sync/after-ingest'
import { inlinePreparer, ThreadItemPreparer } from '../features/ingest/item-preparer'
import { DemoLoader } from '../features/demo/loader'
import { SyncEngine } from '../features/sync/engine'
import { AccountSecrets } from '../features/sync/secrets'
import { realTimers } from '../base/timers'
export type { Stores } from '../store/stores'
import type { Stores } from '../store/stores'
import type { CoreConfig } from './config'
import { EventBus } from '../base/event-bus'
import { composeApprovals, composeDelivery, type ApprovalParts } from './compose-approvals'
import { composePeople, type PeopleParts } from './compose-people'
import { composeSystem, openWorkspaceDb } from './compose-system'
import { stampCleanClose } from '../store/clean-close'
import type { BackupService } from '../features/backup/service'
import { composeTriage, type TriageParts } from './compose-triage'
import { composeReports, type ReportParts } from './compose-reports'
import { composeListening, type ListeningParts } from './compose-listening'
import { warmLanguageDetector } from '../features/listening/language'
import { TeamWorkspace } from '../features/team/team-workspace'
import { composeTeam, composeTeamJournal } from './compose-team'
import { TeamSendLease } from '../features/team/send-lease'
import { TeamPollLease } from '../features/team/poll-lease'
import { composeCoverage, type CoverageParts } from './compose-coverage'


/** ApprovalParts: profiles, policy, approvals, outbox (service and engine), audit. */
export interface Core extends ApprovalParts, TriageParts, PeopleParts, ReportParts, ListeningParts, CoverageParts {
  readonly config: CoreConfig
  readonly db: Db
  readonly events: EventBus
  /** The one transaction object: stamps the change log and publishes each commit's changes once. */
  readonly uow: UnitOfWork
  readonly stores: Stores
  readonly inbox: InboxService
  /** Publishes the sidebar counts for the session's profile (counts.changed). */
  readonly counts: CountsPublisher
  readonly accounts: AccountsService
  /** The connectors this core can use: the one list of platforms (manifests, labels, colours). */
  readonly connectors: ConnectorRegistry
  readonly sync: SyncEngine
  readonly demo: DemoLoader
  /** Backups (daily, weekly, manual, pre-migration) and the on-demand integrity check. */
  readonly backups: BackupService
  /** The team store's laptop side: the op log, membership, push and pull. */
  readonly team: TeamWorkspace
  close(): Promise<void>
}

/**
 * The one composition root: the Electron shell, browser mode and the CLI all build the core here.
 * Wiring only, in dependency order (docs/ARCHITECTURE.md, "Composition"): each part is built after
 * everything it needs, so nothing refers to a part built later and nothing is changed after it is built.
 */
export function createCore(config: CoreConfig): Core {
  const { db, lock, file: dbFile, integrity } = openWorkspaceDb(config)
  const events = new EventBus()
  // Damage found by the background check: writes are already stopped; the screens are told.
  integrity.onDamage((damage) => events.emit('system.damaged', { problem: damage.message }))
  const now = (): number => config.clock.now()
  // Who acts: every count, draft and change is on the session profile's behalf.
  const settings = new SettingsStore(db)
  const profileStore = new ProfileStore(db)
  const people = new PeopleStore(db)
  const session = new ProfileSession(people, settings, () => profileStore.current(now()))
  const profiles = new ProfilesService(people, session, events, config.clock)
  const countStore = new CountStore(db)
  const counts = new CountsPublisher(countStore, events, profiles)
  const conversations = new ConversationNotices(events, counts)
  // The team journal's op recorder writes in every transaction of the unit of work.
  const teamJournal = composeTeamJournal(config, db, events)
  const uow = new UnitOfWork(db, { clock: config.clock, events, actor: () => session.actorUid(), counts, participant: teamJournal.journal.participant() })
  const stores: Stores = {
    accounts: new AccountStore(db),
    conversations: new ConversationStore(db),
    counts: countStore,
    drafts: new DraftStore(db),
    profiles: profileStore,
    settings,
    streams: new SyncStreamStore(db),
    ingest: new IngestWriter(db, now, undefined, uow),
  }
  // Polls' and the demo's items are sanitised on a thread of their own while the database worker writes.
  const preparer = config.itemPreparerEntry ? new ThreadItemPreparer(config.itemPreparerEntry) : inlinePreparer
  const http = config.http ?? createHttpClient(`Parley/${config.version} (+community inbox; desktop)`)
  const connectors = new ConnectorRegistry(config.connectors ?? builtInConnectors)
  const secrets = new AccountSecrets(config.vault, stores.accounts)
  // Whoever queues in the outbox rings this; the outbox engine, built after the sync engine, answers.
  const nudges = new OutboxNudges()
  const workflow = composeApprovals(config, { db, uow, profiles, events, stores, connectors, conversations, nudges })
  // Drafts are saved for the session's profile under the approval workflow's rules.
  const inbox = new InboxService(stores, events, config, { profiles, counts, conversations, drafts: workflow.approvals })
  const triageParts = composeTriage(config, { db, uow, profiles })
  const reportParts = composeReports(config, { read: new ReportsReadModel(db), dbFile, stores, connectors })
  const coverageParts = composeCoverage(config, {
    db,
    stores,
    people,
    events,
    connectors,
    zone: () => reportParts.reports.settings.timeZone(),
    requireSupervisor: (action) => void profiles.requireRole(['supervisor', 'admin'], action),
  })
  const { pass: listeningPass, ...listeningParts } = composeListening(config, { repositories: listeningRepositories(db), events, stores, conversations, nudges, approvals: workflow, connectors })
  const peopleParts = composePeople(config, { db, uow, events, stores, inbox, connectors, timeZone: () => reportParts.reports.settings.timeZone() })
  // Pulled ops are applied through the same domain code a person's click runs.
  const { team, teamSync } = composeTeam(config, teamJournal, {
    uow,
    profiles,
    people,
    approvals: workflow.approvals,
    ...workflow.approvalSeams,
    audit: workflow.audit,
    triage: triageParts.triage,
    tags: triageParts.tags,
    inbox,
    ingest: stores.ingest,
    accounts: stores.accounts,
    events,
    clock: config.clock,
    shared: { policy: workflow.policy, outbox: workflow.outbox, canned: peopleParts.canned, savedViews: peopleParts.savedViews, listening: listeningParts.listening, contacts: peopleParts.contacts },
  })
  const sync = new SyncEngine({
    accounts: stores.accounts,
    streams: stores.streams,
    ingest: stores.ingest,
    preparer,
    secrets,
    connectors,
    http,
    clock: config.clock,
    events,
    timers: config.timers ?? realTimers,
    random: config.random ?? Math.random,
    pollLease: new TeamPollLease(team, teamJournal.entities),
    // Signals, tracked topics, rules and spam for the new items, then the screens once.
    afterIngest: new AfterIngest(events, conversations, [listeningPass]),
    observer: coverageParts.recorder,
    options: config.sync,
  })
  const outboxEngine = composeDelivery(config, { uow, workflow, events, stores, connectors, sync, nudges, sendLease: new TeamSendLease(team, teamJournal.entities) })
  const approvalParts: ApprovalParts = {
    profiles,
    policy: workflow.policy,
    approvals: workflow.approvals,
    outbox: workflow.outbox,
    outboxEngine,
    audit: workflow.audit,
    moderation: workflow.moderation,
    approvalSeams: workflow.approvalSeams,
  }
  const accounts = new AccountsService({ accounts: stores.accounts, secrets, vault: config.vault, connectors, http, engine: sync, events, clock: config.clock, counts })
  const demo = new DemoLoader(new DemoSeedWriter(db), stores, events, now, preparer)
  const system = composeSystem(config, new LiveDatabase(db))
  if (config.autoSync) {
    // The language model, once, while the window is still loading: not in the middle of the first poll.
    setImmediate(() => {
      if (db.open) warmLanguageDetector()
    })
    sync.start()
    // Reconciles replies a crash left in 'sending', then sends due ones by itself.
    approvalParts.outboxEngine.start()
    // Wakes snoozes that fell due while Parley was closed, then waits for the next one.
    triageParts.snoozes.start()
    // The Monday export; catches up on a week missed while Parley was closed.
    reportParts.autoExport.start()
    // A workspace that joined a team shares its changes and receives the team's while it runs.
    teamSync.start()
    // Silences and accounts that need reconnecting are looked for between polls too.
    coverageParts.coverageMonitor.start()
  }
  return {
    config,
    db,
    events,
    uow,
    stores,
    inbox,
    counts,
    accounts,
    connectors,
    sync,
    demo,
    backups: system.backups,
    team,
    ...approvalParts,
    ...triageParts,
    ...peopleParts,
    ...reportParts,
    ...listeningParts,
    coverage: coverageParts.coverage,
    coverageMonitor: coverageParts.coverageMonitor,
    close: async () => {
      coverageParts.coverageMonitor.stop()
      reportParts.autoExport.stop()
      await teamSync.stop()
      await reportParts.reports.close()
      peopleParts.presence.dispose()
      triageParts.snoozes.stop()
      await approvalParts.outboxEngine.stop()
      await accounts.dispose()
      await sync.stop()
      await preparer.close()
      // A backup in progress finishes before the database closes.
      await system.backups.stop()
      if (closeDatabase(db)) stampCleanClose(dbFile, integrity.checkedAt)
      lock.release()
    },
  }
}
