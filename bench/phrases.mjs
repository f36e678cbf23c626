// The peer phrase list, one source: bench/prh.yml. This module reads it and builds the ripgrep
// alternation; run directly it (re)writes bench/phrases.rg:
//
//   node bench/phrases.mjs          # write bench/phrases.rg from bench/prh.yml
//   node bench/phrases.mjs --check  # exit 1 when bench/phrases.rg is out of date
//
// `yaml` comes from the repository's own dependencies (the root node_modules).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

export const BENCH = dirname(fileURLToPath(import.meta.url));
export const PRH_FILE = join(BENCH, 'prh.yml');
export const RG_FILE = join(BENCH, 'phrases.rg');

/** The prh rules' patterns as `{ source, flags }`, in file order. */
export function prhPatterns(text = readFileSync(PRH_FILE, 'utf8')) {
  const doc = parse(text);
  const out = [];
  for (const rule of doc.rules) {
    const pats = rule.patterns ?? (rule.pattern == null ? [] : [rule.pattern]);
    for (const p of Array.isArray(pats) ? pats : [pats]) {
      const m = /^\/(.*)\/([gimuy]*)$/.exec(p);
      if (!m) throw new Error(`bench/prh.yml: pattern ${JSON.stringify(p)} is not a /regex/ literal`);
      // The same compile prh does (flags gm, u where supported, i when given).
      new RegExp(m[1], 'gmu' + (m[2].includes('i') ? 'i' : ''));
      out.push({ source: m[1], flags: m[2] });
    }
  }
  return out;
}

/** One alternation for `rg -i -f bench/phrases.rg` (one line, so one regex). */
export function rgAlternation(patterns = prhPatterns()) {
  return patterns.map((p) => `(?:${p.source})`).join('|') + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const want = rgAlternation();
  if (process.argv.includes('--check')) {
    let have = '';
    try { have = readFileSync(RG_FILE, 'utf8'); } catch {}
    if (have !== want) {
      console.error('bench/phrases.rg is out of date: run node bench/phrases.mjs');
      process.exit(1);
    }
    console.log(`bench/phrases.rg matches bench/prh.yml (${prhPatterns().length} patterns)`);
  } else {
    writeFileSync(RG_FILE, want);
    console.log(`wrote bench/phrases.rg (${prhPatterns().length} patterns)`);
  }
}
