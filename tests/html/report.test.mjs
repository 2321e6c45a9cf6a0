// The HTML report in a real browser (ctest `html_report_chromium`): for every
// example in examples/ (and the hostile data of tests/data/hostile), renders
// `ocf run --format html`, loads it in headless Chromium (Debian's
// /usr/bin/chromium, driven by puppeteer-core from npm, installed by
// tests/html/setup_npm.sh) and checks that
//   - the page logs no console error and throws no page error;
//   - it makes no network request at all (every request is intercepted);
//   - every measure's title (from the contract's source) is in the DOM;
//   - every payment line's amount and every period's total in the DOM is the
//     JSON statement's (`ocf run --format json`), written as FormatMoney
//     writes money;
//   - every chart is an accessible image (role="img", <title>, <desc>) with a
//     table beside it;
//   - hostile group names are shown as text, not run as markup;
// and writes a full-page screenshot to ARTIFACTS/report-EXAMPLE.png (kept by
// CI as a test artifact). Without Chromium or puppeteer-core it prints
// "SKIPPED: ..." and exits 77 (ctest's SKIP_RETURN_CODE for this test).
//
//   node tests/html/report.test.mjs --ocf build/release/ocf --artifacts build/release/artifacts
// with NODE_PATH=build/release/npm/node_modules.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const SKIP = 77;
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const source = resolve(option('--source', '.'));
const ocf = resolve(option('--ocf', 'build/release/ocf'));
const artifacts = resolve(option('--artifacts', 'build/release/artifacts'));
const chromium = option('--chromium', '/usr/bin/chromium');

function skip(why) {
  console.log('='.repeat(78));
  console.log(`SKIPPED: the HTML report's browser test did not run because ${why}`);
  console.log('='.repeat(78));
  process.exit(SKIP);
}

if (!existsSync(chromium)) skip(`${chromium} does not exist (scripts/setup.sh installs Debian's chromium)`);
let puppeteer;
try {
  // NODE_PATH is honoured by require, not by import.
  puppeteer = createRequire(import.meta.url)('puppeteer-core');
} catch (e) {
  skip(`puppeteer-core is not installed (tests/html/setup_npm.sh installs it; NODE_PATH=${process.env.NODE_PATH || ''})`);
}

// Money as runtime/statement.cc's FormatMoney writes it: the currency's
// symbol, thousands separated by commas, two decimals, a leading minus.
function formatMoney(amount, currency) {
  const symbol = currency === 'USD' ? '$' : currency === 'EUR' ? '\u20AC' : '\u00A3';
  let digits = amount;
  const negative = digits.startsWith('-');
  if (negative) digits = digits.slice(1);
  const [whole, fraction] = digits.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + symbol + grouped + (fraction !== undefined ? '.' + fraction : '');
}

// Text from the data as the report shows it (runtime/safe_text.h's
// TerminalText, then HTML-escaped): \n, \r, \t; \xNN for another C0
// control or DEL; \u{NN} for a C1 control or a bidirectional override.
function shownText(s) {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if ((c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
      out += '\\u{' + c.toString(16) + '}';
    else out += ch;
  }
  return out;
}

// Measures' titles, read from the contract's source (the JSON statement has
// names only): `measure NAME "TITLE"`.
function measureTitles(contractPath) {
  const titles = new Map();
  const text = readFileSync(contractPath, 'utf8');
  for (const m of text.matchAll(/^\s*measure\s+([A-Za-z_][A-Za-z0-9_]*)\s+"((?:[^"\\]|\\.)*)"/gm))
    titles.set(m[1], m[2].replace(/\\(.)/g, '$1'));
  return titles;
}

const examples = ['msk', 'alliance', 'mental_health', 'older_people'].map((name) => {
  const argsFile = join(source, 'tests', 'crosscheck', `${name}.args`);
  const extra = existsSync(argsFile) ? readFileSync(argsFile, 'utf8').split('\n').filter((l) => l.length) : [];
  return {
    name,
    contract: join(source, 'examples', name, `${name}.ocf`),
    args: ['--data', join(source, 'examples', name, 'data'), ...extra],
  };
});
examples.push({
  name: 'hostile',
  contract: join(source, 'tests', 'data', 'hostile', 'hostile.ocf'),
  args: ['--data', join(source, 'tests', 'data', 'hostile')],
});

