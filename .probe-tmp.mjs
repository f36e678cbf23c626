import {unified} from 'unified'; import remarkParse from 'remark-parse'; import remarkGfm from 'remark-gfm'; import remarkFrontmatter from 'remark-frontmatter';
const p = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter,['yaml','toml']);
const src = process.argv[2].replace(/\\n/g,'\n').replace(/\\r/g,'\r');
const t = p.parse(src);
function strip(n){ const o={type:n.type}; for (const k of Object.keys(n)) if(!['type','children','position'].includes(k)) o[k]=n[k]; o.pos=n.position? [n.position.start.offset,n.position.end.offset]:null; if(n.children) o.children=n.children.map(strip); return o;}
console.log(JSON.stringify(strip(t),null,1));
