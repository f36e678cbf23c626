// `npm run test:e2e`: routelint in a real VS Code.
//
// Host (installed by test/e2e/install-host.sh, versions pinned in test/e2e/host.json): code-server
// (VS Code's real workbench and a real Node extension host, run by this machine's Node 20), Debian's
// chromium, and playwright-core to drive it. If the host is missing this test prints SKIPPED and exits 0,
// or exits 1 when ROUTELINT_E2E_REQUIRED=1 (CI sets it).
//
// What it does: packages ./routelint.vsix (`npm run package`; ROUTELINT_E2E_VSIX=FILE uses that file
// instead), installs it into a fresh code-server on a free 127.0.0.1 port with throwaway user-data,
// extensions and XDG folders, opens a workspace with an English and a Korean Markdown page, and checks
// through the DOM (no pixel matching): the squiggles, the Problems panel rows, and a route-labelled
// quick fix from the Ctrl+. menu that changes the text and makes the diagnostic go away.
// Screenshots go to docs/screenshots/e2e-*.png (shown in the README). Every wait has a timeout and
// a failure leaves a screenshot and the logs in a temp folder. Never a fixed sleep.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const HOST = JSON.parse(fs.readFileSync(path.join(HERE, 'host.json'), 'utf8'));
const TOOLS = process.env.ROUTELINT_E2E_HOME || path.join(os.homedir(), '.cache', 'routelint-e2e');
const CODE_SERVER = path.join(TOOLS, `code-server-${HOST.codeServer}`, 'node_modules', '.bin', 'code-server');
const PW_DIR = path.join(TOOLS, `playwright-core-${HOST.playwrightCore}`, 'node_modules');
const CHROMIUM = HOST.chromium;
const REQUIRED = process.env.ROUTELINT_E2E_REQUIRED === '1';
const WAIT_MS = Number(process.env.ROUTELINT_E2E_TIMEOUT_MS || 60_000);
const SHOTS = path.join(ROOT, 'docs', 'screenshots');

const t0 = Date.now();
const lap = (m) => console.log(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

// ---- 1. the host ---------------------------------------------------------------------------------
function pwVersion() {
  try { return JSON.parse(fs.readFileSync(path.join(PW_DIR, 'playwright-core', 'package.json'), 'utf8')).version; } catch { return null; }
}
const missing = [];
if (!fs.existsSync(CODE_SERVER)) missing.push(`code-server ${HOST.codeServer} (${CODE_SERVER})`);
if (!fs.existsSync(CHROMIUM)) missing.push(`chromium (${CHROMIUM})`);
if (pwVersion() !== HOST.playwrightCore) missing.push(`playwright-core ${HOST.playwrightCore} (${PW_DIR})`);
if (missing.length) {
  const bar = '!'.repeat(78);
  console.error(`${bar}\n!! SKIPPED: VS Code e2e host not installed (run test/e2e/install-host.sh)\n!! missing: ${missing.join(', ')}\n${bar}`);
  if (REQUIRED) {
    console.error('!! ROUTELINT_E2E_REQUIRED=1: a missing host is a failure');
    process.exit(1);
  }
  process.exit(0);
}
const { chromium } = createRequire(PW_DIR + path.sep)('playwright-core');

// ---- 2. the .vsix ----------------------------------------------------------------------------------
let vsix = process.env.ROUTELINT_E2E_VSIX ? path.resolve(process.env.ROUTELINT_E2E_VSIX) : null;
if (vsix) {
  lap(`using ROUTELINT_E2E_VSIX=${vsix}`);
} else {
  lap('npm run package');
  const r = spawnSync('npm', ['run', 'package'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) { console.error(`FAIL: npm run package exited with ${r.status}`); process.exit(1); }
  vsix = path.join(ROOT, 'routelint.vsix');
}
if (!fs.existsSync(vsix)) { console.error(`FAIL: no .vsix at ${vsix}`); process.exit(1); }
lap(`vsix: ${vsix} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB)`);

// ---- 3. throwaway folders: workspace, user data, extensions, XDG, chromium profile ------------------
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'routelint-e2e-'));
const dir = (...p) => { const d = path.join(TMP, ...p); fs.mkdirSync(d, { recursive: true }); return d; };
const WS = dir('ws');
const DATA = dir('data');
const EXT = dir('ext');
const FAIL_DIR = dir('failure');
const LOG = path.join(dir('logs'), 'code-server.log');
const EN_FILE = 'page.md';
const KO_FILE = '가격.md';
fs.writeFileSync(path.join(WS, EN_FILE), '# Pricing\n\nTry the unlimited GPT Image 2 API today.\n');
fs.writeFileSync(path.join(WS, KO_FILE), '# 요금\n\n무제한 GPT Image 2 API를 지금 사용하세요.\n');
// Formats beyond Markdown (issue 5): a .env file (selected by name, whatever language id VS Code gives
// it) and an HTML page.
const ENV_FILE = '.env';
const HTML_FILE = 'pricing.html';
fs.writeFileSync(path.join(WS, ENV_FILE), 'LLM_PROVIDER=openai\nLLM_BASE_URL=https://relay.example.com/v1\nRATE_LIMIT=unlimited\n');
fs.writeFileSync(path.join(WS, HTML_FILE), '<!doctype html>\n<p>Get free unlimited GPT Image 2 API access.</p>\n');
fs.writeFileSync(path.join(dir('data', 'User'), 'settings.json'), JSON.stringify({
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'editor.minimap.enabled': false,
  'editor.fontSize': 15,
}, null, 2));
const CONFIG = path.join(TMP, 'config.yaml');
fs.writeFileSync(CONFIG, 'auth: none\ncert: false\n');
const ENV = {
  ...process.env,
  XDG_CONFIG_HOME: dir('xdg', 'config'),
  XDG_DATA_HOME: dir('xdg', 'data'),
  XDG_CACHE_HOME: dir('xdg', 'cache'),
  XDG_RUNTIME_DIR: dir('xdg', 'runtime'),
  TMPDIR: dir('tmp'),
  EXTENSIONS_GALLERY: '{"serviceUrl":""}', // no marketplace requests at all
};
delete ENV.VSCODE_IPC_HOOK_CLI; // never talk to an editor this test did not start
const CS_FLAGS = ['--config', CONFIG, '--user-data-dir', DATA, '--extensions-dir', EXT];

