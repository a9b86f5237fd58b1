/**
 * Mail programs lay out HTML mail in <div>s (one per line, Gmail and Outlook) and <hr>s, which the
 * channel sanitiser drops with their line breaks, so "Yes please." and the quoted "From: …" below it
 * would run into one line. Before sanitising, each <div> becomes a paragraph and each <hr> a line
 * break: the structure the sanitiser keeps, and the lines the thread (and its quote folding) rely on.
 */
export function keepBlockBreaks(html: string): string {
  return html.replace(/<(\/?)div\b/gi, '<$1p').replace(/<hr\b[^>]*>/gi, '<br>')
}
