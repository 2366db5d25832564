// Every README quote of our code matches the marked region of the source it names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSnippets, markdownFiles } from '../../scripts/snippets.mjs';
import { readFileSync } from 'node:fs';

test('README code quotes match their sources', () => {
  assert.deepEqual(checkSnippets(), []);
});

test('every lab README quotes its code', () => {
  const labReadmes = markdownFiles().filter((p) => /labs\/\d\d-[^/]+\/README\.md$/.test(p));
  assert.ok(labReadmes.length >= 1);
  for (const path of labReadmes) {
    assert.match(readFileSync(path, 'utf8'), /<!-- snippet: /, `${path} quotes no code`);
  }
});