// ---- helpers -------------------------------------------------------------------------------------
class StepError extends Error {}
let page = null;
let failureShots = 0;

async function step(what, fn) {
  try {
    return await fn();
  } catch (e) {
    const msg = String(e?.message || e).split('\n')[0];
    let shot = '';
    if (page) {
      shot = path.join(FAIL_DIR, `failure-${++failureShots}.png`);
      await page.screenshot({ path: shot }).catch(() => { shot = ''; });
    }
    throw new StepError(`${what}: ${msg}${shot ? `\n      failure screenshot: ${shot}` : ''}`);
  }
}
const wait = (what, fn, arg) => step(`timed out after ${WAIT_MS / 1000}s waiting for ${what}`,
  () => page.waitForFunction(fn, arg, { timeout: WAIT_MS, polling: 100 }));
const shoot = async (name) => {
  // let the hover / quick fix menu finish fading in, so the picture is not caught mid-animation
  await wait('hovers and menus to finish animating', () => [...document.querySelectorAll('.monaco-hover, .action-widget')]
    .flatMap((e) => e.getAnimations({ subtree: true }))
    .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity));
  fs.mkdirSync(SHOTS, { recursive: true });
  const p = path.join(SHOTS, name);
  await page.screenshot({ path: p });
  lap(`screenshot ${path.relative(ROOT, p)}`);
};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// Everything the page needs, in the page: problems rows grouped under their file rows.
// The Problems tree puts a file row (aria-level 1) above its markers (aria-level 2).
const readProblems = () => {
  const out = [];
  let file = null;
  for (const row of document.querySelectorAll('.markers-panel .monaco-list-row')) {
    const aria = row.getAttribute('aria-label') || '';
    const text = (row.innerText || '').replace(/\s+/g, ' ').trim();
    if (row.getAttribute('aria-level') === '1') { file = text; continue; }
    out.push({ file, aria, text });
  }
  return out;
};

// ---- 4. run ----------------------------------------------------------------------------------------
let cs = null;
let csExit = null;
let ctx = null;
let failed = false;

