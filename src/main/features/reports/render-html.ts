import { DateTime } from 'luxon'
import type { WeeklySummary } from '../../../shared/contract/operations-reports'
import { change, channelLabel, duration, formatValue, headlineTiles, kindLabel, number, percent } from './format'
import { escapeHtml as e, responseLines, sentimentDonut, volumeBars } from './svg-charts'

/** "16–22 Nov 2026", "30 Nov – 6 Dec 2026", "28 Dec 2026 – 3 Jan 2027": every end names what the other does not share. */
export function weekRange(s: WeeklySummary): string {
  const a = DateTime.fromMillis(s.start, { zone: s.timeZone }).setLocale('en-GB')
  const b = DateTime.fromMillis(s.end, { zone: s.timeZone }).minus({ days: 1 }).setLocale('en-GB')
  if (a.year !== b.year) return `${a.toFormat('d LLL yyyy')} – ${b.toFormat('d LLL yyyy')}`
  if (a.month !== b.month) return `${a.toFormat('d LLL')} – ${b.toFormat('d LLL yyyy')}`
  return `${a.toFormat('d')}–${b.toFormat('d LLL yyyy')}`
}

export const dayLabel = (s: WeeklySummary, date: string): string => DateTime.fromISO(date, { zone: s.timeZone }).setLocale('en-GB').toFormat('ccc d')
export const localStamp = (s: WeeklySummary, at: number): string => DateTime.fromMillis(at, { zone: s.timeZone }).setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm')

export const sentimentParts = (v: WeeklySummary['sentiment']['current']) =>
  [
    { key: 'positive', label: 'Positive', value: v.positive },
    { key: 'neutral', label: 'Neutral', value: v.neutral },
    { key: 'negative', label: 'Negative', value: v.negative },
    { key: 'unknown', label: 'Not rated', value: v.unknown },
  ] as const

