import type { Finding } from '@ecr-access/plugin-ecr-access-common';
import { useAuditedSandbox } from '../__testUtils__/auditingBackend';
import { kubernetesRequest } from '../__testUtils__/sandboxWrites';
import { ACCOUNT } from '../__fixtures__/prodCluster';
import {
  BATCH_ROLE,
  KARPENTER_PLACEMENT_SCENARIO,
  KARPENTER_ROLE,
  karpenterPlacementEntities,
} from './__fixtures__/karpenterPlacementScenario';

jest.setTimeout(120_000);

// The node role that pulls is the role of the node the pod lands on (review7 #5), end to end
// over HTTP: the sandbox's Nodes (labels, taints, providerID), EKS's node groups, EC2's
// instances and IAM's instance profiles, read by the real collectors in the plugin's
// scheduled start-up audit, classified, stored and served. No node role in config: configured
// roles have no placement and would count for every pod.
const KARPENTER_ARN = `arn:aws:iam::${ACCOUNT}:role/${KARPENTER_ROLE}`;

describe('pods pinned to Karpenter NodePools, over HTTP', () => {
  const audited = useAuditedSandbox({
    scenario: KARPENTER_PLACEMENT_SCENARIO,
    entities: karpenterPlacementEntities(),
    appConfig: { clusterFacts: () => ({ nodeRoleArns: [] }) },
  });

  async function status(name: string) {
    const res = await audited.plugin.get(
      `/entities/component/default/${name}/status`,
    );
    expect(res.status).toBe(200);
    return res.body as { health: string; summary: string; findings: Finding[] };
  }

  it('serves the inference pool’s node with its label and taint', async () => {
    const nodes = await kubernetesRequest(
      audited.sandbox,
      'prod',
      'GET',
      '/api/v1/nodes?labelSelector=karpenter.sh%2Fnodepool%3Dinference',
    );
    expect(nodes.items).toHaveLength(1);
    expect(nodes.items[0].spec.taints).toEqual([
      { key: 'nvidia.com/gpu', effect: 'NoSchedule' },
    ]);
  });

  it('judges a pod placed nowhere in particular by the nodes it may run on: ok', async () => {
    // The tainted Karpenter node's role cannot pull, but web does not tolerate its taint.
    const web = await status('web');
    expect(web.health).toBe('ok');
    expect(web.findings).toEqual([]);
  });

  it('is unknown, never ok, for a pod pinned to a NodePool with no node yet', async () => {
    const smoke = await status('gpu-smoke');
    expect(smoke.health).toBe('unknown');
    expect(smoke.findings).toEqual([
      expect.objectContaining({
        code: 'IAM_FACTS_MISSING',
        severity: 'unknown',
        subject: 'cluster prod',
        message: expect.stringContaining(
          'no node or managed node group of prod matches nodeSelector intent=gpu, karpenter.k8s.aws/instance-gpu-name=t4 and has no taint the pod does not tolerate: the role of the nodes it will run on is not known (Karpenter launches them from an EC2NodeClass)',
        ),
      }),
    ]);
    const healthy = await audited.plugin.get('/audit?health=ok');
    expect(healthy.status).toBe(200);
    const refs = healthy.body.items.map(
      (i: { entityRef: string }) => i.entityRef,
    );
    expect(refs).toEqual(['component:default/web']);
  });

  it('is an error for a pod pinned to a NodePool whose node’s role cannot pull', async () => {
    const inference = await status('inference');
    expect(inference.health).toBe('error');
    expect(inference.findings).toContainEqual(
      expect.objectContaining({
        code: 'ROLE_LACKS_ECR_PULL',
        severity: 'error',
        message: expect.stringContaining(KARPENTER_ARN),
      }),
    );
    expect(JSON.stringify(inference.findings)).not.toContain(
      'eks-node-pullonly',
    );
  });

  it('judges a pod pinned to a tainted node group scaled to zero by its role: error', async () => {
    const nightly = await status('nightly');
    expect(nightly.health).toBe('error');
    expect(nightly.findings).toContainEqual(
      expect.objectContaining({
        code: 'ROLE_LACKS_ECR_PULL',
        severity: 'error',
        message: expect.stringContaining(`role/${BATCH_ROLE}`),
      }),
    );
  });
});
