/** The ad platforms whose specs this package holds. */
export const PLATFORMS = ['tiktok', 'meta', 'google'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const PLATFORM_LABELS: Record<Platform, string> = {
  tiktok: 'TikTok',
  meta: 'Meta (Facebook, Instagram)',
  google: 'Google',
};

/** A platform name as people write it ("Instagram", "YouTube"), as this package knows it; undefined when unknown. */
export function platformOf(name: string | undefined): Platform | undefined {
  const key = name?.toLowerCase().trim();
  if (key === 'tiktok' || key === 'meta' || key === 'google') return key;
  if (key === 'facebook' || key === 'instagram') return 'meta';
  if (key === 'youtube') return 'google';
  return undefined;
}
