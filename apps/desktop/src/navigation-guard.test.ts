import { describe, expect, it } from 'vitest';
import { canNavigate, externalUrl, navigationDecision, windowOpenDecision } from './navigation-guard.ts';

describe('navigation guards', () => {
  it('[desktop.N1] lets a page move only within the app origin', () => {
    expect(canNavigate('app://adloom/index.html?open=a.adloom.json')).toBe(true);
    expect(navigationDecision('app://adloom/index.html')).toEqual({ action: 'allow' });
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'http://localhost:4870/',
      'javascript:alert(1)',
      'data:text/html,x',
    ]) {
      expect(navigationDecision(url), url).toEqual({ action: 'deny' });
    }
  });

  it('[desktop.N2] denies every new window; an allow-listed https link goes to the system browser instead', () => {
    expect(windowOpenDecision('https://platform.openai.com/api-keys')).toEqual({
      action: 'deny',
      openExternal: 'https://platform.openai.com/api-keys',
    });
    expect(windowOpenDecision('https://docs.github.com/x')).toEqual({
      action: 'deny',
      openExternal: 'https://docs.github.com/x',
    });
    expect(windowOpenDecision('app://adloom/artifacts/a.png')).toEqual({ action: 'deny' });
    expect(windowOpenDecision('https://evil.example/')).toEqual({ action: 'deny' });
  });

  it('[desktop.N3] opens externally only https, only allow-listed hosts, never with credentials', () => {
    expect(externalUrl('http://github.com/')).toBeNull();
    expect(externalUrl('https://github.com.evil.example/')).toBeNull();
    expect(externalUrl('https://evilgithub.com/')).toBeNull();
    expect(externalUrl('https://user:pw@github.com/')).toBeNull();
    expect(externalUrl('file:///etc/passwd')).toBeNull();
    expect(externalUrl('smb://share/x')).toBeNull();
    expect(externalUrl('not a url')).toBeNull();
    expect(externalUrl('https://GitHub.com/a')).toBe('https://github.com/a');
    expect(externalUrl('https://example.org/', ['example.org'])).toBe('https://example.org/');
  });
});