function stopCodeServer() {
  if (!cs || csExit) return Promise.resolve();
  // code-server runs in its own process group (detached below): signal that group, which holds only
  // the code-server we started and its children (the extension host, the language server, ...).
  return new Promise((resolve) => {
    const done = () => { clearTimeout(hard); resolve(); };
    const hard = setTimeout(() => { try { process.kill(-cs.pid, 'SIGKILL'); } catch {} resolve(); }, 5000);
    cs.once('exit', done);
    try { process.kill(-cs.pid, 'SIGTERM'); } catch { done(); }
  });
}

function dumpLogs() {
  console.error(`---- code-server log (${LOG}), last lines ----`);
  try { console.error(fs.readFileSync(LOG, 'utf8').split('\n').slice(-40).join('\n')); } catch {}
  // extension host logs and output channels (the routelint client's channel among them)
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
  let files = [];
  try { files = walk(path.join(DATA, 'logs')); } catch {}
  for (const f of files.filter((f) => /routelint|exthost\.log$/i.test(path.relative(DATA, f)))) {
    const text = fs.readFileSync(f, 'utf8');
    console.error(`---- ${path.relative(TMP, f)} (${text.length} chars), last lines ----`);
    console.error(text.split('\n').slice(-40).join('\n'));
  }
  console.error(`---- everything is kept in ${TMP}`);
}

