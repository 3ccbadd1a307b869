import { describe, expect, it } from 'vitest';
import { ARTIFACT_CSP, contentSecurityPolicy } from './csp.ts';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

describe('the renderer CSP', () => {
  const csp = directives(contentSecurityPolicy());

  it('[desktop.P5] denies by default and runs only the app’s own scripts: no eval, no inline script, no remote code', () => {
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|wasm-unsafe-eval|https?:|\*/);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('[desktop.P6] closes plugins, base tags, forms and framing by others; media only from the app, data: and blob:', () => {
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('media-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('[desktop.P7] renders artifacts sandboxed, without scripts', () => {
    const artifact = directives(ARTIFACT_CSP);
    expect(artifact.has('sandbox')).toBe(true);
    expect(artifact.get('sandbox')).toEqual([]);
    expect(artifact.get('default-src')).toEqual(["'none'"]);
    expect(artifact.has('script-src')).toBe(false);
  });
});
