import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BundleError, ClosureError, InvalidArgumentError } from '@kindling/common';
import { CommanderError } from 'commander';
import { EntryNotFoundError } from '../bundle/index.js';
import { errorDetail, errorLine, exitCodeFor } from './error-report.js';
import { UsageError } from './usage-error.js';

void describe('exitCodeFor', () => {
  void it('gives 2 for command-line mistakes and 1 for job failures', () => {
    assert.equal(exitCodeFor(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'")), 2);
    assert.equal(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)')), 0);
    assert.equal(exitCodeFor(new UsageError('bad flag')), 2);
    assert.equal(exitCodeFor(new EntryNotFoundError('Entry file x.ts does not exist')), 2);
    // The same classes thrown by the job itself are job failures.
    assert.equal(exitCodeFor(new InvalidArgumentError('parallelize: numSlices must be a positive integer')), 1);
    assert.equal(exitCodeFor(new BundleError('default export')), 1);
    assert.equal(exitCodeFor(new ClosureError('map: …', 'x')), 1);
    assert.equal(exitCodeFor(new Error('boom')), 1);
    assert.equal(exitCodeFor('a string'), 1);
  });
});

void describe('errorLine', () => {
  void it('is one line prefixed with kindling:, without commander’s error: prefix', () => {
    assert.equal(errorLine(new CommanderError(1, 'x', "error: unknown option '--mastr'\n(Did you mean --master?)")), "kindling: unknown option '--mastr' (Did you mean --master?)");
    assert.equal(errorLine(new Error('first\n  second')), 'kindling: first second');
    assert.equal(errorLine(42), 'kindling: 42');
  });

  void it('details the stack and the causes for --verbose', () => {
    const detail = errorDetail(new BundleError('outer', { cause: new Error('inner') }));
    assert.match(detail, /^BundleError: outer\n\s+at /);
    assert.match(detail, /Caused by: Error: inner/);
  });
});
