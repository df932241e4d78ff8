import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { IMPORT_PROBLEM_CODES, importProblemKey } from '../../db/model/import-problem';
import { ERROR_CODES, ERROR_REASONS, ISSUE_CODES } from '../../db/model/result';
import { translationsOf } from '../i18n';
import id from '../i18n/id.json' with { type: 'json' };
import en from '../i18n/en.json' with { type: 'json' };

const RENDERER = join(import.meta.dirname, '..');

/** The {{placeholders}} of a translation (also "{{max, number}}"), sorted. */
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();

test('every error reason and every error code is said in Indonesian and English, with the same parameters', () => {
  const languages = { id, en } as const;
  for (const [language, table] of Object.entries(languages)) {
    for (const reason of ERROR_REASONS) {
      assert.equal(typeof (table.error as Record<string, unknown>)[reason], 'string', `${language}: error.${reason} is missing`);
    }
    for (const code of ERROR_CODES) {
      assert.equal(typeof (table.errorCode as Record<string, unknown>)[code], 'string', `${language}: errorCode.${code} is missing`);
    }
  }
  for (const reason of ERROR_REASONS) {
    const [idText, enText] = [id, en].map((table) => String((table.error as Record<string, unknown>)[reason]));
    assert.deepEqual(placeholders(enText), placeholders(idText), `error.${reason}: the two languages take different parameters`);
  }
});

test('every import row problem code, and every field issue code it reuses, is said in Indonesian and English with the same parameters', () => {
  const own = new Set<string>(IMPORT_PROBLEM_CODES);
  assert.deepEqual(ISSUE_CODES.filter((c) => own.has(c)), [], 'an import problem code must not shadow a field issue code');
  const textOf = (language: 'id' | 'en', key: string) =>
    key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], translationsOf(language));
  for (const code of [...IMPORT_PROBLEM_CODES, ...ISSUE_CODES]) {
    const key = importProblemKey(code);
    const [idText, enText] = (['id', 'en'] as const).map((language) => textOf(language, key));
    assert.equal(typeof idText, 'string', `id: ${key} is missing`);
    assert.equal(typeof enText, 'string', `en: ${key} is missing`);
    assert.notEqual(enText, idText, `${key}: the English text is the Indonesian one`);
    assert.deepEqual(placeholders(String(enText)), placeholders(String(idText)), `${key}: the two languages take different parameters`);
  }
});

/** Words of the core's Indonesian messages and labels: a pattern holding one reads Indonesian text. */
const INDONESIAN = /\b(tidak|wajib|harus|belum|sudah|berkas|kunjungan|usaha|tanda tangan|kabupaten|kecamatan|desa|industri|paling|gagal|ditemukan|dikenal|terlalu|kosong|diisi|pilih|tenaga kerja)\b/i;
/** String methods that read text apart. */
const PARSING = new Set(['match', 'matchAll', 'replace', 'replaceAll', 'includes', 'startsWith', 'endsWith', 'indexOf', 'split', 'search', 'test', 'exec']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Where a renderer file reads Indonesian text: a pattern with Indonesian words, or a message taken apart. */
function parsesIndonesian(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const where = (node: ts.Node) => `${relative(RENDERER, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isRegularExpressionLiteral(node) && INDONESIAN.test(node.text)) found.push(`${where(node)} pattern ${node.text}`);
    if (ts.isNewExpression(node) && node.expression.getText() === 'RegExp') {
      const first = node.arguments?.[0];
      if (first && ts.isStringLiteralLike(first) && INDONESIAN.test(first.text)) found.push(`${where(node)} new RegExp("${first.text}")`);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && PARSING.has(node.expression.name.text)) {
      // message.replace(…), /…/.test(error.message), reason.includes('…'): the core's sentence read back.
      const reads = [node.expression.expression, ...node.arguments].some(
        (n) => ts.isPropertyAccessExpression(n) && ['message', 'reason'].includes(n.name.text),
      );
      if (reads) found.push(`${where(node)} ${node.getText().slice(0, 80)}`);
      for (const arg of node.arguments) {
        if (ts.isStringLiteralLike(arg) && INDONESIAN.test(arg.text)) found.push(`${where(node)} looks for "${arg.text}"`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('no renderer file reads Indonesian text: no pattern over Indonesian words, no message or reason taken apart', () => {
  const found = sources(RENDERER).flatMap(parsesIndonesian);
  assert.deepEqual(found, [], `the renderer must say errors from their codes:\n${found.join('\n')}`);
});

test('the scan finds what it looks for', () => {
  const sample = join(import.meta.dirname, 'error-text.test.ts');
  const probe = (code: string) => {
    const source = ts.createSourceFile(sample, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    let hits = 0;
    const visit = (node: ts.Node) => {
      if (ts.isRegularExpressionLiteral(node) && INDONESIAN.test(node.text)) hits++;
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && PARSING.has(node.expression.name.text)) {
        if ([node.expression.expression, ...node.arguments].some((n) => ts.isPropertyAccessExpression(n) && n.name.text === 'message')) hits++;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return hits;
  };
  assert.equal(probe("const en = /wajib diisi/.test(issue.message) ? 'required' : '';"), 2);
  assert.equal(probe("const x = error.message.replace(/ \\(.*\\)$/, '');"), 1);
  assert.equal(probe("const digits = /^\\d+$/.test(text);"), 0);
});
