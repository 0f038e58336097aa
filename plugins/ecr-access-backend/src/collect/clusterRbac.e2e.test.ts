import {
  classifyCluster,
  ClusterConfig,
} from '@ecr-access/plugin-ecr-access-node';
import type { Sandbox } from '@ecr-access/sandbox';
import { DEMO_SCENARIO, useSandbox } from '@ecr-access/test-utils';
import { collectCluster } from './collectCluster';
import { createKubernetesGet } from './kubernetesClient';

/*
 * Cluster-wide RBAC that cannot be read (issue #14, "unknown is not healthy"): a refresher may
 * be allowed to write a pull secret through a ClusterRole (a RoleBinding to it, or a
 * ClusterRoleBinding as k8s-ecr-login-renew's), so a secret without a refresher found is then
 * unknown, not static; one whose refresher the namespaced Roles show stays rotating.
 */
describe('cluster RBAC forbidden, over the sandbox', () => {
  let sandbox: Sandbox;

  useSandbox({
    scenario: DEMO_SCENARIO,
    async started(running) {
      sandbox = running;
      await sandbox.setFaults([
        {
          api: 'kubernetes',
          cluster: 'prod-use1',
          operation: 'list:clusterrolebindings',
          error: { status: 403, code: 'Forbidden' },
        },
      ]);
    },
  });

  it('marks the kind unreadable and leaves secrets without a refresher unknown', async () => {
    const c = sandbox.clusters.find(x => x.name === 'prod-use1')!;
    const config: ClusterConfig = {
      name: c.name,
      accountId: c.account,
      region: c.region,
      oidcIssuer: c.oidcIssuer,
      imagePullAuth: c.imagePullAuth,
    };
    const { snapshot } = await collectCluster(
      config,
      createKubernetesGet({ name: c.name, url: c.url, token: c.token }),
    );
    expect(snapshot.forbidden).toEqual({ clusterRoleBindings: true });
    const statuses = classifyCluster(snapshot, {}, new Date());
    const of = (name: string) => statuses.find(s => s.name === name)!;
    // legacy-billing's secret has no refresher in its namespace: what a ClusterRole might
    // allow is unknown.
    expect(of('legacy-billing').pullAuth).toBe('unknown');
    expect(of('legacy-billing').findings.map(f => f.code)).toContain(
      'OBJECTS_NOT_READABLE',
    );
    // orders-worker's CronJob refresher is found through its namespace's Role.
    expect(of('orders-worker').pullAuth).toBe('rotating-secret');
  });
});
