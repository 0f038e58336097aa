import {
  deploymentWithEnv as deployment,
  refresherCronJob as cronJob,
} from './__fixtures__/envWorkloads';
import { withoutEnvValues } from './envValues';

/** The values of every env entry of the object, at any depth. */
function envValuesOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(envValuesOf);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'env' && Array.isArray(inner)
      ? inner.map(e => e.value).filter(v => v !== undefined)
      : envValuesOf(inner),
  );
}

describe('withoutEnvValues', () => {
  it("drops a CronJob's literal env values and keeps the names and valueFrom references", () => {
    expect(envValuesOf(cronJob)).toHaveLength(2);
    const stripped = withoutEnvValues(cronJob);
    expect(envValuesOf(stripped)).toEqual([]);
    expect(JSON.stringify(stripped)).not.toMatch(/AKIA|wJalr/);
    const env = (stripped as typeof cronJob).spec.jobTemplate.spec.template.spec
      .containers[0].env;
    expect(env.map(e => e.name)).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'DOCKER_SECRET_NAME',
    ]);
    expect(env[2].valueFrom).toEqual(
      cronJob.spec.jobTemplate.spec.template.spec.containers[0].env[2]
        .valueFrom,
    );
  });

  it('drops the values of init containers and containers, and leaves labels named env alone', () => {
    const stripped = withoutEnvValues(deployment) as typeof deployment;
    expect(envValuesOf(stripped)).toEqual([]);
    expect(stripped.metadata.labels).toEqual({ env: 'prod' });
    expect(stripped.spec.template.metadata.labels.env).toBe('prod');
  });

  it('is what the JSON round trip it replaces gave', () => {
    const roundTrip = (workload: unknown) =>
      JSON.parse(JSON.stringify(workload), (key, value) =>
        key === 'env' && Array.isArray(value)
          ? value.map(v =>
              v && typeof v === 'object' ? { ...v, value: undefined } : v,
            )
          : value,
      );
    for (const workload of [cronJob, deployment]) {
      expect(withoutEnvValues(workload)).toEqual(roundTrip(workload));
    }
  });

  it('leaves the listed object as it was (the refresher search reads its env values)', () => {
    const before = JSON.stringify(cronJob);
    withoutEnvValues(cronJob);
    expect(JSON.stringify(cronJob)).toBe(before);
    expect(withoutEnvValues({ spec: { replicas: 1 } })).toEqual({
      spec: { replicas: 1 },
    });
  });
});
