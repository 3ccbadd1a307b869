import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOf, failureOf, graphOf, makeWorkDir, run, writePng } from '../test/kit.ts';

interface Report {
  ok: boolean;
  counts: { pass: number; warn: number; fail: number };
  findings: { status: string; subject: string; rule: string; value?: unknown; limit?: unknown; source: { url?: string } }[];
}

async function preflight(
  workDir: string,
  copies: Record<string, unknown>[],
  params: Record<string, unknown> = {},
  image?: { width: number; height: number },
) {
  const nodes: Parameters<typeof graphOf>[0] = {
    copies: ['test.copies', { copies }],
    check: ['ad.preflight', params],
  };
  const edges = ['copies.copies -> check.copies'];
  if (image) {
    nodes.photo = [
      'input.image',
      { name: 'photo', default: await writePng(join(workDir, 'p.png'), '#cc2200', image.width, image.height) },
    ];
    edges.push('photo.image -> check.images');
  }
  const result = await run(graphOf(nodes, edges), workDir);
  return { result, report: result.outputs.get('check')?.report as Report };
}

describe('ad.preflight', () => {
  it("judges each copy by its platform's own rules, naming the rule, the number, the limit and the source", async () => {
    const workDir = await makeWorkDir();
    const tiktok = { ...copyOf('Grip wet rock', 'tiktok'), primaryText: 'Grip wet rock 🔥 #trail' };
    const { report } = await preflight(workDir, [copyOf('Light', 'google'), tiktok]);
    expect(report.ok).toBe(false);
    const failed = report.findings.filter((f) => f.status === 'fail').map((f) => [f.subject, f.rule]);
    expect(failed).toEqual([
      ['copy 2 primaryText', 'tiktok.adText.emoji'],
      ['copy 2 primaryText', 'tiktok.adText.characters'],
    ]);
    const length = report.findings.find((f) => f.subject === 'copy 1 headline');
    expect(length).toMatchObject({ status: 'pass', rule: 'google.rsaHeadline.length', value: 5, limit: 30 });
    expect(length?.source.url).toBe('https://support.google.com/google-ads/answer/7684791');
  });

  it('judges an image against the chosen platform, and fails the node when asked', async () => {
    const workDir = await makeWorkDir();
    const fine = await preflight(workDir, [copyOf('Light', 'google')], { platform: 'google' }, { width: 300, height: 250 });
    expect(fine.report.ok).toBe(true);
    expect(fine.report.findings.find((f) => f.rule === 'google-display-300x250.bytes')?.status).toBe('pass');

    const odd = await preflight(
      workDir,
      [copyOf('Light', 'google')],
      { platform: 'google', onFail: 'fail' },
      { width: 301, height: 250 },
    );
    const error = failureOf(odd.result, 'check');
    expect(error.param).toBe('onFail');
    expect(error.message).toMatch(/^1 check failed: image 1: 301×250 \(ratio 1\.204\) fits no google image placement/);
  });
});
