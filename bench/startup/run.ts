// `npm run bench:startup`: how long `adloom validate`, `adloom nodes` and `adloom help` take to
// start, against a bare `node -e 0` in the same sitting (the floor any Node command pays), in
// both forms: built (dist/, as a user who installed adloom runs it) and from sources (this
// checkout, types stripped on load). It builds first (npm run build), so the built form is this tree's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const node = process.execPath;
const bin = join(root, 'packages/cli/bin/adloom.js');
const example = join(root, 'examples/hello-brief.adloom.json');
const rounds = Number(process.argv[2] ?? 7);

const build = spawnSync(node, [join(root, 'scripts/build.ts')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');

// The catalog cache as a user has it after a first run: its own folder, warmed below.
const cacheDir = mkdtempSync(join(tmpdir(), 'adloom-bench-cache-'));
const forms = { built: { ADLOOM_BUILT: '1' }, source: {} } as const;
type Form = keyof typeof forms;

const commands: [string, string[]][] = [
  ['adloom help', [bin, 'help']],
  ['adloom validate', [bin, 'validate', example]],
  ['adloom nodes', [bin, 'nodes']],
];
const runs: { name: string; form?: Form; args: string[] }[] = [{ name: 'node -e 0', args: ['-e', '0'] }];
for (const form of Object.keys(forms) as Form[]) for (const [name, args] of commands) runs.push({ name, form, args });

function once(args: string[], form?: Form): number {
  const env = { ...process.env, ADLOOM_CACHE_DIR: cacheDir, ...(form ? forms[form] : {}) };
  const start = performance.now();
  const result = spawnSync(node, args, { cwd: root, stdio: 'ignore', env });
  const ms = performance.now() - start;
  if (result.status !== 0 && args[1] !== 'help') throw new Error(`${args.slice(1).join(' ')} exited ${result.status}`);
  return ms;
}

for (const run of runs) once(run.args, run.form);
/** Median wall time of each, in ms; the commands take turns so load shifts hit all alike. */
const times = runs.map(() => [] as number[]);
for (let round = 0; round < rounds; round++) {
  for (const [i, run] of runs.entries()) times[i]?.push(once(run.args, run.form));
}
rmSync(cacheDir, { recursive: true, force: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const floor = median(times[0] as number[]);
console.log(`start-up, median of ${rounds} (target: validate and nodes within 4x node -e 0, built)`);
console.log(`  ${'node -e 0'.padEnd(16)} ${floor.toFixed(0).padStart(5)} ms  1.0x`);
console.log(`  ${''.padEnd(16)} ${'built'.padStart(14)}  ${'source'.padStart(14)}`);
for (const [name] of commands) {
  const cell = (form: Form) => {
    const ms = median(times[runs.findIndex((r) => r.name === name && r.form === form)] as number[]);
    return `${ms.toFixed(0).padStart(5)} ms ${(ms / floor).toFixed(1).padStart(5)}x`;
  };
  console.log(`  ${name.padEnd(16)} ${cell('built')}  ${cell('source')}`);
}
