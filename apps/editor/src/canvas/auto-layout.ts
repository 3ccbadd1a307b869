import { type GraphFile, parseEndpoint } from '@adloom/graph';
import type { ELK as ElkApi, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';

type ElkConstructor = new () => ElkApi;

export interface Size {
  width: number;
  height: number;
}

/**
 * Positions from ELK's layered layout, left to right, ports on the sides they are drawn on.
 * With `only`, just those nodes move, laid out among themselves and placed where they were.
 * elkjs is loaded when first asked for: it is large and most sessions never lay out.
 */
export async function autoLayout(
  graph: GraphFile,
  sizes: ReadonlyMap<string, Size>,
  only?: readonly string[],
): Promise<Record<string, { x: number; y: number }>> {
  const ids = (only ?? Object.keys(graph.nodes)).filter((id) => Object.hasOwn(graph.nodes, id));
  const chosen = new Set(ids);
  const ports = new Map<string, { inputs: Set<string>; outputs: Set<string> }>();
  for (const id of ids) ports.set(id, { inputs: new Set(), outputs: new Set() });
  const edges: ElkExtendedEdge[] = [];
  graph.edges.forEach((edge, index) => {
    const from = parseEndpoint(edge.from);
    const to = parseEndpoint(edge.to);
    if (!from || !to || !chosen.has(from.nodeId) || !chosen.has(to.nodeId)) return;
    ports.get(from.nodeId)?.outputs.add(from.port);
    ports.get(to.nodeId)?.inputs.add(to.port);
    edges.push({ id: `e${index}`, sources: [`${from.nodeId}::out::${from.port}`], targets: [`${to.nodeId}::in::${to.port}`] });
  });
  const children: ElkNode[] = ids.map((id) => {
    const size = sizes.get(id) ?? { width: 260, height: 160 };
    const p = ports.get(id) as { inputs: Set<string>; outputs: Set<string> };
    return {
      id,
      width: size.width,
      height: size.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_SIDE' },
      ports: [
        ...[...p.inputs].map((port) => ({
          id: `${id}::in::${port}`,
          width: 1,
          height: 1,
          layoutOptions: { 'elk.port.side': 'WEST' },
        })),
        ...[...p.outputs].map((port) => ({
          id: `${id}::out::${port}`,
          width: 1,
          height: 1,
          layoutOptions: { 'elk.port.side': 'EAST' },
        })),
      ],
    };
  });
  // A CommonJS module: its default export arrives as the constructor or wrapped once more.
  const loaded = (await import('elkjs/lib/elk.bundled.js')) as unknown as {
    default: ElkConstructor | { default: ElkConstructor };
  };
  const ELK = 'default' in loaded.default ? loaded.default.default : loaded.default;
  const elk = new ELK();
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '96',
      'elk.spacing.nodeNode': '40',
      'elk.spacing.componentComponent': '64',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.separateConnectedComponents': 'true',
    },
    children,
    edges,
  });
  // Keep the laid-out block where the nodes were: its top-left at theirs.
  let originX = Number.POSITIVE_INFINITY;
  let originY = Number.POSITIVE_INFINITY;
  for (const id of ids) {
    const ui = graph.nodes[id]?.ui;
    originX = Math.min(originX, ui?.x ?? 0);
    originY = Math.min(originY, ui?.y ?? 0);
  }
  if (!Number.isFinite(originX)) originX = originY = 0;
  const positions: Record<string, { x: number; y: number }> = {};
  for (const child of result.children ?? []) {
    positions[child.id] = { x: Math.round(originX + (child.x ?? 0)), y: Math.round(originY + (child.y ?? 0)) };
  }
  return positions;
}
