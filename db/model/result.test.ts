import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..', '..');
/** The one place an AppError is made by hand: refuse() there gives it its reason. */
const MAKER = join('db', 'model', 'result.ts');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Where `new AppError(…)` is written in a source text: a refusal that may carry no reason. */
function bareAppErrors(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && node.expression.getText() === 'AppError') {
      found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText().replace(/\s+/g, ' ').slice(0, 80)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('every refusal of the core, the hub and the Electron host carries a reason: no `new AppError(` outside refuse()', () => {
  const found = ['db', 'hub', 'electron']
    .flatMap((dir) => sources(join(ROOT, dir)))
    .filter((file) => relative(ROOT, file) !== MAKER)
    .flatMap((file) => bareAppErrors(relative(ROOT, file), readFileSync(file, 'utf8')));
  assert.deepEqual(found, [], `use refuse(code, reason, message, params) (issue 10.17):\n${found.join('\n')}`);
});

test('the scan finds what it looks for', () => {
  assert.equal(bareAppErrors('a.ts', "throw new AppError('VALIDATION', 'Berkas kosong');").length, 1);
  assert.equal(bareAppErrors('a.ts', "// new AppError('VALIDATION', …)\nthrow refuse('VALIDATION', 'import_no_data', 'Berkas kosong');").length, 0);
});
