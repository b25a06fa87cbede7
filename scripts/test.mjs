// `pnpm test`: runs vitest, then prints what ran: tests per package, the oracle cases compared per facade
// and the parity programs run (written by those suites to tests/{oracle,parity}/.last-counts.json), and one closing line
// `twingrad: N passed, N failed, N skipped`. Exits with vitest's status.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const results = '.vitest-results.json';
const counts = { 'Oracle cases compared': 'tests/oracle/.last-counts.json', 'Parity programs run': 'tests/parity/.last-counts.json' };
rmSync(results, { force: true });
for (const f of Object.values(counts)) rmSync(f, { force: true });
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit' });

if (existsSync(results)) {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  const perArea = new Map();
  for (const file of r.testResults) {
    const rel = file.name.replace(`${process.cwd()}/`, '');
    const area = rel.split('/').slice(0, rel.startsWith('packages/') ? 2 : 2).join('/');
    const a = perArea.get(area) ?? { passed: 0, failed: 0, skipped: 0 };
    for (const t of file.assertionResults) {
      if (t.status === 'passed') a.passed++;
      else if (t.status === 'failed') a.failed++;
      else a.skipped++;
    }
    perArea.set(area, a);
  }
  console.log('\nTests by area:');
  for (const [area, a] of [...perArea].sort()) console.log(`  ${area.padEnd(24)} ${a.passed} passed, ${a.failed} failed, ${a.skipped} skipped`);
  for (const [title, file] of Object.entries(counts)) {
    if (!existsSync(file)) continue;
    const c = JSON.parse(readFileSync(file, 'utf8'));
    console.log(`${title}:`);
    for (const [k, v] of Object.entries(c)) console.log(`  ${k.padEnd(24)} ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  }
  console.log(`\ntwingrad: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
  rmSync(results, { force: true });
}
process.exit(run.status ?? 1);
