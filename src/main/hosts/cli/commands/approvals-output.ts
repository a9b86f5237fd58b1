/** Plain words for how long something waited or still waits. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const m = Math.round(s / 60)
  if (m < 60) return `${m} min`
  const h = Math.round(m / 60)
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} days`
}

/** What happens to an approved reply next, said once where the CLI cannot send it itself. */
export function describeQueued(item: { notBefore: number } | null, now: number): string {
  if (!item) return 'The reply is queued to send.'
  const wait = item.notBefore - now
  const when = wait > 1000 ? `after the undo window (${duration(wait)})` : 'now'
  return `The reply is queued and may go out ${when}: from the app, "parley serve", or "parley team sync --once" in a team.`
}
