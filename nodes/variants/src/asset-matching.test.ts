import type { ArtifactRef } from '@adloom/engine';
import { describe, expect, it } from 'vitest';
import { matchAssets } from './asset-matching.ts';
import type { Variant } from './variant.ts';

const variant = (id: string, index: number): Variant => ({ id, index, weight: 0.5, control: index === 0, levels: {} });
const file = (name: string, meta?: Record<string, unknown>): ArtifactRef => ({
  kind: 'image',
  path: `/store/${name}.png`,
  mime: 'image/png',
  sha256: name.padEnd(64, '0'),
  bytes: 1,
  ...(meta ? { meta } : {}),
});

describe('matchAssets', () => {
  const variants = [variant('c1-i1', 0), variant('c2-i1', 1)];

  it('pairs by the variant a file names, under either meta key, several files to one variant allowed', () => {
    const { method, byVariant } = matchAssets(variants, [
      file('a', { variantId: 'c2-i1' }),
      file('b', { variant: 'c1-i1' }),
      file('c', { variantId: 'c2-i1' }),
    ]);
    expect(method).toBe('variantId');
    expect(byVariant.get('c1-i1')?.map((f) => f.path)).toEqual(['/store/b.png']);
    expect(byVariant.get('c2-i1')?.map((f) => f.path)).toEqual(['/store/a.png', '/store/c.png']);
  });

  it('pairs one file per variant by position when files name no variant', () => {
    const { method, byVariant } = matchAssets(variants, [file('a'), file('b', { variantId: 'c1-i1' })]);
    expect(method).toBe('position');
    expect(byVariant.get('c1-i1')?.map((f) => f.path)).toEqual(['/store/a.png']);
  });

  it('refuses a file naming an unknown variant, and a count it cannot pair', () => {
    expect(() => matchAssets(variants, [file('a', { variantId: 'c9-i9' })])).toThrow(
      'variant "c9-i9", which is not one of the variants',
    );
    expect(() => matchAssets(variants, [file('a'), file('b'), file('c')])).toThrow('got 3 files for 2 variants');
  });
});
