// `npm run bench:startup`: how long `adloom validate`, `adloom nodes` and `adloom help` take to
// start, against a bare `node -e 0` in the same sitting (the floor any Node command pays).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const node = process.execPath;
const bin = join(root, 'packages/cli/bin/adloom.js');
const example = join(root, 'examples/hello-brief.adloom.json');
const rounds = Number(process.argv[2] ?? 7);

const commands: [string, string[]][] = [
  ['node -e 0', ['-e', '0']],
  ['adloom help', [bin, 'help']],
  ['adloom validate', [bin, 'validate', example]],
  ['adloom nodes', [bin, 'nodes']],
];

/** Median wall time of a command, in ms; the commands take turns so load shifts hit all alike. */
const times = new Map<string, number[]>(commands.map(([name]) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, args] of commands) {
    const start = performance.now();
    const result = spawnSync(node, args, { cwd: root, stdio: 'ignore' });
    if (result.status !== 0 && name !== 'adloom help') throw new Error(`${name} exited ${result.status}`);
    times.get(name)?.push(performance.now() - start);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const floor = median(times.get('node -e 0') as number[]);
console.log(`start-up, median of ${rounds} (target: validate and nodes within 4x node -e 0)`);
for (const [name] of commands) {
  const ms = median(times.get(name) as number[]);
  console.log(`  ${name.padEnd(16)} ${ms.toFixed(0).padStart(5)} ms  ${(ms / floor).toFixed(1)}x`);
}
