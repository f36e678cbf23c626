// Secrets never appear in full in any output (issue 5): keys planted in a file of every format are
// looked for in every CLI format (stylish, json, sarif, github, and the --output-file copy), and in
// everything the language server sends (diagnostics with their data, hovers, code actions, log
// messages, stderr). Keys are built at run time (test/keys.ts); the part a mask hides must never show.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { keysPerFormat } from './keys.js';
import { startPushSession } from './lsp-client.js';

const BIN = join(process.cwd(), 'dist/routelint.js');
const keys = keysPerFormat();
const k = (i: number) => keys[i % keys.length]!.key;

/** One file per format, each with a literal key where people put them. */
const FILES: Record<string, string> = {
  'doc.md': `# Setup\n\nUse this shared key: \`${k(0)}\`\n`,
  'page.html': `<!doctype html><html><body><p>Our key: ${k(1)}</p><img alt="key ${k(2)}" src="x.png"></body></html>\n`,
  'app.ts': `// the team key\nconst apiKey = "${k(3)}";\nexport default apiKey;\n`,
  'App.jsx': `export const App = () => <p title="${k(4)}">Key: ${k(5)}</p>;\n`,
  '.env': `# local\nOPENAI_API_KEY=${k(6)}\n`,
  'config.yaml': `provider: openai\napi_key: ${k(7)}\n`,
  'config.json': `{ "apiKey": "${k(8)}" }\n`,
  'config.toml': `[openai]\napi_key = "${k(9)}"\n`,
  'page.mdx': `# Keys\n\n<Note>Key: ${k(10)}</Note>\n`,
  'notes.txt': `The key is ${k(11)}.\n`,
};
const planted = Object.keys(FILES).map((_, i) => k(i));
const prefixOf = (key: string) => keys.find((x) => x.key === key)!.prefix;

/** Fails with the output's name when any planted key's hidden part appears in it. */
function expectNoKey(name: string, output: string): void {
  for (const key of planted) {
    const hidden = key.slice(prefixOf(key).length, -4);
    expect(hidden.length, 'a mask hides something').toBeGreaterThan(8);
    expect(output.includes(hidden), `${name} shows the key ${prefixOf(key)}… in full`).toBe(false);
  }
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'routelint-leaks-'));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('secrets never appear in full in any output', () => {
  it('the CLI in every format, on stdout, stderr and --output-file', () => {
    const dir = workspace();
    let flagged = 0;
    for (const format of ['stylish', 'json', 'sarif', 'github']) {
      const out = join(dir, `out.${format}`);
      const args = [BIN, ...Object.keys(FILES), '--format', format];
      const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.status, r.stderr).toBe(1);
      expectNoKey(`--format ${format} stdout`, r.stdout);
      expectNoKey(`--format ${format} stderr`, r.stderr);
      const f = spawnSync(process.execPath, [...args, '--output-file', out], { cwd: dir, encoding: 'utf8' });
      expect(f.status).toBe(1);
      expectNoKey(`--format ${format} --output-file`, readFileSync(out, 'utf8'));
      if (format === 'json') {
        const report = JSON.parse(r.stdout) as { files: Array<{ path: string; findings: Array<{ ruleId: string }> }> };
        flagged = report.files.filter((x) => x.findings.some((y) => y.ruleId === 'shared-key')).length;
      }
    }
    // every planted key was found (so the outputs above really had a key to leak)
    expect(flagged).toBe(Object.keys(FILES).length);
  });

  it('the language server: diagnostics and their data, hovers, code actions, logs and stderr', async () => {
    const dir = workspace();
    const s = await startPushSession(dir, {
      trace: true,
      settings: { trace: { server: 'verbose' } },
      extraCapabilities: {
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        hover: { contentFormat: ['markdown'] },
      },
    });
    const { conn, got } = s;
    try {
      const uris = Object.entries(FILES).map(([name, text]) => s.open(name, text));
      await s.waitAll(uris);
      let seen = 0;
      let files = 0;
      for (const uri of uris) {
        if (got.get(uri)!.diagnostics.some((x) => x.code === 'shared-key')) files++;
        const diags: Diagnostic[] = got.get(uri)!.diagnostics;
        expectNoKey(`diagnostics of ${uri}`, JSON.stringify(diags));
        for (const d of diags.filter((x) => x.code === 'shared-key')) {
          seen++;
          const hover = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start });
          expectNoKey(`hover in ${uri}`, JSON.stringify(hover));
          const actions = await conn.sendRequest('textDocument/codeAction', {
            textDocument: { uri },
            range: d.range,
            context: { diagnostics: [d] },
          });
          expect(JSON.stringify(actions)).toContain('API_KEY');
          expectNoKey(`code actions in ${uri}`, JSON.stringify(actions));
          const fixAll = await conn.sendRequest('textDocument/codeAction', {
            textDocument: { uri },
            range: d.range,
            context: { diagnostics: [], only: ['source.fixAll.routelint'] },
          });
          expectNoKey(`fix-all in ${uri}`, JSON.stringify(fixAll));
        }
      }
      // every file had its key flagged, so every output above had a key to leak
      expect(files).toBe(uris.length);
      expect(seen).toBeGreaterThanOrEqual(planted.length);
    } finally {
      await s.close();
    }
    expectNoKey('window/logMessage and $/logTrace', s.logs());
    expectNoKey('server stderr', s.stderr());
  }, 60_000);
});
