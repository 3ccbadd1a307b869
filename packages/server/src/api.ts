/**
 * The Host API over HTTP: routes and body schemas shared by `adloom serve` and the editor's
 * browser host. Browser-safe: zod only.
 *
 * Routes (all JSON unless noted; every request body is checked with the schema named here):
 *   GET    /api/info                          → HostInfo
 *   GET    /api/catalog                       → Catalog
 *   GET    /api/graphs                        → GraphEntry[]   (*.adloom.json under the workspace)
 *   GET    /api/examples                      → GraphEntry[]   (the bundled examples; open as templates)
 *   GET    /api/file?path=P                   → OpenedFile     (P relative to the workspace, or `examples/...`)
 *   PUT    /api/file           SaveFileBody   → SavedFile      (atomic write; refuses paths outside the workspace)
 *   GET    /api/recovery?path=P               → RecoveryEntry | null
 *   PUT    /api/recovery       RecoveryBody   → { ok: true }   (the autosave journal beside the file)
 *   DELETE /api/recovery?path=P               → { ok: true }
 *   POST   /api/runs           StartRunBody   → { runId }
 *   GET    /api/runs/:runId/events            → text/event-stream of RunEvent (past events replayed first)
 *   POST   /api/runs/:runId/cancel            → { ok: true }
 *   GET    /api/artifacts/:sha256.:ext        → the stored file (content-addressed, immutable)
 *   GET    /api/runs/:runId/files/*           → a file of the run folder (manifest.json, artifacts)
 *   GET    /api/settings                      → Settings
 *   PUT    /api/settings       Settings       → Settings
 *   GET    /api/secrets                       → SecretStatus[] (names and whether set; never values)
 *   PUT    /api/secrets/:name  SecretBody     → { ok: true }   (write-only)
 *
 * Every /api request but artifacts carries the session secret in `x-adloom-session` (the
 * editor page gets it from `<meta name="adloom-session">`; events and run files also take
 * `?session=`), and every body is `application/json`. See docs/host-security.md.
 *
 * Errors: status 400 (bad body: { error, issues }; a malformed % escape), 401 (token), 403
 * (path outside the workspace; another page's Origin; no session secret), 404, 409 (file
 * changed on disk since it was opened), 413 (body over 64 MB), 415 (body not JSON), 421 (a
 * Host name this server does not serve), 500; body { error: string }.
 * Bound to any address but 127.0.0.1/localhost, every request needs the token
 * (header `Authorization: Bearer T`, which also stands in for the session secret, or
 * `?token=T` once, which sets a cookie).
 */
import { z } from 'zod';

export interface HostInfo {
  kind: 'browser' | 'desktop';
  version: string;
  workspace: string;
}

export interface GraphEntry {
  /** Relative to the workspace (or `examples/...` for bundled examples). */
  path: string;
  name: string;
  description?: string;
  modifiedAt: string;
}

export interface OpenedFile {
  path: string;
  text: string;
  /** For conflict checks on save. */
  modifiedAt: string;
}

export interface SavedFile {
  path: string;
  modifiedAt: string;
}

export interface RecoveryEntry {
  path: string;
  text: string;
  savedAt: string;
}

export const relativePath = z
  .string()
  .min(1)
  .max(1000)
  .refine((p) => !p.includes('\0'), 'a path cannot contain NUL');

export const saveFileBody = z.object({
  path: relativePath.refine((p) => p.endsWith('.adloom.json'), 'graph files end in .adloom.json'),
  text: z.string().max(50 * 1024 * 1024),
  /** The modifiedAt the editor opened; a newer file on disk is a 409 unless `force`. */
  expectedModifiedAt: z.string().optional(),
  force: z.boolean().optional(),
});
export type SaveFileBody = z.infer<typeof saveFileBody>;

export const recoveryBody = z.object({
  /** The graph's path, or `untitled-<id>` for a graph never saved. */
  path: relativePath,
  text: z.string().max(50 * 1024 * 1024),
});
export type RecoveryBody = z.infer<typeof recoveryBody>;

export const startRunBody = z.object({
  /** The graph as the editor has it now (saved or not). */
  graph: z.record(z.string(), z.unknown()),
  /** Its file, for relative paths in params and for the manifest. */
  path: relativePath.optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  only: z.array(z.string()).optional(),
  noCache: z.boolean().optional(),
});
export type StartRunBody = z.infer<typeof startRunBody>;

export const settingsSchema = z.object({
  providers: z
    .object({
      openai: z.object({ baseUrl: z.string().optional(), defaultModel: z.string().optional() }).optional(),
      compatible: z.object({ baseUrl: z.string().optional(), defaultModel: z.string().optional() }).optional(),
      comfyui: z.object({ baseUrl: z.string().optional() }).optional(),
      automatic1111: z.object({ baseUrl: z.string().optional() }).optional(),
    })
    .default({}),
  defaultTextProvider: z.enum(['offline', 'openai', 'compatible']).default('offline'),
  defaultImageProvider: z.enum(['offline', 'openai', 'comfyui', 'automatic1111']).default('offline'),
  recentFiles: z.array(z.string()).max(20).default([]),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Secrets a host may hold, by environment variable name. */
export const SECRET_NAMES = ['OPENAI_API_KEY', 'COMPATIBLE_API_KEY'] as const;

export const secretBody = z.object({ value: z.string().max(10_000) });

export interface SecretStatus {
  name: (typeof SECRET_NAMES)[number];
  isSet: boolean;
}
