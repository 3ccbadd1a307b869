import { describe, expect, it } from 'vitest';
import { askedSize, nearestMultipleSize, nearestOpenAISize } from './image-sizes.ts';

describe('sizes a provider can make', () => {
  it('asks for the aspect at about a megapixel, or the given sides', () => {
    expect(askedSize({ aspect: '1:1' })).toEqual({ width: 1024, height: 1024 });
    expect(askedSize({ aspect: '9:16' })).toEqual({ width: 768, height: 1344 });
    expect(askedSize({ aspect: '4:5', width: 1080 })).toEqual({ width: 1080, height: 1350 });
    expect(askedSize({ aspect: '1:1', width: 300, height: 250 })).toEqual({ width: 300, height: 250 });
  });

  it('picks the gpt-image-1 size nearest in shape, and says why', () => {
    expect(nearestOpenAISize('gpt-image-1', { width: 1024, height: 1024 })).toEqual({ width: 1024, height: 1024 });
    expect(nearestOpenAISize('gpt-image-1', { width: 1200, height: 628 })).toMatchObject({ width: 1536, height: 1024 });
    expect(nearestOpenAISize('gpt-image-1', { width: 1080, height: 1350 })).toMatchObject({
      width: 1024,
      height: 1536,
      note: 'asked for 1080×1350; OpenAI gpt-image-1 makes 1024×1536 instead (it only makes 1024×1024, 1536×1024, 1024×1536; fit the image to a preset afterwards)',
    });
    expect(nearestOpenAISize('dall-e-3', { width: 1080, height: 1920 })).toMatchObject({ width: 1024, height: 1792 });
  });

  it('snaps free-size models (gpt-image-2) to multiples of 16 within 1:3 to 3:1', () => {
    expect(nearestOpenAISize('gpt-image-2', { width: 1536, height: 864 })).toEqual({ width: 1536, height: 864 });
    expect(nearestOpenAISize('gpt-image-2', { width: 1080, height: 1920 })).toMatchObject({ width: 1088, height: 1920 });
    const wide = nearestOpenAISize('gpt-image-2', { width: 970, height: 90 });
    expect(wide.width / wide.height).toBeCloseTo(3, 0);
    const huge = nearestOpenAISize('gpt-image-2', { width: 8000, height: 8000 });
    expect(huge.width * huge.height).toBeLessThanOrEqual(3840 * 2160);
  });

  it('rounds diffusion sizes to multiples of 8 within bounds', () => {
    expect(nearestMultipleSize('ComfyUI', { width: 1080, height: 1920 }, 8, 16, 8192)).toEqual({ width: 1080, height: 1920 });
    expect(nearestMultipleSize('ComfyUI', { width: 4, height: 9000 }, 8, 16, 8192)).toMatchObject({ width: 16, height: 8192 });
  });
});
