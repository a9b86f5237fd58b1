/**
 * Triggers that keep view_counts exact as conversations and approvals change,
 * so the sidebar reads a handful of rows instead of counting 250k conversations.
 */
interface CountRule {
  /** SQL condition on the row, with `r.` standing for old./new. */
  when: string
  /** SQL expression for the counter key. */
  key: string
}

const conversationRules: CountRule[] = [
  { when: "r.status IN ('open','pending')", key: "'inbox'" },
  { when: "r.status IN ('open','pending') AND r.assignee_id IS NULL", key: "'unassigned'" },
  { when: "r.status IN ('open','pending') AND r.assignee_id IS NOT NULL", key: "'mine:' || r.assignee_id" },
  { when: "r.status = 'done'", key: "'done'" },
  { when: "r.status = 'snoozed'", key: "'snoozed'" },
  { when: "r.unread = 1 AND r.status <> 'done'", key: "'unread:' || r.channel_account_id" },
]

const approvalRules: CountRule[] = [{ when: "r.status = 'pending'", key: "'needs_approval'" }]

const bind = (sql: string, row: 'old' | 'new'): string => sql.replaceAll('r.', `${row}.`)

function increments(rules: CountRule[], row: 'old' | 'new'): string {
  return rules
    .map(
      (r) =>
        `INSERT INTO view_counts(key, n) SELECT ${bind(r.key, row)}, 1 WHERE ${bind(r.when, row)} ` +
        'ON CONFLICT(key) DO UPDATE SET n = n + 1;',
    )
    .join('\n  ')
}

function decrements(rules: CountRule[], row: 'old' | 'new'): string {
  return rules
    .map((r) => `UPDATE view_counts SET n = n - 1 WHERE key = ${bind(r.key, row)} AND ${bind(r.when, row)};`)
    .join('\n  ')
}

function triggersFor(table: string, rules: CountRule[], watched: string[]): string {
  const changed = watched.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')
  return `
CREATE TRIGGER ${table}_counts_insert AFTER INSERT ON ${table} BEGIN
  ${increments(rules, 'new')}
END;
CREATE TRIGGER ${table}_counts_delete AFTER DELETE ON ${table} BEGIN
  ${decrements(rules, 'old')}
END;
CREATE TRIGGER ${table}_counts_update AFTER UPDATE OF ${watched.join(', ')} ON ${table} WHEN ${changed} BEGIN
  ${decrements(rules, 'old')}
  ${increments(rules, 'new')}
END;`
}

export const viewCountTriggers =
  triggersFor('conversations', conversationRules, ['status', 'assignee_id', 'unread', 'channel_account_id']) +
  triggersFor('approvals', approvalRules, ['status'])
