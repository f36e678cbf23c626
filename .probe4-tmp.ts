import { unified } from 'unified'; import remarkParse from 'remark-parse'; import remarkGfm from 'remark-gfm'; import remarkFrontmatter from 'remark-frontmatter';
import { markdownExtractor } from './server/src/engine/extract/markdown.js';
import { foldForMatch } from './server/src/engine/prose.js';
import { readFileSync, readdirSync } from 'node:fs';
const p = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter,['yaml','toml']);
// corpus: all md files in node_modules
const files: string[] = [];
function walk(d: string, depth=0) { if (depth>6) return; for (const e of readdirSync(d, {withFileTypes:true})) { const f = d+'/'+e.name; if (e.isDirectory()) walk(f, depth+1); else if (e.name.endsWith('.md')) files.push(f); } }
for (const root of (process.env.ROOTS ?? 'node_modules').split(':')) try { walk(root); } catch {}
const docs = files.map(f => { try { return readFileSync(f, 'utf8'); } catch { return ''; } });
const total = docs.reduce((a, d) => a + d.length, 0);
console.log(files.length, 'files', (total/1e6).toFixed(2), 'MB');
for (let round=0; round<1; round++) {
let t0 = performance.now(); for (const d of docs) p.parse(d); const tp = performance.now()-t0;
t0 = performance.now(); let blocks=0; for (const d of docs) blocks += markdownExtractor.extract(d, {maxDepth: 64}).blocks.length; const te = performance.now()-t0;
t0 = performance.now(); for (const d of docs) foldForMatch(d); const tf = performance.now()-t0;
console.log('parse', tp.toFixed(0), 'ms; extract', te.toFixed(0), 'ms; blocks', blocks, '; fold', tf.toFixed(0), 'ms');
}
// mapping sanity: every char maps inside source
let bad = 0;
for (const d of docs) { let ex; try { ex = markdownExtractor.extract(d, {maxDepth: 64}); } catch (e) { console.log('THROW', (e as Error).message); continue; } for (const b of ex.blocks) for (let i=0;i<b.text.length;i++){ const s=b.starts[i]!, e=b.ends[i]!; if (s<0||e>d.length||s>e) bad++; else { const c = b.text[i]!; const srcs = d.slice(s,e); const isPair = srcs.length===2 && srcs.codePointAt(0)! > 0xffff; if (c !== ' ' && c !== '\uFFFC' && srcs !== c && !isPair && srcs.normalize('NFC') !== c && !(srcs.length>1 && (srcs[0]==='&'||srcs[0]==='\\'))) { bad++; if (bad < 15) console.log('MISMAP', JSON.stringify(c), JSON.stringify(srcs), JSON.stringify(b.text.slice(Math.max(0,i-20), i+20))); } } } }
console.log('bad', bad);
