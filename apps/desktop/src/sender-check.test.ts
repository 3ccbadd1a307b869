import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './sender-check.ts';

const top = (url: string) => ({ url, parent: null });

describe('isTrustedSender', () => {
  it('trusts the editor: the top frame of a page on app://adloom', () => {
    expect(isTrustedSender(top('app://adloom/index.html'))).toBe(true);
    expect(isTrustedSender(top('app://adloom/index.html?open=ads%2Fa.adloom.json'))).toBe(true);
  });

  it('[desktop.X1] refuses a subframe even on the app origin (a landing-page preview)', () => {
    expect(isTrustedSender({ url: 'app://adloom/artifacts/abc.html', parent: { url: 'app://adloom/index.html' } })).toBe(false);
  });

  it('[desktop.X2] refuses other origins, look-alikes and frames that are gone', () => {
    for (const url of [
      'file:///opt/Adloom/resources/editor/index.html',
      'http://127.0.0.1:4870/',
      'https://adloom.example/',
      'app://adloom.evil.com/',
      'app://evil/',
      'app://adloom:8080/',
      'app://user:pass@adloom/',
      'apps://adloom/',
      'devtools://devtools/bundled/index.html',
      'about:blank',
      '',
      'not a url',
    ]) {
      expect(isTrustedSender(top(url)), url).toBe(false);
    }
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
