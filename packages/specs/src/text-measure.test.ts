import { describe, expect, it } from 'vitest';
import { checkText } from './text-check.ts';
import { characterCount, emojiIn, graphemes } from './text-measure.ts';
import { TEXT_RULES } from './text-rules.ts';

describe('characters as the platforms count them', () => {
  it('counts grapheme clusters: a skin-toned thumb, a flag and an accent made of two code points are one each', () => {
    expect(graphemes('👍🏽🇯🇵e\u0301')).toHaveLength(3);
    expect(characterCount('👍🏽🇯🇵e\u0301')).toBe(3);
  });

  it('counts East Asian wide and fullwidth characters as 2 where the platform says so, and only there', () => {
    expect(characterCount('防水シューズ', { doubleWidth: true })).toBe(12);
    expect(characterCount('防水シューズ', { doubleWidth: false })).toBe(6);
    expect(characterCount('ＡＢ', { doubleWidth: true })).toBe(4);
    // Halfwidth katakana and Latin stay 1; the halfwidth voicing mark joins its letter in one grapheme.
    expect(characterCount('ｼｭｰｽﾞ run', { doubleWidth: true })).toBe(8);
  });

  it('finds emoji but not the digits, # or © that Unicode also marks as emoji-capable', () => {
    expect(emojiIn('Run 2x faster 🏃‍♀️ today ✨')).toEqual(['🏃‍♀️', '✨']);
    expect(emojiIn('#1 trail shoe © 2026, 10% off')).toEqual([]);
  });
});

describe('[specs.T1] a Google RSA headline of 30 passes and of 31 fails, with and without CJK', () => {
  const rule = TEXT_RULES['google.rsaHeadline'];
  const status = (text: string) => checkText(text, rule, 'headline').find((f) => f.rule.endsWith('.length'))?.status;

  it('Latin', () => {
    expect(status('a'.repeat(30))).toBe('pass');
    expect(status('a'.repeat(31))).toBe('fail');
  });

  it('CJK: 15 wide characters are 30, 15 plus one Latin letter are 31', () => {
    expect(status('防'.repeat(15))).toBe('pass');
    expect(status(`${'防'.repeat(15)}a`)).toBe('fail');
  });

  it('says the rule, the number, the limit and the source', () => {
    const [length] = checkText(`${'防'.repeat(15)}a`, rule, 'copy 1 headline');
    expect(length).toMatchObject({
      rule: 'google.rsaHeadline.length',
      value: 31,
      limit: 30,
      message: 'headline: 31 characters (double-width characters count 2), limit 30',
      source: { url: 'https://support.google.com/google-ads/answer/7684791', read: '2026-12-01' },
    });
  });

  it('refuses emoji on Google and TikTok, and #, { and } in TikTok ad text; allows emoji on Meta', () => {
    const fails = (text: string, id: keyof typeof TEXT_RULES) =>
      checkText(text, TEXT_RULES[id], 'x')
        .filter((f) => f.status === 'fail')
        .map((f) => f.rule);
    expect(fails('Grip wet rock 🔥', 'google.rsaHeadline')).toEqual(['google.rsaHeadline.emoji']);
    expect(fails('Grip #wetrock {now}', 'tiktok.adText')).toEqual(['tiktok.adText.characters']);
    expect(fails('Grip wet rock 🔥', 'meta.primaryText')).toEqual([]);
  });

  it("warns rather than fails over Meta's recommended lengths", () => {
    const [length] = checkText('a'.repeat(126), TEXT_RULES['meta.primaryText'], 'x');
    expect(length?.status).toBe('warn');
  });
});
