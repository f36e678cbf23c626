// The .vsix: built by the package script, small, holding exactly the allow-listed files, with a
// manifest whose generated parts match their sources, and a directive grammar that matches every host.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { extensionConfiguration } from '../server/src/gen/generate.js';

const ROOT = resolve(__dirname, '..');
const VSIX = join(ROOT, 'routelint.vsix');

/** A zip's entries from its central directory (no dependency): name → contents on demand. */
function readZip(buf: Buffer): Map<string, () => Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    entries.set(name, () => {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return method === 8 ? inflateRawSync(data) : Buffer.from(data);
    });
    at += 46 + nameLen + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return entries;
}

let zip: Map<string, () => Buffer>;
let names: string[];
const manifest = () => JSON.parse(zip.get('extension/package.json')!().toString('utf8'));

beforeAll(() => {
  // `npm run package` is `npm run build && node scripts/package.mjs`. The suite runs after a build
  // (npm test), and rebuilding dist/ here would race the tests that spawn dist/routelint.js, so the
  // build runs only when its outputs are missing.
  if (!['client.js', 'server.js'].every((f) => existsSync(join(ROOT, 'dist', f)))) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  }
  execFileSync(process.execPath, ['scripts/package.mjs'], { cwd: ROOT, stdio: 'pipe' });
  zip = readZip(readFileSync(VSIX));
  names = [...zip.keys()];
}, 120_000);

