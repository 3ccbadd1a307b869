import { characterCount, emojiIn } from '@adloom/specs';
import { describe, expect, it } from 'vitest';
import { responsiveSearchAd } from './google-ads-csv.ts';
import type { Variant } from './variant.ts';

const variant = (copy: { headline: string; primaryText: string; description: string; callToAction: string }): Variant => ({
  id: 'c1-i1',
  index: 0,
  weight: 1,
  control: true,
  levels: { copy: 'c1' },
  copy: { ...copy, platform: 'google', provider: 'openai' },
});

describe('responsiveSearchAd builds what Google Ads Editor accepts', () => {
  it('[variants.R1] fits 33–39 character headlines and a 95 character description, and reaches 3 headlines and 2 descriptions', () => {
    const ad = responsiveSearchAd(
      variant({
        headline: 'Trailblazer 2 grips wet rock every time', // 39
        primaryText: 'Trailblazer 2 trail running shoes grip wet rock, weigh 240 g and drain in seconds after a stream', // 95
        description: 'For weekend trail runners who hate slipping',
        callToAction: 'Shop Trailblazer 2 trail shoes now', // 34
      }),
      {},
      { headlines: ['Grip wet rock', 'Weighs 240 g'], descriptions: ['Drains in seconds.'] },
    );
    expect(ad.headlines.length).toBeGreaterThanOrEqual(3);
    expect(ad.headlines.length).toBeLessThanOrEqual(15);
    expect(ad.descriptions.length).toBeGreaterThanOrEqual(2);
    expect(ad.descriptions.length).toBeLessThanOrEqual(4);
    for (const h of ad.headlines) expect(characterCount(h, { doubleWidth: true }), h).toBeLessThanOrEqual(30);
    for (const d of ad.descriptions) expect(characterCount(d, { doubleWidth: true }), d).toBeLessThanOrEqual(90);
    expect(ad.headlines.slice(0, 2)).toEqual(['Trailblazer 2 grips wet rock', 'Shop Trailblazer 2 trail shoes']);
    expect(ad.descriptions[0]).toBe('Trailblazer 2 trail running shoes grip wet rock');
    expect(ad.adjusted).toHaveLength(3);
  });

  it('counts double-width characters as 2 and takes emoji out', () => {
    const ad = responsiveSearchAd(
      variant({
        headline: 'トレイルシューズ 防水 軽量 新登場', // 33 as Google counts
        primaryText: '濡れた岩でも滑らない 🔥',
        description: '週末のトレイルランナーへ',
        callToAction: '今すぐ購入',
      }),
    );
    expect(ad.headlines[0]).toBe('トレイルシューズ 防水 軽量');
    expect(ad.descriptions[0]).toBe('濡れた岩でも滑らない');
    expect(ad.headlines.concat(ad.descriptions).flatMap(emojiIn)).toEqual([]);
  });
});
