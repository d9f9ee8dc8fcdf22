import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { SupervisorError } from '../errors.ts';
import { CHATML_TEMPLATE, modelfile } from './modelfile.ts';
import { ensureOllamaBinary } from './ollama-binary.ts';
import { SMOLLM2, verifySha256 } from './smollm2-model.ts';

const directory = mkdtempSync(path.join(os.tmpdir(), 'timmy-ollama-provisioning-'));
after(() => rmSync(directory, { recursive: true, force: true }));

describe('Ollama provisioning', () => {
  test('the Modelfile imports the GGUF with a ChatML template, the end-of-turn stop and deterministic sampling', () => {
    const text = modelfile({ gguf: '/cache/smollm2/model.gguf', threads: 1 });
    assert.equal(text.split('\n')[0], 'FROM /cache/smollm2/model.gguf');
    assert.ok(text.includes(`TEMPLATE """${CHATML_TEMPLATE}"""`));
    for (const line of [
      'PARAMETER stop "<|im_end|>"',
      'PARAMETER temperature 0',
      'PARAMETER num_ctx 2048',
      'PARAMETER num_thread 1',
    ]) {
      assert.ok(text.includes(line), line);
    }
    assert.doesNotMatch(modelfile({ gguf: '/m.gguf' }), /num_thread/);
  });

  test('the ChatML template renders every message between im_start and im_end and opens the reply', () => {
    assert.match(CHATML_TEMPLATE, /range \.Messages/);
    assert.match(CHATML_TEMPLATE, /<\|im_start\|>\{\{ \.Role \}\}\n\{\{ \.Content \}\}<\|im_end\|>/);
    assert.ok(CHATML_TEMPLATE.endsWith('<|im_start|>assistant\n'));
  });

  test('refuses a model path the Modelfile cannot hold', () => {
    assert.throws(() => modelfile({ gguf: '/my models/m.gguf' }), { code: 'SUPERVISOR_ERR_BAD_CONFIG' });
  });

  test('a model file whose digest differs from the pin fails with a clear error naming the fix', async () => {
    const file = path.join(directory, SMOLLM2.file);
    writeFileSync(file, 'not the model');
    const actual = createHash('sha256').update('not the model').digest('hex');
    await assert.rejects(verifySha256(file, SMOLLM2.sha256, directory), (error: unknown) => {
      assert.ok(error instanceof SupervisorError);
      assert.equal(error.code, 'SUPERVISOR_ERR_CHECKSUM_MISMATCH');
      assert.match(error.message, new RegExp(`has sha256 ${actual}, expected ${SMOLLM2.sha256}`));
      assert.match(error.fix ?? '', new RegExp(`remove ${directory}`));
      return true;
    });
    assert.equal(await verifySha256(file, actual, directory), actual);
  });

  test('TIMMY_OLLAMA names an existing binary instead of building one, and must exist', async () => {
    const binary = path.join(directory, 'ollama');
    writeFileSync(binary, '');
    assert.equal(await ensureOllamaBinary(() => {}, { TIMMY_OLLAMA: binary }), binary);
    await assert.rejects(
      ensureOllamaBinary(() => {}, { TIMMY_OLLAMA: path.join(directory, 'missing') }),
      {
        code: 'SUPERVISOR_ERR_TOOL_MISSING',
      },
    );
  });
});
