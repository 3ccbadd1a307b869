import { describe, expect, it } from 'vitest';
import { artifactExtension, extensionForMime, mimeForImageFormat } from './media-types.ts';

describe('artifact file extensions', () => {
  it('names a stored file by its media type, and an unknown type as bin', () => {
    expect(extensionForMime('image/jpeg')).toBe('jpg');
    expect(extensionForMime('text/csv')).toBe('csv');
    expect(extensionForMime('application/x-unknown')).toBe('bin');
  });

  it("uses the stored file's own extension first, for the hosts' artifact URLs", () => {
    expect(artifactExtension({ path: '/s/ab/abc.PNG', mime: 'image/jpeg' })).toBe('png');
    expect(artifactExtension({ path: 'C:\\s\\ab\\abc', mime: 'video/mp4' })).toBe('mp4');
  });

  it("gives sharp's image formats their media types", () => {
    expect(mimeForImageFormat('jpeg')).toBe('image/jpeg');
    expect(mimeForImageFormat('heif')).toBe('image/avif');
    expect(mimeForImageFormat(undefined)).toBe('application/octet-stream');
  });
});
