import { describe, expect, it } from 'vitest';
import { readVariant } from './variant.ts';

const image = { kind: 'image', path: '/store/ab/abc.png', mime: 'image/png', sha256: 'abc', bytes: 10 };

describe('readVariant', () => {
  it("reads the variant's own headline level first, then its copy's, and the image when it is a file", () => {
    expect(
      readVariant({ id: 'c2-h1-i1', copy: { headline: 'From copy', callToAction: 'Buy' }, headline: 'Flat', image }),
    ).toEqual({
      id: 'c2-h1-i1',
      headline: 'Flat',
      cta: 'Buy',
      image,
    });
    expect(readVariant({ id: 'c2', copy: { headline: 'From copy', callToAction: 'Buy' } })).toMatchObject({
      headline: 'From copy',
    });
    expect(readVariant({ id: 'h1', headline: 'Flat', cta: 'Go' })).toMatchObject({
      headline: 'Flat',
      cta: 'Go',
      image: undefined,
    });
  });

  it('treats missing, empty or wrongly typed fields as absent', () => {
    expect(readVariant(null)).toEqual({});
    expect(readVariant('c1-i1')).toEqual({});
    expect(readVariant({ id: 7, copy: 'not an object', headline: '  ', image: { path: 42 } })).toEqual({
      id: undefined,
      headline: undefined,
      cta: undefined,
      image: undefined,
    });
  });
});
