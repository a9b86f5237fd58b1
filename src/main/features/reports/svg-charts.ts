import type { WeeklySummary } from '../../../shared/contract/operations-reports'
import { channelColour, channelLabel, duration } from './format'

/** Inline SVG charts for the HTML report: plain strings, no scripts, no external resources. */

export const sentimentColors = { negative: '#d9480f', neutral: '#868e96', positive: '#2b8a3e', unknown: '#ced4da' } as const

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)
}

/** A rounded-up axis maximum with nice steps (1, 2, 5 × 10^n). */
export function niceMax(max: number): number {
  if (max <= 0) return 1
  const pow = 10 ** Math.floor(Math.log10(max))
  for (const m of [1, 2, 5, 10]) if (m * pow >= max) return m * pow
  return 10 * pow
}

const W = 640
const H = 240
const PAD = { left: 48, right: 12, top: 12, bottom: 44 }

const AXIS_STEPS = [0, 1, 2, 3, 4]

/**
 * The left margin that fits the widest y-axis label (11 px text, at most ~0.62 em per character, plus the gap):
 * "4 h 10 min" needs about 80 units, and a fixed 48 cut it to "10 min".
 */
function axisLeft(max: number, label: (v: number) => string): number {
  const longest = Math.max(...AXIS_STEPS.map((i) => label((max * i) / 4).length))
  return Math.max(PAD.left, Math.ceil(longest * 11 * 0.62) + 12)
}

function axis(max: number, label: (v: number) => string, left = PAD.left): string {
  const lines: string[] = []
  for (const i of AXIS_STEPS) {
    const v = (max * i) / 4
    const y = PAD.top + (H - PAD.top - PAD.bottom) * (1 - i / 4)
    lines.push(`<line x1="${left}" x2="${W - PAD.right}" y1="${y}" y2="${y}" stroke="#dee2e6"/>`)
    lines.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#495057">${escapeHtml(label(v))}</text>`)
  }
  return lines.join('')
}

/** Stacked bars: one per day, one segment per channel. */
export function volumeBars(
  days: { label: string; byChannel: Record<string, number> }[],
  channels: string[],
  names: Pick<WeeklySummary, 'channels'>,
  title: string,
): string {
  const totals = days.map((d) => channels.reduce((s, c) => s + (d.byChannel[c] ?? 0), 0))
  const max = niceMax(Math.max(0, ...totals))
  const plotH = H - PAD.top - PAD.bottom
  const slot = (W - PAD.left - PAD.right) / days.length
  const bars = days.map((d, i) => {
    let y = H - PAD.bottom
    const x = PAD.left + i * slot + slot * 0.2
    const segs = channels.map((c) => {
      const v = d.byChannel[c] ?? 0
      const h = (v / max) * plotH
      y -= h
      return v ? `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.6).toFixed(1)}" height="${h.toFixed(1)}" fill="${channelColour(names, c)}"><title>${escapeHtml(`${d.label}: ${channelLabel(names, c)} ${v}`)}</title></rect>` : ''
    })
    const cx = PAD.left + i * slot + slot / 2
    return `${segs.join('')}<text x="${cx}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="11" fill="#495057">${escapeHtml(d.label)}</text>` +
      `<text x="${cx}" y="${(H - PAD.bottom - (totals[i]! / max) * plotH - 4).toFixed(1)}" text-anchor="middle" font-size="10" fill="#212529">${totals[i]}</text>`
  })
  const legend = channels.map((c, i) => `<rect x="${PAD.left + i * 110}" y="${H - 14}" width="10" height="10" fill="${channelColour(names, c)}"/><text x="${PAD.left + i * 110 + 14}" y="${H - 5}" font-size="11" fill="#212529">${escapeHtml(channelLabel(names, c))}</text>`)
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(title)}">${axis(max, (v) => String(Math.round(v)))}${bars.join('')}${legend.join('')}</svg>`
}

