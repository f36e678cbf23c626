import { markdownExtractor } from './server/src/engine/extract/markdown.js';
import { unified } from 'unified'; import remarkParse from 'remark-parse'; import remarkGfm from 'remark-gfm';
import { readFileSync } from 'node:fs';
const src = readFileSync(process.argv[2]!, 'utf8');
const t = unified().use(remarkParse).use(remarkGfm).parse(src);
console.log(JSON.stringify(t.children.map((c: any) => [c.type, c.position.start.offset, c.position.end.offset, (c.children||[]).map((k: any)=>[k.type, k.position?.start.offset, k.position?.end.offset, k.value?.slice(0,40)])])));
const ex = markdownExtractor.extract(src, {maxDepth:64});
for (const b of ex.blocks) { let s=''; for (let i=0;i<Math.min(60,b.text.length);i++) s += JSON.stringify(src.slice(b.starts[i], b.ends[i])).slice(1,-1)+'|'; console.log(b.kind, JSON.stringify(b.text.slice(0,60))); console.log('   '+s); }
for (const b of ex.blocks) if (b.kind==='paragraph') { const i = b.text.indexOf('Repository'); let s=''; for (let k=i;k<b.text.length;k++) s += JSON.stringify(src.slice(b.starts[k], b.ends[k])).slice(1,-1)+'|'; console.log(JSON.stringify(b.text.slice(i)), s); }
