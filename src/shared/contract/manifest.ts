import { z } from 'zod'
import { replyCostSchema, replyLimitsSchema, replyWindowSchema } from './reply-limits'

/**
 * A connector's manifest: everything the app, the CLI and the reports need to know about a platform,
 * as data. Each connector folder exports exactly one; nothing outside that folder names a platform.
 */

/** A platform id: lower-case letters, digits and dashes ("mastodon", "rss-atom" would be fine; one letter is enough: "x"). */
export const platformIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'A platform id is lower-case letters, digits and dashes.')

export const capabilitySchema = z.enum(['mentions', 'comments', 'dms', 'reply', 'reply_dm', 'hide', 'delete', 'block', 'mute', 'like', 'spam', 'flag', 'move', 'close', 'approve'])

export const authKindSchema = z.enum(['oauth_pkce', 'token', 'app_password', 'password', 'none'])

/**
 * Moderation done at the platform (besides Parley's own marks), offered only where listed. Flag marks
 * the item for follow-up at the platform; move files it in a folder the person picks; close closes the thread (a forum topic) to new replies.
 */
export const moderationActionKindSchema = z.enum(['hide', 'delete', 'block', 'mute', 'spam', 'flag', 'move', 'close', 'approve'])

/** One input of the connect form and the matching CLI flag; the name is the key the connector's connect() reads. */
export const connectFieldSchema = z.object({
  name: z.string().min(1),
  label: z.string().min(1),
  type: z.enum(['text', 'url', 'password']),
  /** Secrets go to the vault only; the CLI takes them from --<flag>-file, standard input or a prompt, never argv. */
  secret: z.boolean(),
  required: z.boolean(),
  /** The CLI flag without dashes (`accounts add <platform> --<cliFlag>`). */
  cliFlag: z.string().regex(/^[a-z][a-z0-9-]*$/),
  placeholder: z.string().optional(),
  /** Plain-words help under the field and in the CLI's help. */
  help: z.string().optional(),
  /** Shown under a "more options" disclosure (rarely needed). */
  advanced: z.boolean().optional(),
  autocomplete: z.string().optional(),
  /** What the CLI calls a secret in a question or a message ("Mastodon access token"); defaults to "<label> <field label>". */
  cliLabel: z.string().optional(),
  /**
   * A secret whose `--<cliFlag> VALUE` form older scripts used: still accepted, with a warning that argv is readable.
   * Absent or false: the secret has only the file, standard input and prompt forms.
   */
  cliValueFlagDeprecated: z.boolean().optional(),
})

/** Sign-in through the browser (authKind oauth_pkce): the texts around the button and how the answer comes back. */
export const oauthTextsSchema = z.object({
  /** The primary button ("Sign in with Mastodon"). */
  label: z.string(),
  /** The fields the sign-in needs (shown above the button); the others belong to the credentials form. */
  fields: z.array(z.string()),
  /** Under the button: what will happen. */
  help: z.string(),
  /** Between the sign-in and the credentials form. */
  alternative: z.string(),
  /**
   * The query parameter the browser brings the platform's answer back in: "code" (OAuth 2, the default)
   * or the platform's own (a sign-in that returns an encrypted key rather than a code to exchange).
   */
  resultParam: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/).optional(),
  /**
   * The platform sends no `state` back of its own but keeps the query of the redirect address it was
   * given: Parley then writes the state into that address, so the loopback can still tell its own answer.
   */
  stateInRedirect: z.boolean().optional(),
  /** The CLI signs in through the browser when no secret flag is given, instead of asking for the secret. */
  cliWhenNoSecret: z.boolean().optional(),
})

export const connectorManifestSchema = z.object({
  id: platformIdSchema,
  /** The platform's name as people write it ("RSS/Atom", "E-mail"). */
  label: z.string().min(1),
  /** Who is on the other end, mid-sentence ("Check the feed for new items"); defaults to the label. */
  source: z.string().optional(),
  /** The link to an item's original ("Open the page"); defaults to "Open on <label>". */
  openLabel: z.string().optional(),
  /** Brand-neutral accent used by chips, the sidebar and report charts (#rrggbb, readable on white and on dark). */
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  /** Icon as SVG path data on a 24×24 grid, drawn with currentColor (data only, never markup). */
  icon: z.string().regex(/^[MmLlHhVvCcSsQqTtAaZz0-9 ,.-]+$/),
  authKind: authKindSchema,
  capabilities: z.array(capabilitySchema),
  moderation: z.array(moderationActionKindSchema),
  connect: z.object({
    /** One or two sentences above the fields: what connecting this platform brings in. */
    intro: z.string(),
    fields: z.array(connectFieldSchema),
    /** Numbered steps for getting the credential, shown next to the secret field. */
    steps: z.array(z.string()).optional(),
    oauth: oauthTextsSchema.optional(),
    /** The one secret the vault keeps for an account, when there is just one ("password"); said after connecting. */
    storedSecret: z.string().optional(),
    /** A complete CLI example for `parley accounts add`, with secrets from a file or standard input. */
    cliExample: z.string(),
  }),
  /**
   * The sync streams the connector polls, named in plain words for the health panel ("Mentions and replies").
   * backfillLimitDays: how far back the platform lets anyone read this stream (it keeps updates a day, say);
   * the coverage view shows what lies beyond as a gap Parley could not fill.
   */
  streams: z
    .array(z.object({ name: z.string().min(1), label: z.string().min(1), backfillLimitDays: z.number().positive().optional() }))
    .optional(),
  /** The platform's published limits in plain words, and how Parley stays inside them. */
  rateLimits: z.string(),
  /** How long a reply may be, counted the platform's way; absent when the platform sets no limit. The composer counts with it, submit enforces it. */
  replyLimit: replyLimitsSchema.optional(),
  /** What sending a reply costs (quota units or money); shown in the composer and on the approval card. */
  replyCost: replyCostSchema.optional(),
  /** How late a reply may go out after the person's last message (24 hours, say, and 7 days with a message tag). */
  replyWindow: replyWindowSchema.optional(),
})

export type PlatformId = z.infer<typeof platformIdSchema>
export type ConnectorManifest = z.infer<typeof connectorManifestSchema>
export type ConnectField = z.infer<typeof connectFieldSchema>
export type Capability = z.infer<typeof capabilitySchema>
export type ModerationActionKind = z.infer<typeof moderationActionKindSchema>
