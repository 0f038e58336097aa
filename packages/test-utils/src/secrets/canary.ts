import type { Sandbox } from '@ecr-access/sandbox';
import { formsIn, secretForms } from './secretForms';

/**
 * Asserts that none of `outputs` (response bodies, log lines, database rows, anything
 * JSON-serialisable) holds the sandbox's canary or the pull-secret token and
 * `.dockerconfigjson` built around it: secrets never leave the backend.
 */
export function expectNoCanary(
  sandbox: Pick<Sandbox, 'canary'>,
  ...outputs: unknown[]
): void {
  const forms = secretForms(sandbox.canary);
  const leaks = outputs.flatMap((output, index) =>
    formsIn(output, forms).map(name => `output ${index}: ${name}`),
  );
  expect(leaks).toEqual([]);
}
