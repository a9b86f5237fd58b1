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
import { InboxService, type InboxHooks } from '../features/inbox/service'
import { DemoLoader } from '../features/demo/loader'
import { SyncEngine } from '../features/sync/engine'
import { AccountSecrets } from '../features/sync/secrets'
import { realTimers } from '../base/timers'
export type { Stores } from '../store/stores'
import type { Stores } from '../store/stores'
import type { CoreConfig } from './config'
import { EventBus } from '../base/event-bus'
import { composeApprovals, type ApprovalParts } from './compose-approvals'
import { composePeople, type PeopleParts } from './compose-people'
import { composeSystem, openWorkspaceDb } from './compose-system'
import { stampCleanClose } from '../store/clean-close'
import type { BackupService } from '../features/backup/service'
import { composeTriage, type TriageParts } from './compose-triage'
import { composeReports, type ReportParts } from './compose-reports'
import { composeListening, type ListeningParts } from './compose-listening'
import { warmLanguageDetector } from '../features/listening/language'
import { TeamWorkspace } from '../features/team/team-workspace'
import { composeTeam, composeTeamApply } from './compose-team'
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

/** The one composition root: the Electron shell, browser mode and the CLI all build the core here. */
export function createCore(config: CoreConfig): Core {
  const { db, lock, file: dbFile, checkedAt } = openWorkspaceDb(config)
  const events = new EventBus()
  const now = (): number => config.clock.now()
  const settings = new SettingsStore(db)
  const profileStore = new ProfileStore(db)
  const people = new PeopleStore(db)
  const session = new ProfileSession(people, settings, () => profileStore.current(now()))
  const uow = new UnitOfWork(db, { clock: config.clock, events, actor: () => session.actorUid(), publishCounts: () => inbox.publishCounts() })
  // First: the team's op recorder joins every transaction from here on.
  const teamParts = composeTeam(config, db, uow)
  const { team, teamSync } = teamParts
  const stores: Stores = {
    accounts: new AccountStore(db),
    conversations: new ConversationStore(db),
    counts: new CountStore(db),
    drafts: new DraftStore(db),
    profiles: profileStore,
    settings,
    streams: new SyncStreamStore(db),
    ingest: new IngestWriter(db, now, undefined, uow),
  }
  const inboxHooks: InboxHooks = {}
  const inbox = new InboxService(stores, events, config, inboxHooks)
  const http = config.http ?? createHttpClient(`Parley/${config.version} (+community inbox; desktop)`)
  const connectors = new ConnectorRegistry(config.connectors ?? builtInConnectors)
  const secrets = new AccountSecrets(config.vault, stores.accounts)
  // Read when used: the reports' zone and the acting profile's rights are composed further down.
  const coverageParts = composeCoverage(config, {
    db,
    stores,
    people,
    events,
    connectors,
    zone: () => reportParts.reports.settings.timeZone(),
    requireSupervisor: (action) => void approvalParts.profiles.requireRole(['supervisor', 'admin'], action),
  })
  const sync = new SyncEngine({
    accounts: stores.accounts,
    streams: stores.streams,
    ingest: stores.ingest,
    secrets,
    connectors,
    http,
    clock: config.clock,
    events,
    timers: config.timers ?? realTimers,
    random: config.random ?? Math.random,
    // One arrival reaches the screens once: what the rules changed is merged into the ingest's change.
    pollLease: new TeamPollLease(team, teamParts.entities),
    onIngested: (ids) =>
      events.coalesce(async () => {
        // Signals, tracked topics, rules and spam for the new items, before the screens refetch.
        await listeningParts.afterIngest()
        events.emit('conversations.changed', { ids, reason: 'ingest' })
        inbox.publishCounts()
      }),
    observer: coverageParts.recorder,
    options: config.sync,
  })
  const accounts = new AccountsService({
    accounts: stores.accounts,
    secrets,
    vault: config.vault,
    connectors,
    http,
    engine: sync,
    events,
    clock: config.clock,
    publishCounts: () => inbox.publishCounts(),
  })
  const demo = new DemoLoader(new DemoSeedWriter(db), stores, events, now)
  const approvalParts = composeApprovals(config, { db, uow, people, session, events, stores, connectors, sync, inbox, inboxHooks, sendLease: new TeamSendLease(team, teamParts.entities) })
  const system = composeSystem(config, new LiveDatabase(db))
  const triageParts = composeTriage(config, { db, uow, profiles: approvalParts.profiles })
  const peopleParts = composePeople(config, { db, uow, events, stores, inbox, connectors })
  const reportParts = composeReports(config, { read: new ReportsReadModel(db), dbFile, stores, connectors })
  const listeningParts: ListeningParts = composeListening(config, { repositories: listeningRepositories(db), events, stores, inbox, approvals: approvalParts, connectors })
  team.onChange = (state) => {
    events.emit('team.changed', state)
    // A round that reached the team may have shared an approval or released a lease: replies refused a lease try again now, not half a minute later.
    if (state.state === 'synced') approvalParts.outboxEngine.retryBlockedNow()
  }
  composeTeamApply(team, {
    uow,
    log: teamParts.log,
    entities: teamParts.entities,
    profiles: approvalParts.profiles,
    people,
    approvals: approvalParts.approvals,
    ...approvalParts.approvalSeams,
    audit: approvalParts.audit,
    triage: triageParts.triage,
    tags: triageParts.tags,
    inbox,
    ingest: stores.ingest,
    accounts: stores.accounts,
    events,
    clock: config.clock,
  })
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
      // A backup in progress finishes before the database closes.
      await system.backups.stop()
      if (closeDatabase(db)) stampCleanClose(dbFile, checkedAt)
      lock.release()
    },
  }
}
