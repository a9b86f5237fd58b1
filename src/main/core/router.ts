import { z } from 'zod'
import {
  isOperationName,
  operations,
  ParleyError,
  type CallResult,
  type OperationName,
} from '../../shared/contract'
import type { Core } from './compose'
import { approvalHandlers } from './router-approvals'
import type { Handler } from './handler'
import { triageHandlers } from './router-triage'
import { peopleHandlers } from './router-people'
import { listeningHandlers } from './router-listening'
import { reportsHandlers } from './router-reports'
import { systemHandlers } from './router-system'
import { exportHandlers } from './router-export'
import { teamHandlers } from './router-team'
import { coverageHandlers } from './router-coverage'
import { plainStorageError } from '../store/storage-errors'
import { plainIssue } from './plain-issues'
import { PreferencesStore } from '../features/people/preferences'
import { opContext, type OpContext } from '../features/team/op-context'

type Handlers = { [N in OperationName]: Handler<N> }

function handlersFor(core: Core): Handlers {
  const { inbox, demo, accounts } = core
  const preferences = new PreferencesStore(core.stores.settings)
  return {
    // The profile with its real role and whether it still waits for its passphrase.
    'app.info': () => ({ ...inbox.info(), profile: core.profiles.sessionProfile() }),
    'workspace.loadDemo': async (input) => {
      const result = await demo.load(input.conversations)
      core.counts.publish()
      return result
    },
    'views.counts': () => inbox.counts(),
    'accounts.list': () => inbox.accounts(),
    'conversations.list': (input) => inbox.list(input),
    'conversations.get': (input) => inbox.get(input.id),
    'conversations.markRead': (input) => inbox.markRead(input.id, input.read),
    'drafts.get': (input) => inbox.draft(input.conversationId),
    'drafts.save': (input) => inbox.saveDraft(input.conversationId, input.body),
    'connectors.list': () => accounts.connectors(),
    'vault.describe': () => accounts.describeVault(),
    'accounts.add': (input) => accounts.add(input.platform, input.fields),
    'accounts.remove': (input) => accounts.remove(input.id, input.deleteData),
    'accounts.pause': (input) => accounts.pause(input.id),
    'accounts.resume': (input) => accounts.resume(input.id),
    'accounts.pollNow': (input) => accounts.pollNow(input.id),
    'accounts.health': (input) => accounts.health(input.id),
    'accounts.beginOAuth': (input) => accounts.beginOAuth(input.platform, input.fields),
    'accounts.cancelOAuth': (input) => accounts.cancelOAuth(input.flowId),
    'preferences.get': () => preferences.get(),
    'preferences.set': (input) => preferences.set(input),
    ...approvalHandlers(core),
    ...triageHandlers(core),
    ...peopleHandlers(core),
    ...listeningHandlers(core),
    ...reportsHandlers(core),
    ...systemHandlers(core),
    ...exportHandlers(core),
    ...teamHandlers(core),
    ...coverageHandlers(core),
  }
}

export interface Router {
  handle(op: unknown, input: unknown): Promise<CallResult<unknown>>
}

/** A refusal stays readable however large the input: zod repeats unknown keys, and a key can be megabytes. */
const ISSUE_LIMITS = { issues: 20, path: 120, message: 200 } as const

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)

/** Each issue in plain words, with its field's path so a form can put it under the field. */
function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, ISSUE_LIMITS.issues).map((issue) => ({
    path: clip(issue.path.map(String).join('.') || '(input)', ISSUE_LIMITS.path),
    message: clip(plainIssue(issue), ISSUE_LIMITS.message),
  }))
}

/**
 * The one router both transports call. It validates every input against the
 * contract before any handler runs, and turns failures into plain messages.
 */
export function createRouter(core: Core, log: (message: string) => void = console.error): Router {
  const handlers = handlersFor(core)
  return {
    async handle(op, input) {
      if (!isOperationName(op)) {
        return { ok: false, error: { code: 'bad_input', message: `Unknown operation "${String(op).slice(0, 80)}".` } }
      }
      const parsed = operations[op].input.safeParse(input ?? {})
      if (!parsed.success) {
        const issues = describeIssues(parsed.error)
        const first = issues[0]
        return {
          ok: false,
          error: {
            code: 'bad_input',
            message: `${first ? first.message : 'That was not accepted.'} Nothing was changed.`,
            issues,
          },
        }
      }
      try {
        const handler = handlers[op] as Handler<OperationName>
        // The team op is written by the call's first transaction (the unit of work's participant reads this context).
        const context: OpContext = { operation: op, input: parsed.data, recorded: false, remote: false, before: core.team.beforeImage(op, parsed.data) }
        const value = await opContext.run(context, async () => {
          const result = await handler(parsed.data as never)
          recordForTeam(core, context, log)
          return result
        })
        return { ok: true, value }
      } catch (error) {
        if (error instanceof ParleyError) return { ok: false, error: { code: error.code, message: error.message } }
        // A full disk or a failing drive: the transaction rolled back; say so plainly.
        const storage = plainStorageError(error, core.db)
        if (storage) {
          log(`[parley] ${op} failed: ${error instanceof Error ? error.message : String(error)}`)
          return { ok: false, error: { code: storage.code, message: storage.message } }
        }
        log(`[parley] ${op} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
        return { ok: false, error: { code: 'internal', message: `Parley could not complete ${op}. The details are in the log.` } }
      }
    },
  }
}

/**
 * A shared operation whose writes did not go through the unit of work (so no transaction recorded
 * it) is recorded in a transaction of its own. A failure to record is logged, never turned into a
 * failure of what already happened.
 */
function recordForTeam(core: Core, context: OpContext, log: (message: string) => void): void {
  if (context.recorded || !core.team.records(context.operation)) return
  try {
    core.uow.run(() => undefined)
  } catch (error) {
    log(`[parley] ${context.operation} could not be recorded for the team: ${error instanceof Error ? error.message : String(error)}`)
  }
}