describe('routelint.vsix', () => {
  it('is written at the repository root and is under 3 MB', () => {
    expect(statSync(VSIX).size).toBeLessThan(3 * 1024 * 1024);
  });

  it('holds the two bundles, the parsed packs cache, the rules, the schemas, the grammar, the manifest, README and LICENSE', () => {
    const want = [
      'extension.vsixmanifest',
      'extension/package.json',
      'extension/readme.md',
      'extension/LICENSE.txt',
      'extension/dist/client.js',
      'extension/dist/server.js',
      'extension/dist/packs.json',
      'extension/rules/config.yaml',
      'extension/rules/routes.yaml',
      'extension/rules/facts.yaml',
      'extension/schemas/routelint.schema.json',
      'extension/schemas/rule-pack.schema.json',
      'extension/syntaxes/routelint-directives.tmLanguage.json',
    ];
    for (const n of want) expect(names, n).toContain(n);
    // Every rule pack the server loads at run time (it reads rules/ beside dist/).
    for (const dir of ['claims', 'languages']) {
      for (const f of readdirSync(join(ROOT, 'rules', dir))) expect(names).toContain(`extension/rules/${dir}/${f}`);
    }
  });

  it('ships no sources, tests, examples, dependencies, CLI bundle or .env files', () => {
    const shipped = names.filter((n) => n.startsWith('extension/'));
    expect(shipped.filter((n) => /\.(ts|mts|cts|map)$/.test(n))).toEqual([]);
    expect(shipped.filter((n) => /(^|\/)(node_modules|test|examples|server|client|scripts|bench|docs|\.git)\//.test(n.slice('extension/'.length)))).toEqual([]);
    expect(shipped.filter((n) => /(^|\/)\.env/.test(n))).toEqual([]);
    expect(names).not.toContain('extension/dist/routelint.js');
    expect(shipped.length).toBeLessThan(40);
  });

  it('matches the list `vsce ls` prints from .vscodeignore', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    const listed = out.split('\n').map((l) => l.trim()).filter(Boolean)
      // vsce renames these two inside the package
      .map((f) => (f === 'LICENSE' ? 'LICENSE.txt' : f === 'README.md' ? 'readme.md' : f));
    const packaged = names.filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
    expect(packaged.sort()).toEqual(listed.sort());
  });

  it('has a manifest whose entry points and contributed files are in the package', () => {
    const pkg = manifest();
    expect(pkg.files).toBeUndefined(); // npm's list is dropped: vsce refuses it beside .vscodeignore
    expect(pkg.main).toBe('./dist/client.js');
    const inPackage = (p: string) => names.includes(`extension/${p.replace(/^\.\//, '')}`);
    expect(inPackage(pkg.main)).toBe(true);
    for (const g of pkg.contributes.grammars) expect(inPackage(g.path), g.path).toBe(true);
    for (const v of pkg.contributes.yamlValidation) expect(inPackage(v.url), v.url).toBe(true);
    expect(pkg.activationEvents).toEqual(expect.arrayContaining(['onLanguage:markdown', 'onLanguage:mdx', 'onLanguage:plaintext', 'workspaceContains:**/.routelint.yaml']));
    expect(pkg.capabilities.untrustedWorkspaces).toEqual({ supported: true });
    expect(pkg.categories).toContain('Linters');
  });

  it('contributes the configuration generated from the settings schema', () => {
    expect(manifest().contributes.configuration).toEqual(extensionConfiguration());
  });

  it('pins @types/vscode to the engines.vscode minimum (vsce refuses a newer one)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.engines.vscode).toBe(`^${pkg.devDependencies['@types/vscode']}`);
    expect(pkg.repository.url).toMatch(/^https:\/\/github\.com\//);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toContain('MIT License');
  });

  it('bundles the client so that it needs nothing but vscode and Node built-ins', () => {
    // Load the packaged client with a stand-in `vscode` and record every module it asks for.
    const script = `
      const Module = require('module');
      const asked = new Set();
      // vscode-languageclient subclasses vscode classes as it loads: any name is a class here.
      const vscode = new Proxy({}, { get: (_t, k) => (k === '__esModule' ? true : typeof k === 'symbol' ? undefined : class {}) });
      const load = Module._load;
      Module._load = function (request, ...rest) {
        asked.add(request);
        return request === 'vscode' ? vscode : load.call(this, request, ...rest);
      };
      const ext = require(process.argv[1]);
      console.log(JSON.stringify({ asked: [...asked], exports: Object.keys(ext) }));`;
    const client = join(ROOT, 'dist/client.js');
    const r = JSON.parse(execFileSync(process.execPath, ['-e', script, client], { encoding: 'utf8', stdio: 'pipe' }));
    expect(r.exports).toEqual(expect.arrayContaining(['activate', 'deactivate']));
    const builtins = new Set(builtinModules);
    const external = (r.asked as string[]).filter((m) => m !== client && m !== 'vscode' && !builtins.has(m.replace(/^node:/, '')));
    expect(external).toEqual([]);
    // The packaged copy is the built one.
    expect(zip.get('extension/dist/client.js')!().equals(readFileSync(client))).toBe(true);
  });
});

// ---- the directive grammar ----------------------------------------------------------------------

interface Rule { match?: string; begin?: string; end?: string; name?: string; captures?: Record<string, { name: string }>; beginCaptures?: Record<string, { name: string }>; patterns?: Array<{ include: string }> }
const grammar = JSON.parse(readFileSync(join(ROOT, 'syntaxes/routelint-directives.tmLanguage.json'), 'utf8')) as {
  scopeName: string;
  injectionSelector: string;
  patterns: Array<{ include: string }>;
  repository: Record<string, Rule>;
};

/**
 * A small stand-in for a TextMate engine, enough for this grammar: find the directive's begin, then
 * take the earliest match among the end and the inner patterns (end first on a tie) until the end.
 * The grammar's regexes use only syntax that Oniguruma and JavaScript read alike.
 */
function tokens(line: string): Array<{ scope: string; text: string }> {
  const out: Array<{ scope: string; text: string }> = [];
  const directive = grammar.repository.directive!;
  const begin = new RegExp(directive.begin!, 'g');
  const m = begin.exec(line);
  if (!m) return out;
  out.push({ scope: directive.beginCaptures!['1']!.name, text: m[1]! });
  const inner = directive.patterns!.map((p) => grammar.repository[p.include.slice(1)]!);
  let pos = m.index + m[0].length;
  for (;;) {
    const endRe = new RegExp(directive.end!, 'g');
    endRe.lastIndex = pos;
    const end = endRe.exec(line);
    let best: { rule: Rule; m: RegExpExecArray } | null = null;
    for (const rule of inner) {
      const re = new RegExp(rule.match!, 'g');
      re.lastIndex = pos;
      const x = re.exec(line);
      if (x && (!best || x.index < best.m.index)) best = { rule, m: x };
    }
    if (!best || (end && end.index <= best.m.index)) return out;
    if (best.rule.name) out.push({ scope: best.rule.name, text: best.m[0] });
    for (const [i, c] of Object.entries(best.rule.captures ?? {})) {
      const text = best.m[Number(i)];
      if (text) out.push({ scope: c.name, text: text.trim() });
    }
    pos = best.m.index + Math.max(best.m[0].length, 1);
  }
}
const of = (t: ReturnType<typeof tokens>, kind: string) => t.filter((x) => x.scope.startsWith(kind)).map((x) => x.text);

describe('the routelint directive grammar', () => {
  it('is the injection grammar package.json contributes, into comments of every host format', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const [contributed] = pkg.contributes.grammars;
    expect(contributed.scopeName).toBe(grammar.scopeName);
    expect(contributed.path).toBe('./syntaxes/routelint-directives.tmLanguage.json');
    expect(grammar.injectionSelector).toBe('L:comment');
    for (const scope of ['text.html.markdown', 'source.mdx', 'text.html.basic', 'source.yaml', 'source.toml', 'source.dotenv', 'source.js', 'source.ts', 'source.tsx', 'source.js.jsx', 'source.json.comments']) {
      expect(contributed.injectTo, scope).toContain(scope);
    }
  });

  const cases: Array<[host: string, line: string, keyword: string, ids: string[], reason?: string]> = [
    ['Markdown', 'Our old page said "unlimited". <!-- routelint-disable-line unlimited-claim -- quoting the old page -->', 'routelint-disable-line', ['unlimited-claim'], 'quoting the old page'],
    ['Markdown', '<!-- routelint-disable-next-line no-key-claim -->', 'routelint-disable-next-line', ['no-key-claim']],
    ['MDX', '{/* routelint-disable-next-line no-key-claim, shared-key */}', 'routelint-disable-next-line', ['no-key-claim', 'shared-key']],
    ['HTML', '<!-- routelint-disable -->', 'routelint-disable', []],
    ['YAML', '# routelint-disable-next-line shared-key -- a test fixture', 'routelint-disable-next-line', ['shared-key'], 'a test fixture'],
    ['TOML', 'plan = "free"  # routelint-disable-line free-official-api', 'routelint-disable-line', ['free-official-api']],
    ['.env', '# routelint-enable shared-key,unlimited-claim', 'routelint-enable', ['shared-key', 'unlimited-claim']],
    ['JS/TS', 'const copy = "unlimited"; // routelint-disable-line unlimited-claim -- legacy string', 'routelint-disable-line', ['unlimited-claim'], 'legacy string'],
    ['JS/TS', '/* routelint-disable model-label guarantee-claim */', 'routelint-disable', ['model-label', 'guarantee-claim']],
    ['JSONC', '// routelint-enable', 'routelint-enable', []],
  ];
  it.each(cases)('highlights the directive, rule ids and reason in a %s comment', (_host, line, keyword, ids, reason) => {
    const t = tokens(line);
    expect(of(t, 'keyword.control')).toEqual([keyword]);
    expect(of(t, 'constant.other.rule-id')).toEqual(ids);
    expect(of(t, 'comment.line.reason')).toEqual(reason ? [reason] : []);
    // The comment's own closing stays the host's.
    expect(t.map((x) => x.text).join(' ')).not.toMatch(/-->|\*\//);
  });

  it('leaves look-alikes alone', () => {
    for (const line of ['<!-- routelint-disabled -->', '# my-routelint-disable x', '// routelint-enable_all', '<!-- a plain comment -->']) {
      expect(tokens(line), line).toEqual([]);
    }
  });
});
