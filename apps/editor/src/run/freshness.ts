import { type GraphFile, isBypassed, parseEndpoint } from '@adloom/graph';

/** A short hash of a string (cyrb53): fingerprints are compared, never trusted. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * What each node's result depends on, as one string per node: its type, its params and, through
 * its incoming wires, the same of everything upstream (the engine's cache key, without the
 * file contents). A node whose fingerprint differs from the one its result was made with shows
 * a result that is no longer what a run would give. Worked out in topological order, without
 * recursion, so a long chain cannot overflow the stack; nodes on a cycle hash without their
 * upstream.
 */
export function nodeFingerprints(graph: GraphFile): Record<string, string> {
  const ids = Object.keys(graph.nodes);
  const incoming = new Map<string, { to: string; from: string; port: string }[]>();
  const downstream = new Map<string, string[]>();
  const waiting = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const edge of graph.edges) {
    const from = parseEndpoint(edge.from);
    const to = parseEndpoint(edge.to);
    if (!from || !to || !waiting.has(from.nodeId) || !waiting.has(to.nodeId)) continue;
    const list = incoming.get(to.nodeId) ?? [];
    list.push({ to: to.port, from: from.nodeId, port: from.port });
    incoming.set(to.nodeId, list);
    const next = downstream.get(from.nodeId);
    if (next) next.push(to.nodeId);
    else downstream.set(from.nodeId, [to.nodeId]);
    waiting.set(to.nodeId, (waiting.get(to.nodeId) ?? 0) + 1);
  }
  const out: Record<string, string> = {};
  const own = (id: string) => {
    const node = graph.nodes[id];
    // A bypassed node changes what everything downstream gets.
    return `${node?.type}\u0000${JSON.stringify(node?.params ?? {})}${isBypassed(node) ? '\u0000bypassed' : ''}`;
  };
  const queue = ids.filter((id) => waiting.get(id) === 0);
  for (let q = 0; q < queue.length; q++) {
    const id = queue[q] as string;
    const wires = (incoming.get(id) ?? [])
      .map((w) => `${w.to}<${w.from}.${w.port}=${out[w.from] ?? ''}`)
      .sort()
      .join('\u0001');
    out[id] = hash(`${own(id)}\u0000${wires}`);
    for (const next of downstream.get(id) ?? []) {
      const left = (waiting.get(next) ?? 1) - 1;
      waiting.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  for (const id of ids) out[id] ??= hash(`${own(id)}\u0000cycle`);
  return out;
}

/**
 * The nodes whose shown result was made from other inputs or params than the graph has now.
 * The same object comes back when nothing changed, so views that read it do not re-render.
 */
export function staleNodes(
  madeWith: Readonly<Record<string, string | undefined>>,
  now: Readonly<Record<string, string>>,
  previous: Readonly<Record<string, true>>,
): Record<string, true> {
  const next: Record<string, true> = {};
  for (const [id, fingerprint] of Object.entries(madeWith)) {
    if (fingerprint !== undefined && now[id] !== undefined && now[id] !== fingerprint) next[id] = true;
  }
  const keys = Object.keys(next);
  if (keys.length === Object.keys(previous).length && keys.every((id) => previous[id])) return previous as Record<string, true>;
  return next;
}
