import type { ImapFlow } from 'imapflow'
import { ParleyError } from '../../../../shared/contract'
import type { ConnectorContext, ModerationAction } from '../../../model/connector'
import { mailCredentials } from './credentials'
import { withImap } from './servers'
import { readSettings } from './settings'

interface Destination {
  specialUse: '\\Junk' | '\\Trash'
  /** Names mail programs use when the server marks no folder (the same fallback as for Sent). */
  names: RegExp
  /** Plain words for when the mailbox has no such folder. */
  missing: string
}

const JUNK: Destination = {
  specialUse: '\\Junk',
  names: /^(junk|spam)( e-?mail)?$/i,
  missing: 'The mailbox has no Junk folder, so Parley did not mark this mail as spam. Create a Junk folder in your mail program (or ask your provider to), then try again.',
}
const TRASH: Destination = {
  specialUse: '\\Trash',
  names: /^(trash|deleted( items| messages)?)$/i,
  missing: 'The mailbox has no Trash folder, so Parley did not delete this mail. Create a Trash folder in your mail program (or ask your provider to), then try again.',
}

/** The folder the server marks with the special use, else one with a usual name; Parley never creates one. */
async function folderFor(client: ImapFlow, destination: Destination): Promise<string> {
  const list = await client.list()
  const found = list.find((m) => m.specialUse === destination.specialUse) ?? list.find((m) => destination.names.test(m.name))
  if (!found) throw new ParleyError('bad_input', destination.missing)
  return found.path
}

/** A folder the person named: its exact path, else the one path that matches it ignoring case; Parley never creates one. */
async function namedFolder(client: ImapFlow, name: string): Promise<string> {
  const list = await client.list()
  const exact = list.find((m) => m.path === name)
  if (exact) return exact.path
  const near = list.filter((m) => m.path.toLowerCase() === name.toLowerCase() || (name.toUpperCase() === 'INBOX' && m.path.toUpperCase() === 'INBOX'))
  if (near.length === 1) return near[0]!.path
  throw new ParleyError(
    'bad_input',
    `The mailbox has no folder called "${name}", so the mail stayed where it was. Folders there: ${list.map((m) => m.path).slice(0, 20).join(', ')}.`,
  )
}

async function uidsOf(client: ImapFlow, folder: string, messageId: string, readOnly: boolean): Promise<number[]> {
  await client.mailboxOpen(folder, { readOnly })
  const uids = await client.search({ header: { 'message-id': `<${messageId}>` } }, { uid: true })
  return uids || []
}

/**
 * Moves the message with this Message-ID out of the folders Parley reads into the destination.
 * Idempotent: a message already there (moved by an earlier attempt that crashed before it was
 * recorded, or by a person in a mail program) is left alone, so a retry never moves anything twice.
 */
async function moveTo(ctx: ConnectorContext, messageId: string, destination: Destination | string): Promise<void> {
  const settings = readSettings(ctx.account.settings)
  await withImap(settings.imap, await mailCredentials(ctx, settings), async (client) => {
    const target = typeof destination === 'string' ? await namedFolder(client, destination) : await folderFor(client, destination)
    if ((await uidsOf(client, target, messageId, true)).length) return
    for (const folder of settings.folders) {
      if (folder === target) continue
      const uids = await uidsOf(client, folder, messageId, false)
      if (!uids.length) continue
      // MOVE is one command at the server: the message is either still here or already there.
      await client.messageMove(uids.join(','), target, { uid: true })
      return
    }
    throw new ParleyError('not_found', 'This mail is no longer in the folders Parley reads (it may have been moved or deleted in a mail program), so nothing was moved.')
  })
}

/**
 * Sets \Flagged on every copy of the message in the folders Parley reads. Setting a flag that is
 * already set changes nothing, so a retry is harmless.
 */
async function flag(ctx: ConnectorContext, messageId: string): Promise<void> {
  const settings = readSettings(ctx.account.settings)
  await withImap(settings.imap, await mailCredentials(ctx, settings), async (client) => {
    let found = false
    for (const folder of settings.folders) {
      const uids = await uidsOf(client, folder, messageId, false)
      if (!uids.length) continue
      found = true
      await client.messageFlagsAdd(uids.join(','), ['\\Flagged'], { uid: true })
    }
    if (!found) throw new ParleyError('not_found', 'This mail is no longer in the folders Parley reads (it may have been moved or deleted in a mail program), so it was not flagged.')
  })
}

/**
 * Spam goes to the Junk folder, delete to the Trash folder, move to the folder the person named; flag
 * sets \Flagged. E-mail has nothing to hide, block or mute.
 */
export async function moderateMail(action: ModerationAction, ctx: ConnectorContext): Promise<void> {
  switch (action.kind) {
    case 'spam':
      return moveTo(ctx, action.remoteId, JUNK)
    case 'delete':
      return moveTo(ctx, action.remoteId, TRASH)
    case 'move':
      return moveTo(ctx, action.remoteId, action.folder)
    case 'flag':
      return flag(ctx, action.remoteId)
    default:
      throw new ParleyError('bad_input', 'E-mail cannot hide, block or mute a sender; flag the mail, move it to a folder, mark it as spam or delete it instead.')
  }
}
