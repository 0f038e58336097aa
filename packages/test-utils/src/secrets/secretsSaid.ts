import type { Sandbox } from '@ecr-access/sandbox';
import { formsIn, secretForms } from './secretForms';

/** The AWS secret access key the tests configure: it must never be repeated anywhere. */
export const AWS_SECRET_ACCESS_KEY = 'sandbox-aws-secret-access-key-0000';

/**
 * What must never leave: the sandbox's canary (inside every Secret's data, so every
 * `.dockerconfigjson`, and every refresher CronJob's credentials), each cluster's bearer token,
 * and the configured AWS secret key.
 */
export function secretsOf(sandbox: Pick<Sandbox, 'canary' | 'clusters'>) {
  return [
    { label: 'the sandbox canary', forms: secretForms(sandbox.canary) },
    ...[...sandbox.clusters.map(c => c.token), AWS_SECRET_ACCESS_KEY].map(
      secret => ({ label: 'a credential', forms: secretForms(secret) }),
    ),
  ];
}

/** Fails, naming where, if any secret of the sandbox appears in what was said. */
export function expectNoSecrets(
  sandbox: Pick<Sandbox, 'canary' | 'clusters'>,
  said: Record<string, unknown>,
): void {
  const secrets = secretsOf(sandbox);
  const leaks = Object.entries(said).flatMap(([where, value]) =>
    secrets
      .filter(secret => formsIn(value, secret.forms).length > 0)
      .map(secret => `${where} holds ${secret.label}`),
  );
  expect([...new Set(leaks)]).toEqual([]);
}

/** Everything a test's code under test said: outputs, log lines, checkpoint values, audit events. */
const spoken: Array<{ where: string; value: unknown }> = [];

/** Records something the code under test said, for {@link expectNothingSecretSaid}. */
export function recordSaid(where: string, value: unknown): void {
  spoken.push({ where, value });
}

/**
 * Checks everything recorded with {@link recordSaid} since the last check and starts afresh;
 * call it from `afterEach` of every e2e test whose code under test talks.
 */
export function expectNothingSecretSaid(
  sandbox: Pick<Sandbox, 'canary' | 'clusters'>,
  options: { atLeast?: number } = {},
): number {
  const said = spoken.splice(0);
  // A check of nothing passes vacuously: a test whose code must have spoken says so.
  expect(said.length).toBeGreaterThanOrEqual(options.atLeast ?? 0);
  expectNoSecrets(
    sandbox,
    Object.fromEntries(
      said.map(({ where, value }, i) => [`${where}#${i}`, value]),
    ),
  );
  return said.length;
}
