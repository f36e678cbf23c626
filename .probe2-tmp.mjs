import {unified} from 'unified'; import remarkParse from 'remark-parse'; import remarkGfm from 'remark-gfm'; import remarkFrontmatter from 'remark-frontmatter';
const p = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter,['yaml','toml']);
for (const [name, src] of [['bq1000','>'.repeat(1000)+' x'], ['list500', Array.from({length:500},(_, i)=>' '.repeat(i*2)+'- x').join('\n')], ['emph', '*a '.repeat(5000)+'x'+' b*'.repeat(5000)], ['links', '['.repeat(5000)+'x'+'](u)'.repeat(5000)]]) {
  const t0=performance.now(); let d=0;
  try { const t=p.parse(src); let n=t; while(n.children&&n.children.length){n=n.children[0];d++;} } catch(e){ console.log(name,'ERR',e.constructor.name, e.message.slice(0,80)); }
  console.log(name, (performance.now()-t0).toFixed(0)+'ms depth', d);
}
