import type { Sandbox } from '@ecr-access/sandbox';

/** The AWS secret access key the tests configure: it must never be repeated anywhere. */
export const AWS_SECRET_ACCESS_KEY = 'sandbox-aws-secret-access-key-0000';

/**
 * What must never leave: the sandbox's canary (inside every Secret's data, so every
 * `.dockerconfigjson`, and every refresher CronJob's credentials), each cluster's bearer token,
 * and the configured AWS secret key.
 */
export function secretsOf(sandbox: Sandbox): string[] {
  return [
    sandbox.canary,
    ...sandbox.clusters.map(c => c.token),
    AWS_SECRET_ACCESS_KEY,
  ];
}

// Pull-secret content is base64 of JSON holding base64 of the token: a leak may be encoded
// once or twice, so runs that look like base64 are decoded and searched as well.
const BASE64_RUN = /[A-Za-z0-9+/]{16,}={0,2}/g;

function found(text: string, secrets: string[], depth = 0): string[] {
  const hits = secrets.filter(secret => text.includes(secret));
  if (depth >= 3) return hits;
  for (const run of text.match(BASE64_RUN) ?? []) {
    const decoded = Buffer.from(run, 'base64').toString('utf8');
    hits.push(...found(decoded, secrets, depth + 1));
  }
  return [...new Set(hits)];
}

/** JSON that keeps what an Error says (JSON.stringify turns it into `{}`). */
export function serialize(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v instanceof Error
      ? { name: v.name, message: v.message, stack: v.stack, cause: v.cause }
      : v,
  );
}

/** Fails, naming where, if any secret of the sandbox appears in what was said. */
export function expectNoSecrets(
  sandbox: Sandbox,
  said: Record<string, unknown>,
): void {
  const secrets = secretsOf(sandbox);
  const leaks = Object.entries(said).flatMap(([where, value]) =>
    found(serialize(value), secrets).map(
      secret =>
        `${where} holds ${
          secret === sandbox.canary ? 'the sandbox canary' : 'a credential'
        }`,
    ),
  );
  expect(leaks).toEqual([]);
}

/** Everything a test's actions said: outputs, log lines, checkpoint values, audit events. */
const spoken: Array<{ where: string; value: unknown }> = [];

/** Records something an action said, for {@link expectNothingSecretSaid}. */
export function recordSaid(where: string, value: unknown): void {
  spoken.push({ where, value });
}

/**
 * Checks everything the actions of this test said (every context made by `mockContext` and
 * every `fakeAuditor`) and starts afresh; call it from `afterEach` of every e2e test.
 */
export function expectNothingSecretSaid(
  sandbox: Sandbox,
  options: { atLeast?: number } = {},
): number {
  const said = spoken.splice(0);
  // A check of nothing passes vacuously: a test whose actions must have spoken says so.
  expect(said.length).toBeGreaterThanOrEqual(options.atLeast ?? 0);
  expectNoSecrets(
    sandbox,
    Object.fromEntries(
      said.map(({ where, value }, i) => [`${where}#${i}`, value]),
    ),
  );
  return said.length;
}
