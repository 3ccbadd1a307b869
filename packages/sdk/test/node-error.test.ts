import { describe, expect, it } from 'vitest';
import { isNodeError, NodeError, TransientError } from '../src/index.ts';

/** Another copy of the module, as a pack that brought its own @adloom/sdk would load it. */
const otherCopy = (await import(
  // @ts-expect-error: the query string makes the module loader give a second copy; its types are the first's
  '../src/node-error.ts?copy=2'
)) as typeof import('../src/node-error.ts');

describe('[sdk.E1] NodeError by brand', () => {
  it('knows errors made by another copy of the SDK, which instanceof does not', () => {
    const foreign = new otherCopy.TransientError('rate limited', { retryAfterMs: 1500 });
    expect(foreign).not.toBeInstanceOf(NodeError);
    expect(isNodeError(foreign)).toBe(true);
    expect(foreign).toMatchObject({ transient: true, retryAfterMs: 1500 });
    expect(isNodeError(new otherCopy.NodeError('bad', { param: 'count' }))).toBe(true);
  });

  it('is not fooled by lookalikes', () => {
    expect(isNodeError(new TransientError('x'))).toBe(true);
    expect(isNodeError(new Error('plain'))).toBe(false);
    expect(isNodeError({ message: 'x', transient: true, name: 'NodeError' })).toBe(false);
    expect(isNodeError(null)).toBe(false);
  });
});
