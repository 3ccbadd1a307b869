import { describe, expect, it } from 'vitest';
import { isPermissionGranted } from './permission-policy.ts';

describe('permission requests', () => {
  it('[desktop.M1] are denied by default, for the app too', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'midi',
      'midiSysex',
      'pointerLock',
      'fullscreen',
      'openExternal',
      'clipboard-read',
      'hid',
      'serial',
      'usb',
      'display-capture',
      'unknown',
    ]) {
      expect(isPermissionGranted(permission, 'app://adloom/index.html'), permission).toBe(false);
    }
  });

  it('[desktop.M2] grant only sanitized clipboard writes, only to the app', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://adloom/index.html')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://adloom')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(isPermissionGranted('clipboard-sanitized-write', undefined)).toBe(false);
  });
});
