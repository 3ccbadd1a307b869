import { describe, expect, it } from 'vitest';
import { COPY_FIELDS, characterCount } from '../copy.ts';
import { findCopyProblems } from '../copy-rules.ts';
import { PLATFORM_NAMES, PLATFORM_PRESETS } from '../platform-presets.ts';
import { writeOfflineCopies } from './offline-copy.ts';

/** Briefs as people write them, each with the brand as it must stay spelled (or none). */
const CORPUS: [brief: string, brand: string | undefined][] = [
  [
    'Trailblazer 2 trail running shoes: grips wet rock, weighs 240 g, drains in seconds. For weekend trail runners who hate slipping.',
    'Trailblazer 2',
  ],
  ['ACME rocket skates. Fast, loud, mostly safe. For coyotes in a hurry.', 'ACME'],
  ['iPhone cases that survive a 3 m drop. Slim, grippy. For clumsy people.', 'iPhone'],
  ['Nimbus Pro headphones with 40 hours of battery and noise cancelling', 'Nimbus Pro'],
  ['B2B invoicing for freelancers: send in one click, get paid faster', 'B2B'],
  ['Our new Aurora desk lamp: warm light, no flicker, fits any desk', 'Aurora'],
  ['Zest 3 electric kettle. Boils in 90 seconds. Keeps water warm for an hour.', 'Zest 3'],
  ['KOMBU miso soup kits, ready in 5 minutes. For busy students.', 'KOMBU'],
  ['Trail running shoes with grippy soles for wet rock. Lightweight, waterproof. For weekend hikers.', undefined],
  [
    'Cold brew coffee subscription that ships every two weeks. Audience: busy parents. Benefits: no bitterness, cancel anytime',
    undefined,
  ],
  ['Product: Solar phone charger\nFeatures: charges in 2 hours, fits in a pocket\nFor campers and festival goers', undefined],
  ['socks', undefined],
  ['Write ads for Lumen 5 smart bulbs: 16 million colours, works with any app. For renters.', 'Lumen 5'],
  ['PetPal GPS collar. Find your dog anywhere, 7-day battery. For dog owners.', 'PetPal'],
  ['FlexiDesk standing desk converter. Sets up in 2 minutes, holds two monitors.', 'FlexiDesk'],
  ['Organic baby food pouches. No added sugar, resealable, made in small batches. For new parents.', undefined],
  ['Brew & Co oat milk latte cans: creamy, vegan, 90 calories', undefined],
  ['The North Ridge 40 L backpack: rain cover included, lifetime warranty', 'North Ridge'],
  ['A yoga mat that does not slip, even in hot yoga. Made from natural rubber.', undefined],
  ['Vélo électrique Ondine 7: autonomie de 80 km, pliable. Pour les citadins.', 'Ondine 7'],
  ['Laufschuhe Gipfel 3: wasserdicht, leicht, griffig auf nassem Fels. Für Wochenendläufer.', 'Gipfel 3'],
  ['Zapatillas Senda 2 para trail: agarre en roca mojada, 240 g', 'Senda 2'],
  ['MEGA SALE on winter jackets: 50% off, free returns', undefined],
  ['Sunny Days sunscreen SPF 50. Water resistant for 80 minutes. For beach families.', 'Sunny Days'],
  ['Noodle bar delivery in 20 minutes, hand-pulled noodles, open late', undefined],
  ['Learn Spanish with Hablo: 10 minutes a day, real conversations, a 7-day free trial', undefined],
  ['ZenSleep weighted blanket. Calms you down, washable cover. For light sleepers.', 'ZenSleep'],
  ['Bike repair at home: we come to you, same-day fixes, fair prices. For commuters.', undefined],
  ['Nova X1 drone with 4K camera and 30 minutes of flight', 'Nova X1'],
  ['Handmade ceramic mugs, each one unique, dishwasher safe. For coffee lovers.', undefined],
];

const DANGLING = /\b(?:and|or|of|for|with|the|a|an|to|in|on|by|&)[.!]?$/i;
const OPENER_BEFORE_NUMBER = /\b(?:Meet|Discover|Say hello to)\s+\d/;

describe('offline copy over 30 varied briefs', () => {
  it('has 30 briefs', () => expect(CORPUS).toHaveLength(30));

  it("keeps each brand's own spelling, never opens a phrase on a bare number, and leaves no dangling word", () => {
    for (const platform of PLATFORM_NAMES) {
      const preset = PLATFORM_PRESETS[platform];
      for (const [brief, brand] of CORPUS) {
        const copies = writeOfflineCopies({
          brief,
          platform,
          limits: preset.limits,
          count: 5,
          seed: 3,
          callsToAction: preset.callsToAction,
          bannedWords: [],
        });
        expect(
          findCopyProblems(copies, preset.limits, [], {
            callsToAction: preset.fixedCallsToAction ? preset.callsToAction : undefined,
          }),
        ).toEqual([]);
        for (const copy of copies) {
          for (const field of COPY_FIELDS) {
            const text = copy[field];
            const where = `${platform} "${brief.slice(0, 30)}" ${field}: ${text}`;
            expect(text, where).not.toMatch(OPENER_BEFORE_NUMBER);
            expect(text, where).not.toMatch(DANGLING);
            if (brand) {
              for (const m of text.matchAll(new RegExp(brand.split(' ')[0] as string, 'gi')))
                expect(m[0], where).toBe(brand.split(' ')[0]);
            }
          }
        }
      }
    }
  });

  it('counts double-width characters as 2 where the platform does, so a Japanese brief fits Google', () => {
    const preset = PLATFORM_PRESETS.google;
    const copies = writeOfflineCopies({
      brief: 'トレイルランニングシューズ「疾風2」：濡れた岩でも滑らない、240グラム、すぐ乾く。週末のトレイルランナーへ。',
      platform: 'google',
      limits: preset.limits,
      count: 3,
      seed: 0,
      callsToAction: preset.callsToAction,
      counting: preset.counting,
      bannedWords: [],
    });
    expect(findCopyProblems(copies, preset.limits, [], { counting: preset.counting })).toEqual([]);
    for (const copy of copies) expect(characterCount(copy.headline, { doubleWidth: true })).toBeLessThanOrEqual(30);
  });

  it('writes the TikTok example brief with its brand as written', () => {
    const copies = writeOfflineCopies({
      brief: CORPUS[0]?.[0] as string,
      platform: 'tiktok',
      limits: PLATFORM_PRESETS.tiktok.limits,
      count: 3,
      seed: 0,
      callsToAction: PLATFORM_PRESETS.tiktok.callsToAction,
      bannedWords: [],
    });
    const all = copies.flatMap((c) => COPY_FIELDS.map((f) => c[f])).join(' | ');
    expect(all).toContain('Trailblazer 2 trail running shoes');
    expect(all).not.toContain('trailblazer');
    expect(all).not.toMatch(/Meet 2 /);
  });
});
