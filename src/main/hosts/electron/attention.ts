import type { Counts, Role } from '../../../shared/contract'

/**
 * Conversations that need this person: their own (Mine), and for whoever approves
 * replies (supervisors and admins) the replies waiting for approval as well.
 */
export function attentionCount(counts: Pick<Counts, 'views'>, role: Role | null): number {
  const approver = role === 'supervisor' || role === 'admin'
  return counts.views.mine + (approver ? counts.views.needs_approval : 0)
}

/** The tray's tooltip, in words. */
export function attentionLabel(count: number, paused: boolean): string {
  const waiting = count === 0 ? 'Nothing needs you' : count === 1 ? '1 conversation needs you' : `${count} conversations need you`
  return `Parley: ${waiting}${paused ? ' (sync paused)' : ''}`
}
