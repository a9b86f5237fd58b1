import type { ChannelAccountSeed, NormalizedItem, Platform } from './items'
import type { Clock } from '../base/clock'
import type { AccountBudget } from '../../shared/contract'
import type { ConnectorManifest, Capability as ManifestCapability } from '../../shared/contract/manifest'
import type { HttpClient } from '../base/http'
import type { Timers } from '../base/timers'

/** What a platform can do; the UI and the outbox ask before offering an action (listed in the manifest). */
export type Capability = ManifestCapability

export type AuthKind = ConnectorManifest['authKind']

/**
 * The fields every Connector takes from its manifest, so they are written once (in manifest.ts):
 * `...fromManifest(manifest)` at the top of the connector object.
 */
export function fromManifest(manifest: ConnectorManifest): Pick<Connector, 'manifest' | 'platform' | 'label' | 'authKind' | 'capabilities'> {
  return { manifest, platform: manifest.id, label: manifest.label, authKind: manifest.authKind, capabilities: new Set(manifest.capabilities) }
}

/**
 * A platform's name and colour for places that only print it (reports, exports, templates), read from the
 * connector registry; an id no connector knows (an account of a removed connector) falls back to itself.
 */
export interface PlatformNames {
  label(platform: string): string
  colour(platform: string): string
}

export interface StreamSpec {
  /** Stable name, stored with the cursor: "notifications", "conversations", "chat", "feed". */
  name: string
  /** Default poll interval, within the platform's published limits. */
  intervalMs: number
}

/** The account as a connector sees it: public fields plus its secrets from the vault. */
export interface AccountContext {
  id: number
  baseUrl: string
  handle: string
  /** Non-secret per-account settings (JSON in SQLite), e.g. the Bluesky DID or feed keywords. */
  settings: Record<string, unknown>
  /** Secrets from the vault by name (e.g. "accessToken", "appPassword", "session"). */
  secrets: Record<string, string>
}

export interface ConnectorContext {
  http: HttpClient
  clock: Clock
  account: AccountContext
  /** Persist rotated secrets (a refreshed session) without the sync engine knowing their shape. */
  saveSecrets(secrets: Record<string, string>): Promise<void>
  /** Persist changed non-secret settings (a new feed URL after a 301), merged key by key into what is stored. */
  saveSettings(settings: Record<string, unknown>): Promise<void>
}

export interface PollOptions {
  /** On the first poll of a stream, fetch back to this time (ms epoch). */
  backfillSince: number
  /** Reports progress of a long backfill: items so far. */
  onProgress?(fetched: number): void
}

export interface PollResult {
  items: NormalizedItem[]
  /** Opaque; stored as the stream's cursor. Null keeps the previous one. */
  nextCursor: string | null
  /** True when the platform can no longer return everything since the cursor. */
  gap?: boolean
  /** True when the connector left items for the next poll (it takes a bounded number per poll): poll again soon. */
  more?: boolean
}

/** What the sync engine hands a connector that can be told of new items as they arrive (see Connector.watch). */
export interface WatchOptions {
  /** Asks the engine to poll this stream of the account now, instead of at its scheduled time. */
  wake(stream: string): void
  /** For the watch's own reconnect waits, so they stop with the engine. */
  timers: Timers
  random: () => number
}

/** An open line to the platform for one account; closing it ends every reconnect attempt too. */
export interface StreamWatch {
  /** Idempotent; resolves once the connection is closed. */
  close(): Promise<void>
}

export interface OutboundReply {
  text: string
  /** Remote id of the item being answered. */
  inReplyTo: string
  conversationKey: string
  kind: 'comment' | 'mention' | 'dm'
  /** The approved subject line, for platforms whose replies carry one (e-mail); the send refuses any other. */
  subject?: string
}

/** What a reply answers, as Parley stored it: enough for a connector to say what the platform needs in the text. */
export interface ReplyParent {
  remoteId: string
  kind: 'comment' | 'mention' | 'dm'
  /** The platform's own record of the message, as stored at ingest (untrusted, may be null). */
  raw: unknown
  /** The stored subject of the message answered (e-mail), null when it has none. */
  subject: string | null
}

/**
 * What a reply's text must carry for the platform to deliver it (Mastodon delivers a reply only
 * to the accounts it mentions). The core shows it in the composer and refuses to submit without
 * it; the connector never adds it on its own, so the approved text is the posted text.
 */
export interface ReplyEnvelope {
  /** Handles, with their "@", that must appear in the text, in the order a prefix would list them. */
  requiredMentions: string[]
  /** The subject line the reply goes out with (e-mail), shown before approval and covered by its hash. */
  subject?: string
}

export interface SendResult {
  remoteId: string
  permalink: string | null
  /** The sent item, normalised, so it can be stored at once. */
  item: NormalizedItem | null
}

export type ModerationAction = (
  | { kind: 'block'; authorRemoteId: string }
  | { kind: 'mute'; authorRemoteId: string }
  | { kind: 'hide'; remoteId: string; conversationKey: string }
  | { kind: 'delete'; remoteId: string }
  | { kind: 'spam'; remoteId: string }
  | { kind: 'flag'; remoteId: string }
  | { kind: 'move'; remoteId: string; folder: string }
  /** Close the thread the item is in (a forum topic) to new replies. */
  | { kind: 'close'; remoteId: string; conversationKey: string }
  /** Publish an item the platform holds for review or in its moderators' queue. */
  | { kind: 'approve'; remoteId: string }
) & {
  /** The outbox item's idempotency key: a platform whose action creates a record derives its key from it, so a retry never acts twice. */
  key?: string
}

export type ReconcileResult = { state: 'sent'; remoteId: string; permalink: string | null } | { state: 'not_sent' } | { state: 'unknown' }

