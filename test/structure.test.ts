// The structure docs/architecture.md describes, held: no runtime import cycles, no
// non-test source file over 400 lines, no app importing another app's source.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { crossAppImports, importCycles, longFiles, MAX_SOURCE_LINES, runtimeImports, sourceFiles } from '../scripts/structure.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const files = sourceFiles(root, ['apps', 'packages']);

describe('structure', () => {
  it('the import scanner tells runtime imports from type-only ones', () => {
    const src = `import { a } from './a.ts';\nimport type { B } from './b.ts';\nimport { type C, type D } from './c.ts';\nexport { e } from './e.ts';\nexport type { F } from './f.ts';\nimport './g.ts';\nconst h = await import('./h.ts');`;
    assert.deepEqual(runtimeImports(src), ['./a.ts', './e.ts', './g.ts', './h.ts']);
  });

  it('has no runtime import cycles under apps/ and packages/', () => {
    assert.ok(files.length > 100, 'the scan found the sources');
    assert.deepEqual(importCycles(root, files), []);
  });

  it(`has no non-test source file over ${MAX_SOURCE_LINES} lines`, () => {
    assert.deepEqual(longFiles(root, files), []);
  });

  it("has no app importing another app's source", () => {
    assert.deepEqual(crossAppImports(root, files), []);
  });
});
