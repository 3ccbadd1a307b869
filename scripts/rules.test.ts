import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { citationsIn, findCitations, findProblems, RULES_FILE, renderRules } from './rules.ts';

const root = resolve(import.meta.dirname, '..');

describe('rule ids that tests cite', () => {
  it('every one carries its area and is listed in docs/rules.md', () => {
    const problems = findProblems(findCitations(root), readFileSync(join(root, RULES_FILE), 'utf8'));
    expect(problems).toEqual([]);
  });

  it('a bare id is refused, naming the file, the line and the id', () => {
    const cites = citationsIn(
      'nodes/image/src/fit.test.ts',
      "describe('image.fit', () => {\n  it('[F1] fits', () => {});\n});\n",
    );
    expect(findProblems(cites, renderRules(cites))).toEqual([
      'nodes/image/src/fit.test.ts:2: [F1] has no area; write it as [area.F1], the area that owns the rule (see docs/rules.md)',
    ]);
  });

  it('an id missing from docs/rules.md is named with the file that cites it', () => {
    const cites = citationsIn('packages/engine/test/cache.test.ts', "it('[engine.C9] checks the bytes', () => {});\n");
    expect(findProblems(cites, '# Rules\n')).toEqual([
      'packages/engine/test/cache.test.ts:1: [engine.C9] is missing from docs/rules.md; run npm run rules',
    ]);
    expect(findProblems(cites, renderRules(cites))).toEqual([]);
  });

  it('the list says each rule in the words of its docs, else of its test, and names the test files', () => {
    const cites = [
      ...citationsIn(
        'SECURITY.md',
        '- **[engine.F1] A host run reads only its folders.** A run started by a host\n  gets readRoots.\n',
      ),
      ...citationsIn('nodes/core/src/file-access.test.ts', "describe('[engine.F1] files a host run may read', () => {});\n"),
      ...citationsIn(
        'apps/editor/src/x.test.ts',
        "describe('the canvas', () => {\n  it('[editor.F1] derives nodes', () => {});\n});\n",
      ),
    ];
    const text = renderRules(cites);
    expect(text).toContain('- **engine.F1** A host run reads only its folders. Tests: `nodes/core/src/file-access.test.ts`.');
    expect(text).toContain('- **editor.F1** the canvas: derives nodes. Tests: `apps/editor/src/x.test.ts`.');
  });
});