function table(head: string[], rows: (string | number)[][], empty = 'Nothing this week.'): string {
  if (!rows.length) return `<p class="muted">${e(empty)}</p>`
  return `<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td${typeof c === 'number' ? ' class="num"' : ''}>${e(typeof c === 'number' ? number(c) : c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#212529;margin:0;background:#fff}
main{max-width:960px;margin:0 auto;padding:32px 24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 12px;border-bottom:1px solid #dee2e6;padding-bottom:4px}
.muted{color:#6c757d}.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;margin-top:20px}
.tile{border:1px solid #dee2e6;border-radius:8px;padding:12px}.tile .v{font-size:24px;font-weight:600}.tile .l{color:#495057;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.good{color:#2b8a3e}.bad{color:#c92a2a}.flat{color:#6c757d}
.charts{display:grid;grid-template-columns:1fr;gap:16px}figure{margin:0}figcaption{font-weight:600;margin-bottom:6px}svg{width:100%;height:auto}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e9ecef;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}.cols{display:grid;grid-template-columns:1fr 1fr;gap:24px}
dl dt{font-weight:600;margin-top:10px}dl dd{margin:2px 0 0}
@media print{.tiles{grid-template-columns:repeat(4,1fr)}h2{break-after:avoid}figure,table{break-inside:avoid}}`

function tone(upIsGood: boolean, now: number | null, before: number | null): string {
  if (now === null || before === null || now === before) return 'flat'
  return now > before === upIsGood ? 'good' : 'bad'
}

/** One self-contained HTML file: inline CSS and SVG, and a CSP that forbids every network request. */
export function renderHtml(s: WeeklySummary): string {
  const channels = s.receivedByChannel.map((c) => c.name)
  const tiles = headlineTiles
    .map((t) => {
      const now = s.headline[t.key]
      const before = s.previous[t.key]
      return `<div class="tile" data-metric="${t.key}"><div class="l">${e(t.label)}</div><div class="v">${e(formatValue(t.kind, now))}</div>` +
        `<div class="${tone(t.upIsGood, now, before)}">${e(change(t.kind, now, before))} <span class="muted">vs ${e(formatValue(t.kind, before))}</span></div></div>`
    })
    .join('')
  const fr = s.firstResponse
  const ap = s.approvals
  const sentimentRows = sentimentParts(s.sentiment.current).map((p) => {
    const total = (v: WeeklySummary['sentiment']['current']) => v.negative + v.neutral + v.positive + v.unknown
    const now = total(s.sentiment.current) ? p.value / total(s.sentiment.current) : null
    const prevValue = s.sentiment.previous[p.key]
    const before = total(s.sentiment.previous) ? prevValue / total(s.sentiment.previous) : null
    return [p.label, p.value, percent(now), percent(before), change('rate', now, before)]
  })
  const ref = (c: WeeklySummary['notable']['mostActive'][number], extra: string) => [`#${c.id}`, channelLabel(s, c.channel), c.author, c.title, extra]
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Parley weekly summary ${e(s.week)}</title><style>${STYLE}</style></head>
<body><main>
<h1>Weekly summary ${e(s.week)}</h1>
<div class="muted">${e(weekRange(s))} · ${e(s.timeZone)} · made ${e(localStamp(s, s.generatedAt))} · compared with ${e(s.previousWeek)}</div>
<section class="tiles">${tiles}</section>
<h2>Volume and response</h2>
<div class="charts">
<figure><figcaption>Items received per day, by channel</figcaption>${volumeBars(s.days.map((d) => ({ label: dayLabel(s, d.date), byChannel: d.byChannel })), channels, s, 'Items received per day by channel')}</figure>
<figure><figcaption>First response time by day the conversation asked (median and p90)</figcaption>${responseLines(fr.byDay.map((d) => ({ label: dayLabel(s, d.date), medianMs: d.medianMs, p90Ms: d.p90Ms })), 'First response time, median and 90th percentile')}</figure>
</div>
<div class="cols">
<div><h2>Received</h2>
${table(['Channel', 'Items'], s.receivedByChannel.map((c) => [channelLabel(s, c.name), c.count]))}
${table(['Kind', 'Items'], s.receivedByKind.map((c) => [kindLabel(c.name), c.count]))}
${table(['Day', 'Received', 'Replies sent'], s.days.map((d) => [dayLabel(s, d.date), d.received, d.repliesSent]))}</div>
<div><h2>Responses</h2>
${table(['Measure', 'Value'], [
    ['Conversations needing a reply', number(s.responseRate.eligible)],
    ['Answered', number(s.responseRate.responded)],
    ['Response rate', percent(s.responseRate.rate)],
    ['First response, median', duration(fr.medianMs)],
    ['First response, p90', duration(fr.p90Ms)],
    ...(fr.businessHours ? [['First response in business hours, median', duration(fr.businessHours.medianMs)], ['First response in business hours, p90', duration(fr.businessHours.p90Ms)]] : []),
    ['Not answered yet', number(fr.unanswered)],
  ])}
<h2>Approvals</h2>
${table(['Measure', 'Value'], [
    ['Submitted for approval', number(ap.submitted)],
    ['Decided', number(ap.decided)],
    ['Still pending', number(ap.pending)],
    ['Approval wait, median', duration(ap.medianWaitMs)],
    ['Approval wait, p90', duration(ap.p90WaitMs)],
    ['Sent back or rejected', `${percent(ap.sentBackOrRejectedShare)} (${ap.sentBack} sent back, ${ap.rejected} rejected)`],
  ])}</div></div>
<h2>Sentiment</h2>
<div class="cols"><figure><figcaption>Items received by sentiment</figcaption>${sentimentDonut([...sentimentParts(s.sentiment.current)], 'Sentiment of items received')}</figure>
<div>${table(['Sentiment', 'Items', 'Share', 'Previous week', 'Change'], sentimentRows)}</div></div>
<h2>Handled per profile</h2>
${table(['Profile', 'Replies', 'Other actions', 'Conversations'], s.profiles.map((p) => [p.name, p.replies, p.actions, p.conversations]), 'Nobody replied or acted in Parley this week.')}
<div class="cols"><div><h2>Top tags</h2>${table(['Tag', 'Conversations'], s.topTags.map((t) => [t.name, t.count]))}</div>
<div><h2>Tracked topics</h2>${table(['Topic', 'Items'], s.topics.map((t) => [t.name, t.count]))}</div></div>
<h2>Backlog at the week’s end</h2>
<p><strong>${number(s.backlog.open)}</strong> conversations waiting for a reply${s.backlog.oldestWaitingSince !== null ? `; the oldest since ${e(localStamp(s, s.backlog.oldestWaitingSince))} (${e(duration(s.end - s.backlog.oldestWaitingSince))} at the week’s end)` : ''}.</p>
<h2>Notable conversations</h2>
<h3>Most active</h3>${table(['#', 'Channel', 'From', 'About', 'Messages this week'], s.notable.mostActive.map((c) => ref(c, number(c.messages))))}
<h3>Longest waiting</h3>${table(['#', 'Channel', 'From', 'About', 'Waiting since'], s.notable.longestWaiting.map((c) => ref(c, c.waitingSince === null ? '—' : localStamp(s, c.waitingSince))))}
<h2 id="definitions">Definitions</h2>
<dl>${s.definitions.map((d) => `<dt>${e(d.title)}</dt><dd>${e(d.text)}${d.rules?.length ? ` Rules: ${e(d.rules.map((r) => r.title).join(', '))}.` : ''}</dd>`).join('')}</dl>
<h2 id="rules">Rules</h2>
<dl>${rulesOf(s).map((r) => `<dt>${e(r.title)}</dt><dd>${e(r.text)}</dd>`).join('')}</dl>
</main></body></html>
`
}

/** Each written rule once, in the order the definitions first name it. */
export function rulesOf(s: Pick<WeeklySummary, 'definitions'>): { key: string; title: string; text: string }[] {
  const seen = new Map<string, { key: string; title: string; text: string }>()
  for (const d of s.definitions) for (const r of d.rules ?? []) if (!seen.has(r.key)) seen.set(r.key, r)
  return [...seen.values()]
}
