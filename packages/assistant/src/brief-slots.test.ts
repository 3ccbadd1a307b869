import { describe, expect, it } from 'vitest';
import { describeSlots, readBriefSlots } from './brief-slots.ts';

describe('readBriefSlots', () => {
  it('reads the kayak brief into product, count, platform, length, tone and pages, leaving nothing over', () => {
    const slots = readBriefSlots('six TikTok variants for the kayak launch, 15 s videos, energetic, and a landing page for each');
    expect(slots).toMatchObject({
      product: 'kayak',
      count: 6,
      platforms: ['tiktok'],
      durationSec: 15,
      tone: 'energetic',
      landingPages: true,
      video: true,
      run: false,
      notUnderstood: [],
    });
  });

  it('keeps platforms in the order named, and reads audience, link and run', () => {
    const slots = readBriefSlots(
      'Meta feed and Reels ads promoting the FoldPack kayak to weekend paddlers, link https://shop.example.com/kayak, and run it',
    );
    expect(slots.platforms).toEqual(['meta-feed', 'reels']);
    expect(slots.product).toBe('FoldPack kayak');
    expect(slots.audience).toBe('weekend paddlers');
    expect(slots.url).toBe('https://shop.example.com/kayak');
    expect(slots.run).toBe(true);
    expect(describeSlots(slots)).toEqual([
      'product "FoldPack kayak"',
      'audience "weekend paddlers"',
      'Meta feed + Instagram Reels',
      'link https://shop.example.com/kayak',
      'run it',
    ]);
  });

  it('tells a length from a count: "15 s videos" is no count of 15', () => {
    expect(readBriefSlots('15 s videos for the kayak launch')).toMatchObject({ durationSec: 15 });
    expect(readBriefSlots('15 s videos for the kayak launch').count).toBeUndefined();
  });

  it('reads questions as questions, not requests to run', () => {
    expect(readBriefSlots('why did the last run fail?')).toMatchObject({ question: { about: 'lastRun' }, run: false });
    expect(readBriefSlots('what does image.fit do?').question).toEqual({ about: 'node', name: 'image.fit' });
  });

  it('reads the node a question names: bare, after "node", quoted, or by a title of several words', () => {
    const named = (text: string) => (readBriefSlots(text).question as { name?: string } | undefined)?.name;
    expect(named('what does the node copy do')).toBe('copy');
    expect(named('what does node copy do?')).toBe('copy');
    expect(named('what does “copy” do?')).toBe('copy');
    expect(named("explain 'overlay-meta-1x1'")).toBe('overlay-meta-1x1');
    expect(named('what does the Ad copy node do?')).toBe('Ad copy');
    expect(named('what is the Fit to formats node for?')).toBe('Fit to formats');
  });

  it('reads a shape and "a headline and a button" as understood, not as words left over', () => {
    const slots = readBriefSlots('Make 3 TikTok ads for our running shoe, 9:16, with a headline and a button');
    expect(slots).toMatchObject({ count: 3, platforms: ['tiktok'], aspect: '9:16', headlineAndButton: true, notUnderstood: [] });
    expect(describeSlots(slots)).toEqual([
      'product "running shoe"',
      '3 variants',
      'TikTok',
      '9:16',
      'a headline and a button on each image',
    ]);
  });

  it('reads the node or role a provider is for, and none for "everything" or "all nodes"', () => {
    const read = (text: string) => {
      const { provider, providerFor, notUnderstood } = readBriefSlots(text);
      return { provider, providerFor, notUnderstood };
    };
    expect(read('copy by openai')).toEqual({ provider: 'openai', providerFor: 'copy', notUnderstood: [] });
    expect(read('the Ad copy node by openai')).toEqual({ provider: 'openai', providerFor: 'Ad copy', notUnderstood: [] });
    expect(read('switch the images to openai')).toEqual({ provider: 'openai', providerFor: 'images', notUnderstood: [] });
    expect(read('use openai for the hero node')).toEqual({ provider: 'openai', providerFor: 'hero', notUnderstood: [] });
    expect(read('switch the images back to offline')).toEqual({ provider: 'offline', providerFor: 'images', notUnderstood: [] });
    expect(read('everything by openai')).toEqual({ provider: 'openai', providerFor: undefined, notUnderstood: [] });
    expect(read('all nodes on openai')).toEqual({ provider: 'openai', providerFor: undefined, notUnderstood: [] });
    expect(read('switch to openai')).toEqual({ provider: 'openai', providerFor: undefined, notUnderstood: [] });
    expect(read('four TikTok variants for the kayak launch with openai gpt-4.1-mini').providerFor).toBeUndefined();
  });

  it('keeps the parts it did not understand, as written', () => {
    expect(readBriefSlots('4 TikTok ads for the kayak launch, budget $500, schedule for Friday').notUnderstood).toEqual([
      'budget $500',
      'schedule for Friday',
    ]);
  });

  it('reads only the first 4,000 characters of a long paste, and says so', () => {
    const slots = readBriefSlots(`TikTok ads for the kayak launch ${'for aa-'.repeat(3000)}`);
    expect(slots.platforms).toEqual(['tiktok']);
    expect(slots.notUnderstood[0]).toBe('everything after the first 4000 characters');
  });
});
