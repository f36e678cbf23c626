import { markdownExtractor } from './server/src/engine/extract/markdown.js';
const src = process.argv[2]!.replace(/\\n/g,'\n').replace(/\\r/g,'\r');
const ex = markdownExtractor.extract(src, { maxDepth: 50 });
for (const b of ex.blocks) {
  console.log(JSON.stringify({kind:b.kind, text:b.text, sec:b.section, leadIn:b.leadIn, table:b.table, inline:b.inline}));
  let s=''; for (let i=0;i<b.text.length;i++) s += JSON.stringify(src.slice(b.starts[i], b.ends[i])).slice(1,-1)+'|'; console.log('   '+s);
}
console.log(JSON.stringify({sections:ex.sections, directives:ex.directives, fm:ex.frontMatter, fmr: ex.frontMatterRange}));