/** Two lines (median, p90) of response time per day; days without answered conversations leave a gap. */
export function responseLines(days: { label: string; medianMs: number | null; p90Ms: number | null }[], title: string): string {
  const max = niceMax(Math.max(0, ...days.flatMap((d) => [d.medianMs ?? 0, d.p90Ms ?? 0])) / 60_000) * 60_000
  const left = axisLeft(max, (v) => duration(v))
  const plotH = H - PAD.top - PAD.bottom
  const slot = (W - left - PAD.right) / days.length
  const point = (i: number, v: number): string => `${(left + i * slot + slot / 2).toFixed(1)},${(H - PAD.bottom - (v / max) * plotH).toFixed(1)}`
  const series = (key: 'medianMs' | 'p90Ms', color: string, dash: string): string => {
    const runs: string[][] = [[]]
    const dots: string[] = []
    days.forEach((d, i) => {
      const v = d[key]
      if (v === null) {
        runs.push([])
        return
      }
      runs[runs.length - 1]!.push(point(i, v))
      const [cx, cy] = point(i, v).split(',')
      dots.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${color}"><title>${escapeHtml(`${d.label}: ${duration(v)}`)}</title></circle>`)
    })
    const paths = runs.filter((r) => r.length > 1).map((r) => `<polyline points="${r.join(' ')}" fill="none" stroke="${color}" stroke-width="2" ${dash}/>`)
    return paths.join('') + dots.join('')
  }
  const labels = days.map((d, i) => `<text x="${left + i * slot + slot / 2}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="11" fill="#495057">${escapeHtml(d.label)}</text>`)
  const legend = `<line x1="${left}" x2="${left + 18}" y1="${H - 9}" y2="${H - 9}" stroke="#1c7ed6" stroke-width="2"/><text x="${left + 22}" y="${H - 5}" font-size="11">Median</text>` +
    `<line x1="${left + 90}" x2="${left + 108}" y1="${H - 9}" y2="${H - 9}" stroke="#e8590c" stroke-width="2" stroke-dasharray="5 3"/><text x="${left + 112}" y="${H - 5}" font-size="11">90th percentile</text>`
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(title)}">${axis(max, (v) => duration(v), left)}${labels.join('')}${series('medianMs', '#1c7ed6', '')}${series('p90Ms', '#e8590c', 'stroke-dasharray="5 3"')}${legend}</svg>`
}

/** A donut of the sentiment split; an empty week draws a grey ring. */
export function sentimentDonut(parts: { key: keyof typeof sentimentColors; label: string; value: number }[], title: string): string {
  const total = parts.reduce((s, p) => s + p.value, 0)
  const r = 70
  const c = 2 * Math.PI * r
  let offset = 0
  const rings = total
    ? parts.filter((p) => p.value).map((p) => {
        const len = (p.value / total) * c
        const seg = `<circle cx="100" cy="100" r="${r}" fill="none" stroke="${sentimentColors[p.key]}" stroke-width="28" stroke-dasharray="${len.toFixed(2)} ${(c - len).toFixed(2)}" stroke-dashoffset="${(-offset).toFixed(2)}" transform="rotate(-90 100 100)"><title>${escapeHtml(`${p.label}: ${p.value}`)}</title></circle>`
        offset += len
        return seg
      })
    : [`<circle cx="100" cy="100" r="${r}" fill="none" stroke="#e9ecef" stroke-width="28"/>`]
  const legend = parts.map((p, i) => `<rect x="210" y="${40 + i * 24}" width="12" height="12" fill="${sentimentColors[p.key]}"/><text x="228" y="${50 + i * 24}" font-size="12">${escapeHtml(`${p.label} ${total ? Math.round((p.value / total) * 100) : 0}% (${p.value})`)}</text>`)
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" role="img" aria-label="${escapeHtml(title)}">${rings.join('')}<text x="100" y="106" text-anchor="middle" font-size="18" font-weight="600">${total}</text>${legend.join('')}</svg>`
}
