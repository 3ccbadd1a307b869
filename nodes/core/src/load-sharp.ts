import type Sharp from 'sharp';

let loading: Promise<typeof Sharp> | undefined;
/** sharp (libvips), imported when a node first needs it: listing the pack's nodes loads none of it. */
export const loadSharp = (): Promise<typeof Sharp> => (loading ??= import('sharp').then((module) => module.default));
