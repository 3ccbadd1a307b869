import { describe, expect, it } from 'vitest';
import { runTextNode } from '../../test/run-text-node.ts';
import { COPY_FIELDS, type Copy, characterCount } from '../copy.ts';
import { findCopyProblems } from '../copy-rules.ts';
import { limitsFor, PLATFORM_NAMES, PLATFORM_PRESETS } from '../platform-presets.ts';
import { readBrief } from './brief-phrases.ts';
import { writeOfflineCopies } from './offline-copy.ts';

const BRIEF =
  'Trail running shoes with grippy soles for wet rock. Lightweight, waterproof, made from recycled materials. For weekend hikers.';
const BRIEFS = [
  BRIEF,
  'Introducing our new Nimbus trail shoes: all-day comfort, a 30-day free trial',
  'Write ads for a cold brew coffee subscription that ships every two weeks. Audience: busy parents. Benefits: no bitterness, cancel anytime',
  'Product: Solar phone charger\nFeatures: charges in 2 hours, fits in a pocket\nFor campers and festival goers',
  'A very long product name for an extraordinarily well engineered ergonomic standing desk converter with dual monitor arms',
  'socks',
];

// No key, and a base URL where nothing listens: offline must not need either.
const env = { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };

async function offlineCopies(params: Record<string, unknown>, brief = BRIEF): Promise<Copy[]> {
  const { result } = await runTextNode({ type: 'llm.adCopy', params, text: brief, env });
  expect(result.status).toBe('succeeded');
  return result.outputs.get('copy')?.copies as Copy[];
}

describe('llm.adCopy offline', () => {
  it('gives the same copy for the same brief and seed, and different copy for another seed', async () => {
    const first = await offlineCopies({ platform: 'meta', count: 3, seed: 11 });
    const again = await offlineCopies({ platform: 'meta', count: 3, seed: 11 });
    const other = await offlineCopies({ platform: 'meta', count: 3, seed: 12 });
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(first).toHaveLength(3);
    expect(new Set(first.map((c) => c.headline)).size).toBe(3);
  });

  it('labels every copy and the usage record offline', async () => {
    const { result, events } = await runTextNode({ type: 'llm.adCopy', params: { count: 2 }, text: BRIEF, env });
    const copies = result.outputs.get('copy')?.copies as Copy[];
    expect(copies).toHaveLength(2);
    for (const copy of copies) {
      expect(copy.provider).toBe('offline');
      expect(copy.platform).toBe('tiktok');
    }
    expect(result.nodes.get('copy')?.usage).toEqual([{ provider: 'offline' }]);
    expect(events.some((e) => e.type === 'node.log' && e.message.includes('no model was called'))).toBe(true);
  });

  it('names the product whole in every copy, past the first few, where the limits allow it', async () => {
    for (const [brief, platform] of [
      ['running shoe', 'meta'],
      ['protein bar', 'tiktok'],
      ['Acme blender', 'google'],
    ] as const) {
      const copies = await offlineCopies({ platform, count: 8 }, brief);
      for (const copy of copies)
        expect(`${copy.headline} ${copy.primaryText} ${copy.description}`.toLowerCase(), brief).toContain(brief.toLowerCase());
    }
  });

  it("builds copy from the brief's own product and benefit words, not filler", async () => {
    const copies = await offlineCopies({ platform: 'meta', count: 3, seed: 1 });
    const text = copies
      .map((c) => `${c.headline} ${c.primaryText} ${c.description}`)
      .join(' ')
      .toLowerCase();
    expect(text).toContain('trail running shoes');
    expect(text).toMatch(/grippy soles for wet rock|lightweight|waterproof|recycled materials|weekend hikers/);
    expect(text).not.toMatch(/lorem|ipsum/);
    for (const copy of copies) expect(PLATFORM_PRESETS.meta.callsToAction).toContain(copy.callToAction);
  });

  it('keeps every field within the platform limits, for every preset, brief, count and seed', () => {
    for (const platform of PLATFORM_NAMES) {
      const preset = PLATFORM_PRESETS[platform];
      for (const brief of BRIEFS) {
        for (const seed of [0, 1, 2, 99]) {
          const copies = writeOfflineCopies({
            brief,
            platform,
            limits: preset.limits,
            count: 10,
            seed,
            callsToAction: preset.callsToAction,
            bannedWords: [],
          });
          expect(copies).toHaveLength(10);
          expect(findCopyProblems(copies, preset.limits, [])).toEqual([]);
          for (const copy of copies) for (const field of COPY_FIELDS) expect(copy[field].trim()).not.toBe('');
        }
      }
    }
  });

  it('keeps to overridden limits, cutting at a word rather than mid-word when nothing fits', async () => {
    const copies = await offlineCopies({ platform: 'google', count: 3, limits: { headline: 12, primaryText: 24 } }, BRIEFS[4]);
    const limits = limitsFor('google', { headline: 12, primaryText: 24 });
    expect(findCopyProblems(copies, limits, [])).toEqual([]);
    for (const copy of copies) expect(characterCount(copy.headline)).toBeLessThanOrEqual(12);
  });

  it('never uses a banned word', async () => {
    const copies = await offlineCopies({ count: 5, bannedWords: ['waterproof', 'shop now'] });
    expect(findCopyProblems(copies, PLATFORM_PRESETS.tiktok.limits, ['waterproof', 'shop now'])).toEqual([]);
  });

  it('makes a headline end with "!" for a playful tone, and says offline copy is English', async () => {
    const { result, events } = await runTextNode({
      type: 'llm.adCopy',
      params: { count: 3, tone: 'playful', language: 'German', seed: 4 },
      text: BRIEF,
      env,
    });
    const copies = result.outputs.get('copy')?.copies as Copy[];
    expect(copies.some((c) => c.headline.endsWith('!'))).toBe(true);
    expect(
      events.some((e) => e.type === 'node.log' && e.message.includes('offline copy is in English; German needs a model')),
    ).toBe(true);
  });

  it('fails on an empty brief, naming the port', async () => {
    const { result } = await runTextNode({ type: 'llm.adCopy', params: {}, text: '   ', env });
    expect(result.nodes.get('copy')?.error).toEqual({
      message: 'the brief is empty: connect a text describing the product to "brief"',
      port: 'brief',
    });
  });
});

describe('readBrief', () => {
  it('picks the product, benefits and audience out of a brief', () => {
    expect(readBrief(BRIEF)).toEqual({
      product: 'trail running shoes',
      benefits: ['grippy soles for wet rock', 'lightweight', 'waterproof', 'made from recycled materials'],
      audience: 'weekend hikers',
    });
  });

  it('keeps a name capitalised inside a sentence and reads labelled briefs', () => {
    expect(readBrief(BRIEFS[1] as string).product).toBe('Nimbus trail shoes');
    expect(readBrief(BRIEFS[2] as string)).toEqual({
      product: 'cold brew coffee subscription',
      benefits: ['ships every two weeks', 'no bitterness', 'cancel anytime'],
      audience: 'busy parents',
    });
  });
});
