import { describe, expect, it } from 'vitest';
import { FORMAT_PRESETS, resolvePreset } from './presets.ts';

describe('format presets', () => {
  it('have unique ids and safe zones that leave room', () => {
    const ids = FORMAT_PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const preset of FORMAT_PRESETS) expect(resolvePreset(preset.id)).toEqual(preset);
  });

  it('carry the Google display 150 KB cap and the AdChoices corner', () => {
    expect(resolvePreset('google-728x90')).toMatchObject({ maxKB: 150, safeZone: { top: 4, right: 20, bottom: 4, left: 4 } });
    expect(resolvePreset('google-160x600')).toMatchObject({ maxKB: 150, safeZone: { top: 22, right: 6, bottom: 6, left: 6 } });
    expect(resolvePreset('tiktok-9x16').safeZone).toEqual({ top: 150, right: 150, bottom: 440, left: 60 });
  });

  it("take the vertical placements' safe zones from the platform specs: Meta's 14% top, 35% bottom, 6% sides", () => {
    expect(resolvePreset('reels-9x16').safeZone).toEqual({ top: 269, right: 65, bottom: 672, left: 65 });
    expect(resolvePreset('stories-9x16').safeZone).toEqual(resolvePreset('reels-9x16').safeZone);
    expect(resolvePreset('shorts-9x16').safeZone).toEqual({ top: 288, right: 192, bottom: 672, left: 48 });
  });

  it('refuses an edit that leaves no room', () => {
    expect(() => resolvePreset('google-320x50', { safeZones: { 'google-320x50': { top: 30, bottom: 30 } } })).toThrow(
      'preset "google-320x50": its safe zone leaves no room (320×50 minus top 30, right 20, bottom 30, left 4)',
    );
  });
});
