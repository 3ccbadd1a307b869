import { z } from 'zod';

/** A path as the editor names a file: relative to the workspace, `examples/…`, or a file the user chose. */
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

/** Which runs the run history lists: those of one graph file (as the editor names it), or all. */
export const listRunsQuery = z.object({
  path: relativePath.optional(),
  limit: z.number().int().min(1).max(200).optional(),
});
export type ListRunsQuery = z.infer<typeof listRunsQuery>;

export const secretBody = z.object({ value: z.string().max(10_000) });
export type SecretBody = z.infer<typeof secretBody>;

/** A request's issues as both hosts word them: `invalid request: path: …; text: …`. */
export function requestIssues(error: z.ZodError): { message: string; issues: { path: string; message: string }[] } {
  const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return { message: `invalid request: ${issues.map((i) => `${i.path || 'body'}: ${i.message}`).join('; ')}`, issues };
}