try {
  // install the .vsix with the same CLI and folders the server will use
  lap(`code-server ${HOST.codeServer}: --install-extension ${path.basename(vsix)}`);
  const inst = spawnSync(CODE_SERVER, [...CS_FLAGS, '--install-extension', vsix], { env: ENV, encoding: 'utf8', timeout: 120_000 });
  const instOut = `${inst.stdout || ''}${inst.stderr || ''}`.trim();
  console.log(instOut.split('\n').map((l) => '    ' + l).join('\n'));
  if (inst.status !== 0 || !/successfully installed/i.test(instOut)) throw new StepError(`installing ${vsix} failed (exit ${inst.status})`);

  const port = await freePort();
  lap(`starting code-server on 127.0.0.1:${port}`);
  const logFd = fs.openSync(LOG, 'w');
  cs = spawn(CODE_SERVER, [...CS_FLAGS, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened', WS],
  { env: ENV, stdio: ['ignore', logFd, logFd], detached: true });
  fs.closeSync(logFd);
  cs.once('exit', (code, sig) => { csExit = { code, sig }; });
  await step('code-server /healthz', async () => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      if (csExit) throw new Error(`code-server exited (${JSON.stringify(csExit)})`);
      try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return; } catch {}
      if (Date.now() > deadline) throw new Error('no answer');
      await new Promise((r) => setTimeout(r, 100)); // poll interval, not a wait for readiness
    }
  });
  lap(`code-server up (pid ${cs.pid})`);

  ctx = await chromium.launchPersistentContext(dir('chrome-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 860 },
    env: ENV,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = ctx.pages()[0] || await ctx.newPage();
  page.on('pageerror', (e) => console.log('    pageerror:', e.message));
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(WS)}`);
  await wait('the workbench', () => !!document.querySelector('.monaco-workbench .part.editor'));
  lap('workbench up');
  await page.evaluate(`window.__routelintProblems = ${readProblems.toString()}`);
  await wait('the explorer to list both documents', ([a, b]) => {
    const names = [...document.querySelectorAll('.explorer-folders-view .monaco-list-row')].map((r) => r.getAttribute('aria-label') || '');
    return names.some((n) => n.startsWith(a)) && names.some((n) => n.startsWith(b));
  }, [EN_FILE, KO_FILE]);

  async function quickOpen(name, needle) {
    await step(`Quick Open (Ctrl+P) ${name}`, async () => {
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible', timeout: WAIT_MS });
      await page.keyboard.type(name);
      await page.waitForFunction((n) => [...document.querySelectorAll('.quick-input-widget .monaco-list-row')]
        .some((r) => (r.getAttribute('aria-label') || '').includes(n)), name, { timeout: WAIT_MS });
      await page.keyboard.press('Enter');
    });
    await wait(`${name} in the editor`, ([n, s]) => {
      const tab = [...document.querySelectorAll('.tabs-container .tab.active')].some((t) => (t.getAttribute('aria-label') || '').startsWith(n));
      const text = [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines')].map((v) => v.innerText.replace(/\s+/g, ' ')).join(' ');
      return tab && text.includes(s);
    }, [name, needle]);
    lap(`${name} open in the editor`);
  }

  async function waitSquiggles(name, needle) {
    const handle = await wait(`a routelint squiggle (.squiggly-error / .squiggly-warning) in ${name}`, (args) => {
      for (const ed of document.querySelectorAll('.editor-instance .monaco-editor')) {
        const text = (ed.querySelector('.view-lines')?.innerText || '').replace(/\s+/g, ' ');
        if (!text.includes(args.needle)) continue;
        const errors = ed.querySelectorAll('.squiggly-error').length;
        const warnings = ed.querySelectorAll('.squiggly-warning').length;
        return errors + warnings > 0 ? { errors, warnings } : false;
      }
      return false;
    }, { needle });
    const n = await handle.jsonValue();
    lap(`${name}: ${n.errors} error squiggle(s), ${n.warnings} warning squiggle(s)`);
    return n;
  }

  async function waitProblemRow(name, rule) {
    const handle = await wait(`a Problems panel row for ${name} from routelint mentioning '${rule}'`, (args) => {
      const rows = window.__routelintProblems();
      const hit = rows.find((r) => (r.file || '').startsWith(args.name) && /routelint/.test(r.aria) && (r.aria + ' ' + r.text).includes(args.rule));
      return hit || false;
    }, { name, rule });
    return handle.jsonValue();
  }
  const problems = () => page.evaluate(() => window.__routelintProblems());

  // ---- English: squiggles ----
  await quickOpen(EN_FILE, 'unlimited GPT Image 2 API');
  await waitSquiggles(EN_FILE, 'unlimited GPT Image 2 API');
  const status = await page.locator('[id="status.problems"]').first().getAttribute('aria-label').catch(() => null);
  lap(`status bar: ${status}`);
  // hover the error squiggle so the picture shows the message (decorations sit under the text layer,
  // so move the mouse onto the squiggle's box rather than locator.hover())
  const errSquiggle = page.locator('.editor-instance .monaco-editor .squiggly-error').first();
  const box = await step('the error squiggle box', () => errSquiggle.boundingBox({ timeout: WAIT_MS }));
  if (!box) throw new StepError('the error squiggle has no bounding box');
  const sx = box.x + Math.min(30, box.width / 4);
  const sy = box.y + box.height / 2 - 4;
  await page.mouse.move(sx, sy);
  await wait('the hover with the routelint message', () => [...document.querySelectorAll('.monaco-hover')]
    .some((h) => h.offsetParent !== null && /unlimited/.test(h.innerText) && /routelint/.test(h.innerText)));
  await shoot('e2e-squiggles.png');

  // ---- English: Problems panel ----
  await page.mouse.move(700, 700);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+M');
  await step('the Problems panel', () => page.waitForSelector('.markers-panel .monaco-list-row', { timeout: WAIT_MS }));
  const row = await waitProblemRow(EN_FILE, 'unlimited-claim');
  lap(`Problems panel row: ${JSON.stringify(row.text)}`);
  for (const r of await problems()) console.log(`    [${r.file}] ${r.text}\n      aria: ${r.aria}`);
  await shoot('e2e-problems.png');

  // ---- English: the route-labelled quick fix from Ctrl+. ----
  await page.mouse.click(sx, sy); // cursor into the squiggle (inside "unlimited", left of the overlapping model-label range)
  await page.mouse.move(700, 700);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+.');
  await step('the quick fix menu (Ctrl+.)', () => page.waitForSelector('.action-widget .monaco-list-row', { state: 'visible', timeout: WAIT_MS }));
  const fixes = await page.locator('.action-widget .monaco-list-row').evaluateAll((els) => els.map((e) => (e.innerText || e.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim()));
  lap('quick fix menu:');
  for (const f of fixes) console.log(`    ${f}`);
  const official = page.locator('.action-widget .monaco-list-row', { hasText: 'official API' }).first();
  await step('a quick fix titled "…official API…" in the menu', () => official.waitFor({ state: 'visible', timeout: WAIT_MS }));
  // move the menu's focus down to it with the keyboard (a pointer block covers the menu for the mouse)
  const focusedFix = () => page.evaluate(() => document.querySelector('.action-widget .monaco-list-row.focused')?.innerText.replace(/\s+/g, ' ').trim() || '');
  for (let i = 0; !/official API/.test(await focusedFix()); i++) {
    if (i > fixes.length) throw new StepError(`could not move the quick fix menu's focus to the official API fix (focused: ${JSON.stringify(await focusedFix())})`);
    const before = await focusedFix();
    await page.keyboard.press('ArrowDown');
    await wait('the quick fix menu focus to move', (b) =>
      (document.querySelector('.action-widget .monaco-list-row.focused')?.innerText.replace(/\s+/g, ' ').trim() || '') !== b, before);
  }
  lap(`focused: ${await focusedFix()}`);
  await shoot('e2e-quickfix.png');
  await page.keyboard.press('Enter');
  await wait('the editor text to contain "through the official OpenAI API"', () =>
    [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines')].some((v) => v.innerText.replace(/\s+/g, ' ').includes('through the official OpenAI API')));
  lap('quick fix applied: the text now says "through the official OpenAI API"');
  await wait(`the unlimited-claim row for ${EN_FILE} to leave the Problems panel`, (args) => {
    const rows = window.__routelintProblems();
    return !rows.some((r) => (r.file || '').startsWith(args.name) && (r.aria + ' ' + r.text).includes('unlimited-claim'));
  }, { name: EN_FILE });
  lap(`the unlimited-claim row for ${EN_FILE} is gone`);
  const line = await page.evaluate(() => [...document.querySelectorAll('.editor-instance .monaco-editor .view-line')]
    .map((v) => v.innerText.replace(/\s+/g, ' ')).find((t) => t.includes('official OpenAI API')));
  lap(`line 3 now: ${JSON.stringify(line)}`);

  // ---- Korean ----
  await page.keyboard.press('Escape');
  await quickOpen(KO_FILE, '무제한 GPT Image 2 API를');
  await waitSquiggles(KO_FILE, '무제한 GPT Image 2 API를');
  const koRow = await waitProblemRow(KO_FILE, 'unlimited-claim');
  lap(`Problems panel row for ${KO_FILE}: ${JSON.stringify(koRow.text)}`);
  for (const r of await problems()) console.log(`    [${r.file}] ${r.text}`);
  const koBox = await page.locator('.editor-instance .monaco-editor .squiggly-error').first().boundingBox();
  if (koBox) {
    await page.mouse.move(koBox.x + Math.min(20, koBox.width / 4), koBox.y + koBox.height / 2 - 4);
    await wait('the hover on the Korean squiggle', () => [...document.querySelectorAll('.monaco-hover')]
      .some((h) => h.offsetParent !== null && /routelint/.test(h.innerText)));
  }
  await shoot('e2e-korean.png');

  // ---- .env and HTML: the extension is active for them, and the server reads them as their format ----
  await page.keyboard.press('Escape');
  await quickOpen(ENV_FILE, 'RATE_LIMIT=unlimited');
  await waitSquiggles(ENV_FILE, 'RATE_LIMIT=unlimited');
  const envRow = await waitProblemRow(ENV_FILE, 'route-mismatch');
  lap(`Problems panel row for ${ENV_FILE}: ${JSON.stringify(envRow.text)}`);
  await quickOpen(HTML_FILE, 'free unlimited GPT Image 2 API');
  await waitSquiggles(HTML_FILE, 'free unlimited GPT Image 2 API');
  const htmlRow = await waitProblemRow(HTML_FILE, 'free-official-api');
  lap(`Problems panel row for ${HTML_FILE}: ${JSON.stringify(htmlRow.text)}`);

  console.log(`PASS: squiggles, Problems rows and the official-API quick fix in ${EN_FILE}; squiggles and Problems rows in ${KO_FILE}, ${ENV_FILE} and ${HTML_FILE} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
} catch (e) {
  failed = true;
  console.error(`FAIL: ${e instanceof StepError ? e.message : e?.stack || e}`);
} finally {
  if (failed) dumpLogs();
  await ctx?.close().catch(() => {});
  await stopCodeServer();
  lap(`stopped chromium and code-server${cs ? ` (pid ${cs.pid})` : ''}`);
  if (!failed) fs.rmSync(TMP, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