export type ErrorClass =
  /**
   * mayHaveArrived: the connection ended after the platform was handed the whole item and before it
   * answered (an SMTP submission cut after its last byte), so it may have taken it: the outbox asks
   * the platform (reconcile) before any resend.
   */
  | { kind: 'retry'; message: string; mayHaveArrived?: boolean }
  | { kind: 'rate_limited'; until: number; message: string }
  | { kind: 'reauth'; message: string }
  | { kind: 'disconnect'; message: string }
  | { kind: 'bad_request'; message: string }
  | { kind: 'offline'; message: string }

/** What the user typed to connect an account; each connector validates its own fields. */
export type ConnectInput = Record<string, string | undefined>

export interface ConnectResult {
  seed: ChannelAccountSeed
  secrets: Record<string, string>
  settings: Record<string, unknown>
}

/** What the platform code needs to send the browser to its authorization page and finish the sign-in. */
export interface OAuthPreparation {
  /** The authorization URL with this flow's state and PKCE challenge (S256). */
  authorizeUrl(request: { state: string; codeChallenge: string }): string
  /**
   * Exchanges the code with the verifier and checks the token, like connect(); nothing is stored here.
   * `code` is the value of the manifest's result parameter (oauth.resultParam): for a platform that
   * answers with something other than an OAuth code, that answer, which the connector reads itself.
   */
  complete(code: string, codeVerifier: string): Promise<ConnectResult>
}

/** Sign-in through the browser (OAuth 2 authorization code with PKCE and a loopback redirect; auth/). */
export interface OAuthSupport {
  /**
   * Checks what was typed (e.g. the instance), that the server supports PKCE, and registers Parley as
   * a client when the platform needs that; throws a ParleyError in plain words otherwise.
   */
  prepare(input: ConnectInput, http: HttpClient, redirectUri: string): Promise<OAuthPreparation>
  /**
   * The loopback port the redirect must use, for platforms that accept only the exact redirect URI the
   * person registered (Reddit); throws a ParleyError when the input lacks it. Absent: any free port.
   */
  redirectPort?(input: ConnectInput): number
}

/** One interface every platform implements; one folder per platform under connectors/. */
export interface Connector {
  /** Everything about the platform that is data (label, colour, connect fields, CLI flags…); the fields below derive from it. */
  readonly manifest: ConnectorManifest
  readonly platform: Platform
  readonly label: string
  readonly authKind: AuthKind
  readonly capabilities: ReadonlySet<Capability>
  readonly streams: readonly StreamSpec[]
  /** Checks the credentials against the server; throws a ParleyError in plain words when they fail. */
  connect(input: ConnectInput, http: HttpClient): Promise<ConnectResult>
  /** Present when the platform offers sign-in through the browser. */
  readonly oauth?: OAuthSupport
  /**
   * Withdraws the account's credentials at the platform when the account is removed (an OAuth token
   * revocation). Optional; nothing to withdraw resolves quietly. Errors are reported, never block removal.
   */
  revoke?(ctx: ConnectorContext): Promise<void>
  poll(stream: string, cursor: string | null, ctx: ConnectorContext, options: PollOptions): Promise<PollResult>
  /**
   * Optional: keeps one connection per active account open to hear of new items as they arrive (IMAP
   * IDLE) and wakes the stream, so they are polled within seconds; the schedule still polls as a safety
   * net. The watch reconnects by itself with backoff until closed, and fetches nothing on its own.
   */
  watch?(ctx: ConnectorContext, options: WatchOptions): StreamWatch
  /**
   * Sends reply.text exactly as given (approved bytes = posted bytes); refuses with a ParleyError
   * when the text lacks what the platform needs (see replyEnvelope), never adding it.
   */
  send(reply: OutboundReply, idempotencyKey: string, ctx: ConnectorContext): Promise<SendResult>
  /**
   * Pure: what the text of a reply to this parent must contain. Absent means nothing: the text
   * goes out as typed. Account settings identify the brand (so it never mentions itself).
   */
  replyEnvelope?(parent: ReplyParent, account: { baseUrl: string; settings: Record<string, unknown> }): ReplyEnvelope
  moderate(action: ModerationAction, ctx: ConnectorContext): Promise<void>
  /** The engine passes its clock's `now`, so cooldowns are exact under a fake clock; callers may omit it. */
  classifyError(error: unknown, now?: number): ErrorClass
  /**
   * What a metered platform lets the account spend, read from what the connector saved in the account's
   * settings (sync health shows it). Absent for platforms that meter nothing.
   */
  budget?(settings: Record<string, unknown>, now: number): AccountBudget | null
  /**
   * Where each part of a stream stands, read from its stored cursor, for sync health: an e-mail account
   * keeps one place per folder. Absent for streams that keep one place.
   */
  cursorPositions?(stream: string, cursor: string | null): { label: string; position: string }[]
  /** The longest wait the platform asked for (a feed's ttl or max-age), read from the stored cursor. */
  minIntervalMs?(cursor: string | null): number | null
  /** Finds out whether a send whose outcome is unknown reached the platform. */
  reconcile(reply: OutboundReply, idempotencyKey: string, ctx: ConnectorContext): Promise<ReconcileResult>
  /**
   * Fetches one file a message came with, now, from the platform (Parley stores none): entry `index` of
   * `listed`, the list the connector gave at ingest (`raw.attachments`). Throws a ParleyError with a
   * plain message when the file is too large or gone. Absent for platforms without attachments.
   */
  attachment?(remoteId: string, index: number, listed: readonly { name: string; type: string; size: number }[], ctx: ConnectorContext): Promise<AttachmentFile>
}

/** An attachment's bytes as the platform has them, with the name and type the sender gave (both untrusted). */
export interface AttachmentFile {
  name: string
  type: string
  bytes: Uint8Array
}
