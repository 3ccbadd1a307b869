import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOf, failureOf, graphOf, makeWorkDir, run, writePng } from '../test/kit.ts';
import { readVariant } from './variant.ts';

describe('variants.unpack', () => {
  it("gives each variant's parts on typed outputs: copy with its headline and CTA levels, image, id", async () => {
    const workDir = await makeWorkDir();
    const graph = graphOf(
      {
        copies: ['test.copies', { copies: [copyOf('Run far')] }],
        heads: ['test.texts', { texts: ['Fast', 'Light'] }],
        photo: ['input.image', { name: 'photo', default: await writePng(join(workDir, 'photo.png'), '#118833') }],
        split: ['variants.split'],
        unpack: ['variants.unpack', { require: ['image', 'copy'] }],
      },
      [
        'copies.copies -> split.copies',
        'heads.texts -> split.headlines',
        'photo.image -> split.images',
        'split.variants -> unpack.variant',
      ],
    );
    const result = await run(graph, workDir);
    expect(result.status).toBe('succeeded');
    const out = result.outputs.get('unpack') as Record<string, unknown[]>;
    expect(out.id).toEqual(['c1-h1-i1', 'c1-h2-i1']);
    expect(out.headline).toEqual(['Fast', 'Light']);
    expect(out.cta).toEqual(['Shop now', 'Shop now']);
    expect((out.copy as { headline: string; primaryText: string }[]).map((c) => [c.headline, c.primaryText])).toEqual([
      ['Fast', 'Run far: built for long runs.'],
      ['Light', 'Run far: built for long runs.'],
    ]);
    expect((out.image as { kind: string }[]).map((i) => i.kind)).toEqual(['image', 'image']);
    // Parts no factor gave are null rather than missing: the engine wants a value on every output.
    expect(out.video).toEqual([null, null]);
  });

  it('fails naming the part and the variant when a required part is missing', async () => {
    const graph = graphOf(
      {
        heads: ['test.texts', { texts: ['Fast'] }],
        split: ['variants.split'],
        unpack: ['variants.unpack', { require: ['video'] }],
      },
      ['heads.texts -> split.headlines', 'split.variants -> unpack.variant'],
    );
    const result = await run(graph, await makeWorkDir());
    expect(failureOf(result, 'unpack')).toEqual({
      param: 'require',
      port: 'video',
      message: 'variant "h1" has no "video", which this pipeline needs; add that factor to variants.split',
    });
  });

  it('refuses a value that is not a variant, saying what is wrong', () => {
    expect(() => readVariant({ id: 'x' }, 'variant')).toThrow(/"variant" is not a variant from variants.split \(index: /);
  });
});
