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
} from './classify.fixtureBuilders';

/**
 * A cluster of thousands of workloads must classify within the default test
 * timeout: lookups go through per-LIST indexes, never a scan per workload.
 */
describe('classifier at cluster scale', () => {
  it('classifies 3,000 Deployments with secrets, ServiceAccounts and 300 refreshers', () => {
    const n = 3000;
    const ns = (i: number) => `ns${i % 300}`;
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
    const secrets = Array.from({ length: 300 }, (_, i) =>
      secret({ ns: `ns${i}`, writtenHoursAgo: 2 }),
    );
    const cronJobs = Array.from({ length: 300 }, (_, i) => {
      const cj = regcredCronJob({ lastSuccessHoursAgo: 2 });
      return { ...cj, metadata: { ...cj.metadata, namespace: `ns${i}` } };
    });
    const statuses = classifyCluster(
      snapshot({
        deployments,
        serviceAccounts,
        secrets,
        cronJobs,
        roles: [secretRole()],
        roleBindings: [secretRoleBinding()],
      }),
      iam(),
      NOW,
    );
    expect(statuses).toHaveLength(n + 300);
    const deploymentAuths = statuses
      .filter(s => s.kind === 'Deployment')
      .map(s => s.pullAuth);
    expect(deploymentAuths.filter(a => a === 'rotating-secret')).toHaveLength(
      n / 2,
    );
    expect(deploymentAuths.filter(a => a === 'node-role')).toHaveLength(n / 2);
  });
});
