import { describe, expect, it } from 'vitest';
import { shortenText } from './shorten-text.ts';
import { characterCount } from './text-measure.ts';

describe('shortenText', () => {
  it('leaves a text that fits as it was', () => {
    expect(shortenText('Grip wet rock', 30)).toEqual({ text: 'Grip wet rock', adjusted: false });
  });

  it('drops whole trailing sentences first', () => {
    expect(shortenText('Grips wet rock. Weighs 240 g. Drains in seconds.', 32)).toEqual({
      text: 'Grips wet rock. Weighs 240 g.',
      adjusted: true,
    });
  });

  it('then trailing clauses, without a dangling comma', () => {
    expect(shortenText('Trail shoes that grip wet rock, weigh 240 g and drain fast', 32).text).toBe(
      'Trail shoes that grip wet rock',
    );
  });

  it('then whole words, never half a word', () => {
    const out = shortenText('Lightweight waterproof trail running shoes', 20);
    expect(out.text).toBe('Lightweight');
    expect(out.adjusted).toBe(true);
  });

  it('counts double-width characters as 2 when asked, and cuts between graphemes where there are no spaces', () => {
    const out = shortenText('防水で軽いトレイルランニングシューズ', 10, { doubleWidth: true });
    expect(out.text).toBe('防水で軽い');
    expect(characterCount(out.text, { doubleWidth: true })).toBe(10);
  });
});
