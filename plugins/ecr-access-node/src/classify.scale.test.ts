import { classifyCluster } from './classify';
import {
  deployment,
  iam,
  NOW,
  regcredCronJob,
  secret,
  secretRole,
  secretRoleBinding,
  serviceAccount,
  snapshot,
} from './__fixtures__/classify.builders';

function inNamespace<T extends { metadata: object }>(
  obj: T,
  namespace: string,
): T {
  return { ...obj, metadata: { ...obj.metadata, namespace } };
}

function withSubjectNamespace<
  T extends { metadata: { namespace: string }; subjects?: object[] },
>(binding: T): T {
  const namespace = binding.metadata.namespace;
  return {
    ...binding,
    subjects: (binding.subjects ?? []).map(s => ({ ...s, namespace })),
  };
}

/**
 * Many namespaces at once: each workload gets its own namespace's pull secret, refresher and
 * ServiceAccount, never a neighbour's. How fast this goes is measured by `yarn bench`
 * (plugins/ecr-access-backend/bench), not asserted here.
 */
describe('classifier across many namespaces', () => {
  it('classifies 600 Deployments with secrets, ServiceAccounts and 60 refreshers', () => {
    const n = 600;
    const namespaces = 60;
    const ns = (i: number) => `ns${i % namespaces}`;
    const deployments = Array.from({ length: n }, (_, i) =>
      deployment({
        name: `w${i}`,
        ns: ns(i),
        sa: `sa${i}`,
        pullSecrets: i % 2 ? ['regcred'] : undefined,
      }),
    );
    const serviceAccounts = Array.from({ length: n }, (_, i) =>
      serviceAccount({ name: `sa${i}`, ns: ns(i) }),
    );
    const secrets = Array.from({ length: namespaces }, (_, i) =>
      secret({ ns: `ns${i}`, writtenHoursAgo: 2 }),
    );
    const cronJobs = Array.from({ length: namespaces }, (_, i) => {
      const cj = regcredCronJob({ lastSuccessHoursAgo: 2 });
      return { ...cj, metadata: { ...cj.metadata, namespace: `ns${i}` } };
    });
    const statuses = classifyCluster(
      snapshot({
        deployments,
        serviceAccounts,
        secrets,
        cronJobs,
        // Each namespace's refresher may write its own regcred (Role + RoleBinding there).
        roles: Array.from({ length: namespaces }, (_, i) =>
          inNamespace(secretRole(), `ns${i}`),
        ),
        roleBindings: Array.from({ length: namespaces }, (_, i) =>
          withSubjectNamespace(inNamespace(secretRoleBinding(), `ns${i}`)),
        ),
      }),
      iam(),
      NOW,
    );
    expect(statuses).toHaveLength(n + namespaces);
    const deploymentAuths = statuses
      .filter(s => s.kind === 'Deployment')
      .map(s => s.pullAuth);
    expect(deploymentAuths.filter(a => a === 'rotating-secret')).toHaveLength(
      n / 2,
    );
    expect(deploymentAuths.filter(a => a === 'node-role')).toHaveLength(n / 2);
  });
});
