import fs from 'node:fs';
import path from 'node:path';
import { RULES, RULE_IDS } from './rules';

describe('the rule catalogue', () => {
  it('is documented in the README: every rule id with its severity, and nothing else', () => {
    const readme = fs.readFileSync(
      path.resolve(__dirname, '../README.md'),
      'utf8',
    );
    const section = readme.split('## Rule catalogue')[1].split('\n## ')[0];
    const rows = [
      ...section.matchAll(/^\| `([a-z0-9-]+)` +\| (error|warning|info) +\|/gm),
    ].map(m => [m[1], m[2]]);
    expect(rows.sort()).toEqual(
      RULE_IDS.map(id => [id, RULES[id].severity]).sort(),
    );
  });
});
