// The HTML report's style sheet (statement_html.cc), written into every
// report: system fonts only (nothing is fetched), colours with a contrast of
// at least 4.5:1 for text, and a print layout (A4, each section on a new
// page, no chart or table row cut across pages).
#pragma once

namespace ocf {

inline constexpr const char* kReportCss = R"css(
:root {
  --ink: #1a202c; --muted: #4a5568; --faint: #5a6678; --rule: #d5dce6; --wash: #f4f6f9;
  --navy: #1f3a5f; --met: #276749; --met-bg: #e3f4ea; --partial: #8a5a00; --partial-bg: #fdf1d8;
  --miss: #9b2c2c; --miss-bg: #fbe5e5;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: #fff; color: var(--ink);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
    "Liberation Sans", "DejaVu Sans", sans-serif;
  font-size: 15px; line-height: 1.45;
}
main { max-width: 980px; margin: 0 auto; padding: 32px 28px 48px; }
h1, h2, h3, h4 { line-height: 1.2; color: var(--navy); }
h1 { font-size: 28px; margin: 4px 0 16px; }
h2 { font-size: 22px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--navy); }
h3 { font-size: 17px; margin: 28px 0 6px; }
h4 { font-size: 15px; margin: 18px 0 2px; }
p { margin: 6px 0 10px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.92em; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); margin: 0; }
.report-header { border-bottom: 1px solid var(--rule); padding-bottom: 12px; }
.parties { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 8px 24px; margin: 0; }
.parties div { display: flex; flex-direction: column; }
.parties dt { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.parties dd { margin: 0; font-weight: 600; }
nav ol { display: flex; flex-wrap: wrap; gap: 4px 18px; list-style: none; padding: 0; margin: 14px 0 0; font-size: 14px; }
nav a { color: var(--navy); }
.summary { display: flex; flex-wrap: wrap; gap: 14px; margin: 22px 0 6px; }
.card { flex: 1 1 200px; border: 1px solid var(--rule); border-radius: 6px; padding: 12px 16px; background: var(--wash); }
.card-label, .card-note { display: block; font-size: 13px; color: var(--muted); }
.card-value { display: block; font-size: 24px; font-weight: 700; color: var(--navy); font-variant-numeric: tabular-nums; }
.warnings { border: 1px solid #e0b252; background: #fff8e6; border-radius: 6px; padding: 4px 18px 8px; margin-top: 20px; }
.warnings h2 { border: 0; margin: 10px 0 4px; font-size: 18px; color: #6b4500; }
.measure { margin-bottom: 34px; }
.measure h3 { margin-bottom: 2px; }
.target { color: var(--muted); margin: 2px 0 8px; font-size: 14px; }
.target-tag { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .06em;
  color: var(--met); background: var(--met-bg); border-radius: 3px; padding: 1px 6px; margin-right: 4px; }
figure { margin: 0; }
svg.chart { display: block; width: 100%; max-width: 760px; height: auto; overflow: visible; }
svg.chart text { font-family: inherit; }
.tick { font-size: 11px; fill: var(--muted); }
.tick.small { font-size: 9px; }
.year { font-size: 11px; font-weight: 600; fill: var(--ink); }
.grid { stroke: #e6ebf1; stroke-width: 1; }
.axis { stroke: var(--muted); stroke-width: 1; }
.year-rule { stroke: var(--rule); stroke-width: 1; }
.band-met { fill: #2f855a; fill-opacity: .13; }
.band-partial { fill: #d69e2e; fill-opacity: .16; }
.threshold { stroke: var(--met); stroke-width: 1.2; stroke-dasharray: 5 3; }
.threshold-label { font-size: 11px; font-weight: 600; fill: var(--met); paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.series path { fill: none; stroke: currentColor; stroke-width: 1.6; stroke-linejoin: round; }
.series circle { fill: currentColor; }
.series.primary path { stroke-width: 2.6; }
.series.primary circle { fill: #fff; stroke: currentColor; stroke-width: 2; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; list-style: none; padding: 0; margin: 4px 0 10px; font-size: 13px; color: var(--muted); }
.legend li { display: flex; align-items: center; }
.swatch { display: inline-block; width: 14px; height: 10px; margin-right: 6px; border-radius: 2px; vertical-align: middle; }
.swatch.line { height: 3px; }
.swatch.line.primary { height: 4px; }
.swatch.band-met { background: rgba(47, 133, 90, .25); }
.swatch.band-partial { background: rgba(214, 158, 46, .3); }
.swatch.threshold { height: 0; border-top: 2px dashed var(--met); border-radius: 0; }
.table-wrap { overflow-x: auto; margin: 6px 0 12px; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-size: 13px; color: var(--muted); padding: 4px 0 6px; caption-side: top; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); vertical-align: top; }
thead th { border-bottom: 2px solid var(--navy); text-align: right; font-weight: 600; color: var(--navy); }
thead th:first-child { text-align: left; }
tbody th { text-align: left; font-weight: 600; white-space: nowrap; }
.grid-table td, .results td, .num { text-align: right; white-space: nowrap; }
.grid-table { min-width: 440px; }
.grid-table td .v { display: block; }
.nd { display: block; font-size: 11px; color: var(--faint); }
.grid-table tr > td:last-child, .grid-table thead th:last-child { background: var(--wash); font-weight: 600; }
.group-name { background: #eef2f7; color: var(--navy); text-align: left !important; }
tr.aggregate th, tr.aggregate td { background: var(--wash); font-weight: 600; }
.results th, .results td { padding: 4px 6px; }
.results thead th { font-size: 12px; min-width: 64px; }
.th-note { display: block; font-weight: 400; font-size: 11px; color: var(--faint); }
.status { display: inline-block; font-size: 11px; font-weight: 600; border-radius: 3px; padding: 0 5px; }
.status.met { color: var(--met); background: var(--met-bg); }
.status.partial { color: var(--partial); background: var(--partial-bg); }
.status.not-met { color: var(--miss); background: var(--miss-bg); }
.status.no-data { color: var(--faint); background: var(--wash); }
.why { display: block; font-size: 11px; color: var(--faint); white-space: normal; max-width: 150px; text-align: left; }
.bar-cell { position: relative; min-width: 110px; }
.bar-cell .bar { position: absolute; left: 10px; bottom: 3px; height: 4px; max-width: calc(100% - 20px); background: #5b7ba6; border-radius: 2px; }
.status-cell .status { display: block; width: max-content; margin-left: auto; }
.contract-col { background: #e9eef5; }
.payment-period { margin-bottom: 22px; }
.h-total { float: right; font-variant-numeric: tabular-nums; }
.wf-label { font-size: 12px; fill: var(--ink); }
.wf-amount { font-size: 12px; fill: var(--ink); font-variant-numeric: tabular-nums; }
.shadow-label { fill: var(--faint); font-style: italic; }
.total-label { font-weight: 700; }
.bar.up { fill: #2b6cb0; }
.bar.down { fill: #c53030; }
.bar.total { fill: var(--navy); }
.bar.shadow { fill: #fff; stroke: var(--faint); stroke-width: 1.2; stroke-dasharray: 4 2; }
.connector { stroke: #a0aec0; stroke-width: 1; }
.payment-lines { min-width: 60%; }
.payment-lines tfoot th, .payment-lines tfoot td { border-top: 2px solid var(--navy); border-bottom: 0; font-weight: 700; text-align: right; }
.payment-lines tfoot th { text-align: left; }
.payment-lines tbody th { font-weight: 400; }
tr.shadow th, tr.shadow td { color: var(--faint); font-style: italic; }
.shadow-tag { font-size: 11px; font-weight: 400; }
.year-paid { background: var(--wash); border-left: 4px solid var(--navy); padding: 8px 12px; }
footer { margin-top: 44px; padding-top: 10px; border-top: 1px solid var(--rule); font-size: 12px; color: var(--muted); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  .section { break-before: page; }
  h2, h3 { break-after: avoid; }
  svg.chart, .legend, .payment-period, .card, tr { break-inside: avoid; }
  .target { break-after: avoid; }
  .table-wrap { overflow: visible; }
  /* Wide tables (a group's targets and gates) fit the page's width. */
  .results, .grid-table { font-size: 8pt; }
  .results th, .results td, .grid-table th, .grid-table td { padding: 2px 4px; }
  .results thead th { font-size: 8pt; min-width: 0; }
  .th-note, .nd, .why, .status { font-size: 7pt; }
  .bar-cell { min-width: 56px; }
  .why { max-width: 110px; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  .band-met, .band-partial, .bar, .status, .card, tr.aggregate th, tr.aggregate td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

}  // namespace ocf
