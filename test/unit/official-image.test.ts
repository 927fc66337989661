import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStackError } from '../../src/core/errors.js';
import { officialImage } from '../../src/images/official.js';

test('a component without an official image is a clear error about `images`, not a crash', () => {
  assert.equal(officialImage('prometheus').repository.endsWith('prom/prometheus'), true);
  assert.throws(
    () => officialImage('homegrown'),
    (e: unknown) => isStackError(e) && e.exitCode === 2 && /homegrown has no official image/.test(e.message) && /images: built/.test(e.message) && /\bimages\b.*official/.test(e.message),
  );
});
