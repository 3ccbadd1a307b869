import { hostname, networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isServedHost, servedHosts } from '../src/served-hosts.ts';

describe('servedHosts: the Host values a server answers', () => {
  it('bound to loopback, serves the loopback names with its port only', () => {
    const hosts = servedHosts('127.0.0.1', 4870);
    expect([...hosts].sort()).toEqual(['127.0.0.1:4870', '[::1]:4870', 'localhost:4870']);
    expect(isServedHost('LocalHost:4870', hosts)).toBe(true);
    expect(isServedHost('localhost.:4870', hosts)).toBe(true);
    for (const header of [undefined, '', 'localhost', 'localhost:4871', 'evil.example:4870', 'localhost:4870.evil.example']) {
      expect(isServedHost(header, hosts), String(header)).toBe(false);
    }
  });

  it('bound to an IPv6 address, writes it in brackets as browsers do', () => {
    expect(isServedHost('[fd00::1]:4870', servedHosts('fd00::1', 4870))).toBe(true);
  });

  it("bound to every address, serves this machine's own addresses and name, and nothing else", () => {
    const hosts = servedHosts('0.0.0.0', 4870);
    const own = Object.values(networkInterfaces())
      .flat()
      .map((entry) => entry?.address)
      .filter((address): address is string => !!address && !address.includes(':'));
    for (const address of own) expect(isServedHost(`${address}:4870`, hosts), address).toBe(true);
    expect(isServedHost(`${hostname()}:4870`, hosts)).toBe(true);
    expect(isServedHost('evil.example:4870', hosts)).toBe(false);
  });

  it('on port 80, also serves the names without a port, which browsers leave out', () => {
    expect(isServedHost('localhost', servedHosts('127.0.0.1', 80))).toBe(true);
  });
});
