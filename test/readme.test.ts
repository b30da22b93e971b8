// The README's table of steps and default timers is generated from the step definitions; a
// definition changed without regenerating it (npm run steps:table) fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stepsTable } from '../scripts/steps-table';

test('the README lists every step kind with its default timers, as defined', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const section = /<!-- steps-table:start -->\n([\s\S]*?)\n<!-- steps-table:end -->/.exec(readme);
  expect(section?.[1]).toBe(stepsTable());
});
