// npm run gen: rewrite the generated files in place.
import { readFileSync, writeFileSync } from 'node:fs';
import { builtinRules } from '../node/rules.js';
import { configJsonSchema, rulePackJsonSchema, withExtensionConfiguration, withRulesTable, withSettingsTable } from './generate.js';

writeFileSync('schemas/rule-pack.schema.json', rulePackJsonSchema());
writeFileSync('schemas/routelint.schema.json', configJsonSchema());
writeFileSync('README.md', withSettingsTable(withRulesTable(readFileSync('README.md', 'utf8'), builtinRules())));
writeFileSync('package.json', withExtensionConfiguration(readFileSync('package.json', 'utf8')));
console.log('generated schemas/*.schema.json, package.json contributes.configuration and the README rule and settings tables');
