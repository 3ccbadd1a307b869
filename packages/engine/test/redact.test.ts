import { describe, expect, it } from 'vitest';
import { createRedactor, secretValues } from '../src/index.ts';

describe('[engine.S1] redaction by value', () => {
  it('takes the values of secret-named variables, not of others or of short ones', () => {
    const env = {
      OPENAI_API_KEY: 'sk-live-0123456789',
      HF_TOKEN: 'hf_abcdefghijkl',
      DB_PASSWORD: 'correct horse battery',
      SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      SHORT_KEY: 'abc',
    };
    expect(secretValues(env).sort()).toEqual(['correct horse battery', 'hf_abcdefghijkl', 'sk-live-0123456789']);
  });

  it('redacts every string inside a value, keys included, and hands back the same object when none is there', () => {
    const redactor = createRedactor(['sk-live-0123456789']);
    const event = { type: 'node.failed', error: { message: 'Incorrect API key provided: Bearer sk-live-0123456789' } };
    expect(redactor.value(event)).toEqual({
      type: 'node.failed',
      error: { message: 'Incorrect API key provided: Bearer [redacted]' },
    });
    expect(redactor.value({ outputs: [{ 'sk-live-0123456789': 1 }] })).toEqual({ outputs: [{ '[redacted]': 1 }] });
    const clean = { type: 'node.log', message: 'nothing secret' };
    expect(redactor.value(clean)).toBe(clean);
  });
});