mkdirSync(artifacts, { recursive: true });
const home = mkdtempSync(join(tmpdir(), 'ocf-chromium-'));
let failures = 0;
const fail = (example, what) => {
  failures++;
  console.log(`FAIL ${example}: ${what}`);
};

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  env: { ...process.env, HOME: home },
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--hide-scrollbars', '--log-level=3'],
});
try {
  for (const ex of examples) {
    const started = Date.now();
    const json = JSON.parse(execFileSync(ocf, ['run', ex.contract, ...ex.args, '--format', 'json'],
      { encoding: 'utf8', maxBuffer: 1 << 28 }));
    const htmlPath = join(artifacts, `report-${ex.name}.html`);
    execFileSync(ocf, ['run', ex.contract, ...ex.args, '--format', 'html', '--output', htmlPath]);
    const url = pathToFileURL(htmlPath).href;

    const page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 900 });
    const problems = [];
    const requests = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.setRequestInterception(true);
    page.on('request', (r) => {
      if (r.url() === url && r.isNavigationRequest()) return r.continue();  // the report itself
      requests.push(r.url());
      r.abort();
    });
    await page.goto(url, { waitUntil: 'load' });

    const dom = await page.evaluate(() => {
      const text = (e) => (e ? e.textContent.trim() : null);
      return {
        lang: document.documentElement.lang,
        body: document.body.textContent,
        measures: [...document.querySelectorAll('article.measure')].map((a) => ({
          name: a.dataset.measure, title: text(a.querySelector('h3')),
        })),
        charts: [...document.querySelectorAll('svg.chart')].map((svg) => ({
          role: svg.getAttribute('role'),
          title: text(svg.querySelector(':scope > title')),
          desc: text(svg.querySelector(':scope > desc')),
          table: !!(svg.closest('figure') && svg.closest('figure').querySelector('table caption')),
        })),
        payments: [...document.querySelectorAll('article.payment-period')].map((a) => ({
          period: a.dataset.period,
          lines: [...a.querySelectorAll('table.payment-lines tbody tr')].map((tr) => ({
            name: text(tr.querySelector('th')),
            group: tr.querySelectorAll('td').length > 1 ? text(tr.querySelector('td')) : null,
            amount: text(tr.querySelector('td.amount')),
            shadow: tr.classList.contains('shadow'),
          })),
          total: text(a.querySelector('tfoot td.total')),
        })),
        injected: document.querySelectorAll('script, img, iframe, object, embed, link[rel=stylesheet]').length,
        headings: [...document.querySelectorAll('h1, h2, h3, h4')].map((h) => Number(h.tagName[1])),
      };
    });
    await page.screenshot({ path: join(artifacts, `report-${ex.name}.png`), fullPage: true });
    await page.close();

    for (const p of problems) fail(ex.name, p);
    if (requests.length) fail(ex.name, `the page made ${requests.length} network request(s): ${requests.slice(0, 3).join(', ')}`);
    if (dom.lang !== 'en-GB') fail(ex.name, `<html lang> is ${dom.lang}`);
    if (dom.injected) fail(ex.name, `${dom.injected} script/img/iframe/object/embed/stylesheet element(s) in the report`);
    // Headings go down one level at a time.
    for (let i = 1; i < dom.headings.length; i++)
      if (dom.headings[i] > dom.headings[i - 1] + 1) {
        fail(ex.name, `heading h${dom.headings[i]} follows h${dom.headings[i - 1]}`);
        break;
      }

    const titles = measureTitles(ex.contract);
    const measureNames = Object.keys(json.measures);
    if (dom.measures.length !== measureNames.length)
      fail(ex.name, `${dom.measures.length} measures in the report, ${measureNames.length} in the statement`);
    measureNames.forEach((name, i) => {
      const title = titles.get(name) ?? name;
      const shown = dom.measures[i];
      if (!shown || shown.name !== name || shown.title !== title)
        fail(ex.name, `measure ${i + 1}: expected \`${name}\` titled "${title}", the report has ${JSON.stringify(shown)}`);
      if (!dom.body.includes(title)) fail(ex.name, `the title "${title}" is not in the page`);
    });

    if (!dom.charts.length && ex.name !== 'hostile') fail(ex.name, 'no chart at all');
    dom.charts.forEach((c, i) => {
      if (c.role !== 'img' || !c.title || !c.desc) fail(ex.name, `chart ${i + 1} lacks role="img", <title> or <desc>`);
      if (!c.table) fail(ex.name, `chart ${i + 1} ("${c.title}") has no table beside it`);
    });

    const periods = Object.entries(json.payments);
    if (dom.payments.length !== periods.length)
      fail(ex.name, `${dom.payments.length} payment periods in the report, ${periods.length} in the statement`);
    let lines = 0;
    periods.forEach(([label, pp], i) => {
      const shown = dom.payments[i];
      if (!shown || shown.period !== label) return fail(ex.name, `payment period ${i + 1}: expected ${label}, got ${shown && shown.period}`);
      if (shown.total !== formatMoney(pp.total, json.currency))
        fail(ex.name, `${label}: total ${shown.total}, the statement's is ${formatMoney(pp.total, json.currency)}`);
      if (shown.lines.length !== pp.lines.length)
        return fail(ex.name, `${label}: ${shown.lines.length} lines, the statement has ${pp.lines.length}`);
      pp.lines.forEach((line, k) => {
        const got = shown.lines[k];
        lines++;
        const want = formatMoney(line.amount, json.currency);
        if (got.amount !== want) fail(ex.name, `${label}, "${line.name}": ${got.amount}, the statement's is ${want}`);
        if (!got.name.startsWith(shownText(line.name))) fail(ex.name, `${label}, line ${k + 1}: "${got.name}", not "${line.name}"`);
        if (line.group !== undefined && shownText(line.group) !== got.group)
          fail(ex.name, `${label}, "${line.name}": group ${got.group}, not ${line.group}`);
        if (!!line.shadow !== got.shadow) fail(ex.name, `${label}, "${line.name}": shadow is ${got.shadow}`);
      });
    });

    // Hostile cells are text on the page, exactly as in the data (controls
    // shown escaped, as on a terminal), never markup.
    if (ex.name === 'hostile') {
      for (const name of ['=HYPERLINK("http://x","y")', '@SUM(1+1)', '+1', '-1+1'])
        if (!dom.body.includes(name)) fail(ex.name, `the group ${name} is not shown as text`);
    }
    console.log(`ok ${ex.name}: ${dom.measures.length} measures, ${dom.charts.length} charts, ` +
      `${periods.length} payment periods with ${lines} lines as in the JSON; ${Date.now() - started} ms; ` +
      `screenshot ${join(artifacts, `report-${ex.name}.png`)}`);
  }
} finally {
  await browser.close();
  rmSync(home, { recursive: true, force: true });
}
if (failures) {
  console.log(`${failures} failure(s)`);
  process.exit(1);
}
console.log(`all ${examples.length} reports passed; screenshots in ${artifacts}`);
