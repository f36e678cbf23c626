// npm run gen: rewrite the generated files in place.
import { readFileSync, writeFileSync } from 'node:fs';
import { builtinRules } from '../node/rules.js';
import { configJsonSchema, rulePackJsonSchema, withRulesTable } from './generate.js';

writeFileSync('schemas/rule-pack.schema.json', rulePackJsonSchema());
writeFileSync('schemas/routelint.schema.json', configJsonSchema());
writeFileSync('README.md', withRulesTable(readFileSync('README.md', 'utf8'), builtinRules()));
console.log('generated schemas/*.schema.json and the README rule table');
