import { join } from 'node:path';
import { extensionForMime } from '@adloom/graph';
import type { ArtifactRef, Usage } from '@adloom/sdk';
import { isArtifactRef } from '@adloom/sdk';
import { exportArtifact } from './artifact-store.ts';
import { writeFileAtomic } from './atomic-write.ts';
import type { NodeFailure, NodeStatus, RunStatus } from './events.ts';
import { type Lineage, lineageKey, lineageSlug } from './lineage.ts';

/** What the manifest keeps of one node. */
export interface NodeRecord {
  status: NodeStatus;
  cached: boolean;
  durationMs: number;
  attempts: number;
  error?: NodeFailure;
  outputs?: Record<string, unknown>;
  usage?: Usage[];
}

/** An artifact as the manifest lists it: its file in the run folder and where it came from. */
export interface ManifestArtifact {
  file: string;
  node: string;
  port: string;
  kind: string;
  mime: string;
  sha256: string;
  bytes: number;
  width?: number;
  height?: number;
  durationSec?: number;
  provider?: string;
  lineage: Record<string, number>;
  lineageKey: string;
}

interface PortLike {
  list: boolean;
  items: { value: unknown; lineage: Lineage }[];
}

export interface RunHeader {
  runId: string;
  graph: { name: string; file?: string; hash: string };
  inputs: Record<string, unknown>;
  only?: string[];
  /** The nodes bypassed in the graph: left out of the run, their inputs passed on. */
  bypassed?: string[];
}

const fileKey = (nodeId: string, storePath: string) => `${nodeId}\n${storePath}`;

const safeName = (text: string) =>
  text
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 80);

/**
 * A file's name in the run folder, without extension: the name its node gave it
 * (`meta.fileName` or `meta.name`, e.g. `variants.json`), else the port, with the lineage and the format
 * preset when there is one: `images-copy1-image0-tiktok-9x16`.
 */
function readableBase(port: string, lineage: string, meta: Record<string, unknown> | undefined): string {
  const named = meta?.fileName ?? meta?.name;
  const given = typeof named === 'string' ? safeName(named) : '';
  const preset = typeof meta?.preset === 'string' ? safeName(meta.preset) : '';
  return [given || port, lineage, preset].filter(Boolean).join('-');
}

function collectRefs(value: unknown, out: ArtifactRef[]): ArtifactRef[] {
  if (isArtifactRef(value)) out.push(value as unknown as ArtifactRef);
  else if (Array.isArray(value)) for (const v of value) collectRefs(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectRefs(v, out);
  return out;
}

/**
 * `runs/<runId>/`: the run's artifacts under readable names (`<node>/<port>-<lineage>.<ext>`)
 * and `manifest.json`, rewritten atomically at the start and at the end of the run.
 */
export class RunFolder {
  private readonly artifacts: ManifestArtifact[] = [];
  /**
   * Node and store path → file in the run folder, so the manifest can point at readable names.
   * Keyed by node too: two nodes that make the same bytes share a store file but each has its own.
   */
  private readonly files = new Map<string, string>();
  /** Store path → the first file made for it, for files nested inside other values. */
  private readonly anyFile = new Map<string, string>();
  /** Names given out so far, so no two artifacts share one. */
  private readonly taken = new Set<string>();
  private startedAt = '';

  readonly dir: string;
  private readonly header: RunHeader;

  constructor(dir: string, header: RunHeader) {
    this.dir = dir;
    this.header = header;
  }

  async start(nodes: string[]): Promise<void> {
    this.startedAt = new Date().toISOString();
    await this.write({ status: 'running', nodes: Object.fromEntries(nodes.map((id) => [id, { status: 'not-run' }])) });
  }

  hasArtifacts(ports: Map<string, PortLike>): boolean {
    for (const port of ports.values()) for (const item of port.items) if (collectRefs(item.value, []).length) return true;
    return false;
  }

  async exportArtifacts(nodeId: string, ports: Map<string, PortLike>): Promise<void> {
    const jobs: Promise<void>[] = [];
    for (const [portName, port] of ports) {
      for (const item of port.items) {
        // Only values that are files themselves get a file here; a file inside a variant or a
        // report already has one, under the node that made it.
        if (!isArtifactRef(item.value)) continue;
        const refs = [item.value as unknown as ArtifactRef];
        refs.forEach((ref) => {
          const base = readableBase(portName, lineageSlug(item.lineage), ref.meta);
          let file = `${nodeId}/${base}.${extensionForMime(ref.mime)}`;
          for (let k = 2; this.taken.has(file); k++) file = `${nodeId}/${base}-${k}.${extensionForMime(ref.mime)}`;
          this.taken.add(file);
          this.files.set(fileKey(nodeId, ref.path), file);
          if (!this.anyFile.has(ref.path)) this.anyFile.set(ref.path, file);
          this.artifacts.push({
            file,
            node: nodeId,
            port: portName,
            kind: ref.kind,
            mime: ref.mime,
            sha256: ref.sha256,
            bytes: ref.bytes,
            ...(ref.width !== undefined ? { width: ref.width, height: ref.height } : {}),
            ...(ref.durationSec !== undefined ? { durationSec: ref.durationSec } : {}),
            ...(ref.provider ? { provider: ref.provider } : {}),
            lineage: Object.fromEntries(item.lineage),
            lineageKey: lineageKey(item.lineage),
          });
          jobs.push(exportArtifact(ref, join(this.dir, file)));
        });
      }
    }
    await Promise.all(jobs);
  }

  /** Artifact references in a node's value, rewritten to point at its files in the run folder. */
  private forManifest(nodeId: string, value: unknown): unknown {
    if (isArtifactRef(value)) {
      const { path, meta, ...rest } = value as unknown as ArtifactRef;
      return {
        ...rest,
        file: this.files.get(fileKey(nodeId, path)) ?? this.anyFile.get(path) ?? path,
        ...(meta ? { meta } : {}),
      };
    }
    if (Array.isArray(value)) return value.map((v) => this.forManifest(nodeId, v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.forManifest(nodeId, v)]));
    }
    return value;
  }

  async finish(status: RunStatus, records: Map<string, NodeRecord>, durationMs: number): Promise<void> {
    const nodes: Record<string, unknown> = {};
    const cost = { costUsd: 0, known: false };
    for (const [id, r] of records) {
      const costUsd = r.usage?.reduce((sum, u) => sum + (u.costUsd ?? 0), 0);
      if (r.usage?.some((u) => u.costUsd !== undefined)) {
        cost.known = true;
        cost.costUsd += costUsd ?? 0;
      }
      nodes[id] = {
        status: r.status,
        cached: r.cached,
        durationMs: Math.round(r.durationMs * 1000) / 1000,
        attempts: r.attempts,
        ...(r.error ? { error: r.error } : {}),
        ...(r.usage ? { usage: r.usage, ...(costUsd !== undefined ? { costUsd } : {}) } : {}),
        ...(r.outputs ? { outputs: this.forManifest(id, r.outputs) } : {}),
      };
    }
    await this.write({
      status,
      finishedAt: new Date().toISOString(),
      durationMs,
      ...(cost.known ? { costUsd: cost.costUsd } : {}),
      nodes,
      artifacts: this.artifacts,
    });
  }

  private async write(body: Record<string, unknown>): Promise<void> {
    const { runId, graph, inputs, only, bypassed } = this.header;
    const manifest = {
      adloomManifest: 1,
      runId,
      graph,
      inputs,
      ...(only ? { only } : {}),
      ...(bypassed ? { bypassed } : {}),
      startedAt: this.startedAt,
      ...body,
    };
    await writeFileAtomic(join(this.dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
}
