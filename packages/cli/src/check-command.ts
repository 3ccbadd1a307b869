import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { describeSource, type Finding, PLATFORMS, type Platform, platformOf } from '@adloom/specs';
import type { Io } from './main.ts';
import { preflightRun } from './run-preflight.ts';
import { EXIT, UsageError } from './usage-error.ts';

const MARK: Record<Finding['status'], string> = { pass: 'pass', warn: 'WARN', fail: 'FAIL' };

/**
 * `adloom check RUN_DIR [--platform P] [--json] [--verbose]`: preflights a run folder against the
 * platforms' published specs. Exit 0 when nothing fails, 1 when something does, 2 for bad arguments.
 */
export async function checkCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      platform: { type: 'string' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [runDir, ...extra] = positionals;
  if (!runDir) throw new UsageError('check: name a run folder, e.g. `adloom check runs/20261201-120000-ab12cd`');
  if (extra.length) throw new UsageError(`check takes one run folder; unexpected "${extra.join(' ')}"`);
  let platform: Platform | undefined;
  if (values.platform !== undefined) {
    platform = platformOf(values.platform);
    if (!platform) {
      throw new UsageError(
        `check: --platform "${values.platform}" is not one of ${PLATFORMS.join(', ')} (facebook and instagram mean meta, youtube means google)`,
      );
    }
  }
  const folder = await stat(runDir).catch(() => undefined);
  if (!folder?.isDirectory()) throw new UsageError(`check: ${runDir} is not a folder`);

  const report = await preflightRun(runDir, platform);
  const findings = report.items.flatMap((item) => item.findings);
  const count = (status: Finding['status']) => report.items.filter((item) => item.status === status).length;
  const failed = count('fail') > 0;
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({
        runDir: report.runDir,
        platforms: report.platforms,
        selection: report.selection,
        ok: !failed,
        summary: { pass: count('pass'), warn: count('warn'), fail: count('fail'), findings: findings.length },
        items: report.items,
      })}\n`,
    );
    return failed ? EXIT.runFailed : EXIT.ok;
  }
  io.stdout.write(`Checking ${runDir} for ${report.platforms.join(', ')}\n`);
  if (report.selection === 'all') {
    io.stdout.write('  (the graph that made this run is gone or changed: every image and video is checked, drafts too)\n');
  }
  for (const item of report.items) {
    io.stdout.write(`${MARK[item.status]}  ${item.platform}  ${item.subject}\n`);
    for (const f of item.findings) {
      if (f.status === 'pass' && !values.verbose) continue;
      io.stdout.write(`      ${MARK[f.status]} ${f.rule}: ${f.message}\n        source: ${describeSource(f.source)}\n`);
    }
  }
  io.stdout.write(
    `${report.items.length} checked: ${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail${values.verbose ? '' : ' (--verbose lists the rules that passed)'}\n`,
  );
  return failed ? EXIT.runFailed : EXIT.ok;
}
