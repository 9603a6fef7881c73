// Lints the checked-in OpenAPI document with Redocly's recommended rules: no error, no warning.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';

const DOCUMENT = join(__dirname, 'background_tasks.openapi.json');

describe('the OpenAPI document, linted', () => {
  it('breaks no rule of Redocly’s recommended set', async () => {
    const problems = await lintFromString({
      source: readFileSync(DOCUMENT, 'utf8'),
      absoluteRef: DOCUMENT,
      config: await createConfig({ extends: ['recommended'] }),
    });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([]);
  });

  it('would report a document with an operation that declares no responses', async () => {
    const broken = JSON.parse(readFileSync(DOCUMENT, 'utf8'));
    delete broken.paths['/internal/background_tasks/tasks'].get.responses;
    const problems = await lintFromString({
      source: JSON.stringify(broken),
      absoluteRef: DOCUMENT,
      config: await createConfig({ extends: ['recommended'] }),
    });
    expect(problems.some((p) => p.severity === 'error')).toBe(true);
  });
});
