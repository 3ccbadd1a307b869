import { hostname, networkInterfaces } from 'node:os';

/** How a host name appears in a `Host` header: IPv6 addresses in brackets, lower case. */
function asHostHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The `Host` values a server bound to `address` answers: the loopback names and the bound
 * address, each with the port. A wildcard bind (`0.0.0.0`, `::`) also answers this machine's
 * own interface addresses and host name. Anything else is a name some other server chose to
 * point here (DNS rebinding) and is refused.
 */
export function servedHosts(address: string, port: number): Set<string> {
  const names = new Set([...LOOPBACK_NAMES, asHostHeaderName(address)]);
  if (address === '0.0.0.0' || address === '::' || address === '[::]') {
    for (const list of Object.values(networkInterfaces())) {
      for (const entry of list ?? []) names.add(asHostHeaderName(entry.address.replace(/%.*$/, '')));
    }
    names.add(asHostHeaderName(hostname()));
  }
  const hosts = new Set<string>();
  for (const name of names) {
    hosts.add(`${name}:${port}`);
    // A browser leaves out the scheme's default port.
    if (port === 80) hosts.add(name);
  }
  return hosts;
}

/** Whether a request's `Host` header names this server. */
export function isServedHost(header: string | undefined, hosts: ReadonlySet<string>): boolean {
  if (!header) return false;
  let name = header.trim().toLowerCase();
  // "localhost." is the same name written as fully qualified.
  name = name.replace(/^localhost\.(?=:|$)/, 'localhost');
  return hosts.has(name);
}
