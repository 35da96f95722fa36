import { formatShare } from './format.js';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Grid lines at 0, 0.5 and 1 of a bar chart `height` high (10 px from the top), with their labels. */
export function shareGrid(width: number, height: number): string {
  return [0, 0.5, 1]
    .map(
      (v) =>
        `<line class="grid" x1="36" x2="${width}" y1="${10 + height - v * height}" y2="${10 + height - v * height}"/><text x="32" y="${14 + height - v * height}" text-anchor="end" class="tick">${v}</text>`,
    )
    .join('');
}

/** Bars by retrieval rank of a share per rank (influence, utility); `id` names the chart. */
export function rankChart(
  values: readonly (number | null)[],
  id = 'influence-chart',
  label = 'influence by retrieval rank',
): string {
  if (values.length === 0) return '<p class="empty">No results by rank.</p>';
  const bar = 44;
  const gap = 16;
  const height = 160;
  const width = 40 + values.length * (bar + gap);
  const bars = values
    .map((value, index) => {
      const x = 40 + index * (bar + gap);
      const h = (value ?? 0) * height;
      return `<g class="bar" data-rank="${index + 1}"><rect x="${x}" y="${10 + height - h}" width="${bar}" height="${h.toFixed(1)}"><title>rank ${index + 1}: ${formatShare(value)}</title></rect>
<text x="${x + bar / 2}" y="${Math.max(22, 6 + height - h)}" text-anchor="middle" class="bar-label">${formatShare(value)}</text>
<text x="${x + bar / 2}" y="${height + 26}" text-anchor="middle" class="tick">${index + 1}</text></g>`;
    })
    .join('\n');
  const grid = shareGrid(width, height);
  return `<svg id="${id}" class="chart" role="img" aria-label="${escapeHtml(label)}" width="${width}" height="${height + 44}" viewBox="0 0 ${width} ${height + 44}">
${grid}${bars}<text x="${width / 2 + 18}" y="${height + 42}" text-anchor="middle" class="axis-label">retrieval rank</text></svg>`;
}

/** A horizontal stacked bar with a legend; `id` names the chart for tests and links. */
export function stackedBar(
  id: string,
  label: string,
  parts: readonly { name: string; count: number; colour: string }[],
): string {
  const total = parts.reduce((sum, p) => sum + p.count, 0);
  const width = 460;
  let x = 0;
  const segments = parts
    .filter((p) => p.count > 0)
    .map((p) => {
      const w = (p.count / total) * width;
      const segment = `<rect class="segment" data-name="${escapeHtml(p.name)}" x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="26" fill="${p.colour}"><title>${escapeHtml(p.name)}: ${p.count}</title></rect>`;
      x += w;
      return segment;
    })
    .join('');
  const legend = parts
    .map(
      (p) =>
        `<li><span class="swatch" style="background:${p.colour}"></span>${escapeHtml(p.name)} <b>${p.count}</b>${total > 0 ? ` (${Math.round((p.count / total) * 100)}%)` : ''}</li>`,
    )
    .join('');
  const bar =
    total === 0
      ? '<p class="empty">Nothing to show.</p>'
      : `<svg id="${id}" class="chart" role="img" aria-label="${escapeHtml(label)}" width="${width}" height="26" viewBox="0 0 ${width} 26">${segments}</svg>`;
  return `${bar}<ul class="legend">${legend}</ul>`;
}
