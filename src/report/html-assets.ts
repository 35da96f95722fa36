/** The HTML report's stylesheet, inlined so the page needs nothing from the network. */
export const HTML_STYLE = `
:root { --fg: #1d2330; --muted: #5f6b7a; --line: #dde3ea; --bg: #ffffff; --panel: #f6f8fa; --accent: #1565c0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 18px; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 4px; font-size: 22px; } h1 .sub { font-weight: 400; color: var(--muted); font-size: 16px; }
h2 { font-size: 17px; margin: 26px 0 10px; } h3 { font-size: 14px; margin: 14px 0 6px; } h4 { margin: 12px 0 4px; font-size: 13px; }
.settings, .hint, footer, .showing { color: var(--muted); font-size: 12.5px; }
footer { padding: 24px 20px; }
code { background: var(--panel); padding: 1px 4px; border-radius: 3px; font-size: 12.5px; overflow-wrap: anywhere; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; min-width: 240px; background: var(--panel); }
.card .label { text-transform: uppercase; letter-spacing: .04em; font-size: 11.5px; color: var(--muted); }
.card .value { font-size: 24px; font-weight: 600; } .card .value.small { font-size: 14px; font-weight: 500; margin-top: 6px; }
.card .interval { font-size: 13px; font-weight: 400; color: var(--muted); }
svg .axis, svg .grid { stroke: #b8c2cc; stroke-width: 1; } svg .grid { stroke-dasharray: 2 3; }
svg .ci { stroke: var(--accent); stroke-width: 2.5; } svg .point { fill: var(--accent); }
svg .tick, svg .axis-label, svg .bar-label { font-size: 10.5px; fill: var(--muted); } svg .bar-label { fill: var(--fg); }
svg .bar rect { fill: var(--accent); }
.chart-grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 24px; }
@media (max-width: 820px) { .chart-grid { grid-template-columns: 1fr; } }
.legend { list-style: none; padding: 0; margin: 6px 0 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12.5px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; }
tr.fail .verdict { color: #c62828; font-weight: 600; } tr.pass .verdict { color: #2e7d32; font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 6px; }
.filter { border: 1px solid var(--line); background: var(--bg); border-radius: 14px; padding: 3px 11px; cursor: pointer; font: inherit; }
.filter[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.filter .count { opacity: .75; }
details.question { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; background: var(--bg); }
details.question[hidden] { display: none; }
details.question > summary { cursor: pointer; padding: 7px 10px; list-style-position: inside; }
details.question[open] > summary { border-bottom: 1px solid var(--line); background: var(--panel); }
.badge { color: #fff; border-radius: 3px; padding: 1px 6px; font-size: 11.5px; }
.qid { font-weight: 600; } .scores { color: var(--muted); font-size: 12px; } .qtext { margin-left: 6px; }
.drill { padding: 4px 12px 12px; }
ol.passages { padding-left: 22px; margin: 4px 0; } li.passage { margin: 3px 0; }
li.passage.influential { background: #fff8e1; }
.pid { color: var(--muted); font-size: 11.5px; margin-right: 4px; }
.tag { background: #f9a825; color: #000; border-radius: 3px; padding: 0 5px; font-size: 11px; margin-right: 4px; }
.tag.useful { background: #81c784; }
.score { color: var(--muted); font-size: 11.5px; margin-right: 4px; }
.headline { font-weight: 600; }
.passage-text, td.answer { white-space: pre-wrap; overflow-wrap: anywhere; }
table.probes tr.changed td:last-child { color: #1565c0; font-weight: 600; } table.probes tr.na td, table.probes tr.same td:last-child { color: var(--muted); }
.error { color: #c62828; } .empty { color: var(--muted); font-style: italic; }
.early-stop { background: var(--panel); border-left: 3px solid var(--accent); padding: 6px 10px; }
`;
