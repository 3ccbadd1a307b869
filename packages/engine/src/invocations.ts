/**
 * A node's invocations: one, or one per item when a list reaches one of its single inputs.
 * Each gets its inputs, the lineage that says which items it was made from, and the hash of
 * those inputs that its cache key is made of; their outputs come back together as the node's
 * port values, each item with its lineage.
 */
import { hashValue, NodeError } from '@adloom/sdk';
import type { ItemRef } from './events.ts';
import { isSameBranch, type Lineage, lineageKey, mergeLineage } from './lineage.ts';
import type { PlannedNode } from './plan.ts';

/** One value on a port, with where it came from. */
export interface Item {
  value: unknown;
  lineage: Lineage;
  hash?: string;
}

/** What one output port produced: one item, or a list of them. */
export interface PortValue {
  list: boolean;
  items: Item[];
}

/** One run of a node: its inputs, their hash, and the items it was made from. */
export interface Invocation {
  inputs: Record<string, unknown>;
  inputHash: string;
  lineage: Lineage;
  /** Which item of a mapped node this is; none for a node that runs once. */
  item: ItemRef | undefined;
}

/** A node's invocations, and whether it is mapped over a list (its outputs are then lists). */
export interface InvocationPlan {
  invocations: Invocation[];
  mapped: boolean;
}

/** A port's value as a node's outputs show it: an array for a list. */
export function plainValue(port: PortValue): unknown {
  return port.list ? port.items.map((item) => item.value) : port.items[0]?.value;
}

/** An item's hash, worked out once. */
export function itemHash(item: Item): string {
  if (item.hash === undefined) item.hash = hashValue(item.value);
  return item.hash;
}

/** For a node without a cache key: hashing every input (long texts, say) would be waste. */
export const noHash = (_item: Item): string => '';

/**
 * The invocations of a node, from the values upstream nodes produced. Two lists that reach
 * single inputs zip by position, so lists of unequal length are a NodeError naming both.
 */
export function planInvocations(
  node: PlannedNode,
  results: Map<string, Map<string, PortValue>>,
  hashOf: (item: Item) => string,
): InvocationPlan {
  const constants: Record<string, unknown> = {};
  const constantHashes: string[] = [];
  let constantLineage: Lineage[] = [];
  const mapped: { port: string; from: string; items: Item[] }[] = [];
  const lists: { port: string; items: Item[] }[] = [];
  for (const port of node.inputs) {
    const sources = node.incoming.get(port.name);
    if (!sources || sources.length === 0) continue;
    if (port.list) {
      const items: Item[] = [];
      for (const s of sources) items.push(...(results.get(s.nodeId)?.get(s.port)?.items ?? []));
      lists.push({ port: port.name, items });
      continue;
    }
    const source = sources[0] as { nodeId: string; port: string };
    const value = results.get(source.nodeId)?.get(source.port) as PortValue;
    if (value.list) {
      mapped.push({ port: port.name, from: `${source.nodeId}.${source.port}`, items: value.items });
    } else {
      const item = value.items[0] as Item;
      constants[port.name] = item.value;
      constantHashes.push(`${port.name}=${hashOf(item)}`);
      if (item.lineage.length) constantLineage = [...constantLineage, item.lineage];
    }
  }
  const first = mapped[0];
  if (!first) {
    for (const list of lists) {
      constants[list.port] = list.items.map((i) => i.value);
      constantHashes.push(`${list.port}=${list.items.map(hashOf).join(',')}`);
    }
  }
  for (const other of mapped.slice(1)) {
    if (first && other.items.length !== first.items.length) {
      throw new NodeError(
        `input "${first.port}" gets ${first.items.length} items from "${first.from}" but input "${other.port}" gets ${other.items.length} from "${other.from}"; lists zip by position, so they must be the same length`,
        { port: other.port },
      );
    }
  }
  const count = first ? first.items.length : 1;
  const baseHash = constantHashes.join('\n');
  const invocations: Invocation[] = [];
  for (let i = 0; i < count; i++) {
    const inputs = mapped.length ? { ...constants } : constants;
    let hash = baseHash;
    const parts = [...constantLineage];
    for (const m of mapped) {
      const item = m.items[i] as Item;
      inputs[m.port] = item.value;
      hash += `\n${m.port}=${hashOf(item)}`;
      parts.push(item.lineage);
    }
    const lineage = parts.length ? mergeLineage(...parts) : [];
    // [engine.L1] A mapped node's list inputs get the items that belong to this run: those whose
    // lineage agrees with it (the images of variant 2 for variant 2's video).
    for (const list of lists) {
      const items = list.items.filter((candidate) => isSameBranch(candidate.lineage, lineage));
      inputs[list.port] = items.map((i) => i.value);
      hash += `\n${list.port}=${items.map(hashOf).join(',')}`;
    }
    const item = first ? { index: i, count, key: lineageKey(lineage) } : undefined;
    invocations.push({ inputs, inputHash: hash, lineage, item });
  }
  return { invocations, mapped: first !== undefined };
}

/**
 * A node's port values from what each invocation returned: a list port's items each get the
 * node's own index in their lineage; a mapped node's ports are lists of its invocations' values.
 */
export function portValues(node: PlannedNode, plan: InvocationPlan, outputs: Record<string, unknown>[]): Map<string, PortValue> {
  const ports = new Map<string, PortValue>();
  for (const port of node.def.outputs) {
    const items: Item[] = [];
    outputs.forEach((output, i) => {
      const lineage = (plan.invocations[i] as Invocation).lineage;
      const value = output[port.name];
      if (port.list) {
        (value as unknown[]).forEach((v, j) => {
          items.push({ value: v, lineage: [...lineage, [node.id, j]] });
        });
      } else {
        items.push({ value, lineage });
      }
    });
    ports.set(port.name, { list: port.list === true || plan.mapped, items });
  }
  return ports;
}
