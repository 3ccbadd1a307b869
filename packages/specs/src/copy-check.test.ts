import { describe, expect, it } from 'vitest';
import { checkCopy } from './copy-check.ts';

const copy = { headline: 'Grip wet rock', primaryText: 'Trail shoes that hold on.', callToAction: 'Shop now' };

describe('checkCopy', () => {
  it('passes a TikTok button from the list and fails one off it, naming the first buttons', () => {
    const verdict = (callToAction: string) =>
      checkCopy({ ...copy, callToAction }, 'tiktok', 'copy 1').find((f) => f.rule === 'tiktok.callToAction.list');
    expect(verdict('Shop now')).toMatchObject({ status: 'pass', subject: 'copy 1 callToAction', value: 'Shop now' });
    expect(verdict('Buy it')).toMatchObject({
      status: 'fail',
      message: `"Buy it" is not one of tiktok's buttons (Shop now, Learn more, Sign up, Download, Book now, Contact us, …)`,
    });
  });

  it('judges each field that is there by its platform rule, and no button list where the call to action is written text', () => {
    const findings = checkCopy({ ...copy, headline: 'x'.repeat(31) }, 'google', 'copy 2');
    expect(findings.map((f) => [f.subject, f.rule, f.status])).toEqual([
      ['copy 2 headline', 'google.rsaHeadline.length', 'fail'],
      ['copy 2 primaryText', expect.stringMatching(/^google\./), 'pass'],
      ['copy 2 callToAction', expect.stringMatching(/^google\./), 'pass'],
    ]);
  });
});
