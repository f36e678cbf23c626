// npm run gen: rewrite the generated files in place.
import { readFileSync, writeFileSync } from 'node:fs';
import { builtinRules } from '../node/rules.js';
import { rulePackJsonSchema, withRulesTable } from './generate.js';

writeFileSync('schemas/rule-pack.schema.json', rulePackJsonSchema());
writeFileSync('README.md', withRulesTable(readFileSync('README.md', 'utf8'), builtinRules()));
console.log('generated schemas/rule-pack.schema.json and the README rule table');
