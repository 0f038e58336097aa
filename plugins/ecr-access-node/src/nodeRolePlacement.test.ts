import { classifyCluster } from './classify';
import { NOW } from './__fixtures__/classify.builders';
import {
  BATCH_ROLE,
  GENERAL_ROLE,
  GPU_ROLE,
  GPU_TOLERATION,
  placedIam,
  placedSnapshot,
} from './__fixtures__/placement';
import { clusterNodeRoles } from './nodeRoles';

// The node role that pulls is the role of the node the pod lands on (review7 #5): the roles
// that count are those of the nodes and node groups its nodeSelector, required node affinity
// and tolerations allow, never every role of the cluster.

function classifyWeb(
  placement: Record<string, unknown>,
  opts: Parameters<typeof placedSnapshot>[1] = {},
) {
  const [status] = classifyCluster(
    placedSnapshot(placement, opts),
    placedIam(),
    NOW,
  );
  return status;
}

const onGpuPool = {
  nodeSelector: { 'karpenter.sh/nodepool': 'gpu' },
  tolerations: [GPU_TOLERATION],
};

const affinity = (expressions: object[]) => ({
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: expressions }],
      },
    },
  },
});

describe('node roles where the pod may run', () => {
  it('judges a pod without placement by the untainted nodes’ role only', () => {
    const status = classifyWeb({});
    expect(status.health).toBe('ok');
    expect(status.pullAuth).toBe('node-role');
    expect(status.findings).toEqual([]);
  });

  it('judges a pod pinned to the Karpenter NodePool by its nodes’ role: error', () => {
    const status = classifyWeb(onGpuPool);
    expect(status.health).toBe('error');
    expect(status.findings).toContainEqual(
      expect.objectContaining({
        code: 'ROLE_LACKS_ECR_PULL',
        severity: 'error',
        message: expect.stringContaining(GPU_ROLE),
      }),
    );
    expect(JSON.stringify(status.findings)).not.toContain(GENERAL_ROLE);
  });

  it('is unknown, naming the selector, when no node of the NodePool runs yet', () => {
    const status = classifyWeb(onGpuPool, { gpuNodes: false });
    expect(status.health).toBe('unknown');
    expect(status.findings).toEqual([
      expect.objectContaining({
        code: 'IAM_FACTS_MISSING',
        subject: 'cluster prod-use1',
        message: expect.stringContaining(
          'no node or managed node group of prod-use1 matches nodeSelector karpenter.sh/nodepool=gpu and has no taint the pod does not tolerate: the role of the nodes it will run on is not known (Karpenter launches them from an EC2NodeClass)',
        ),
      }),
    ]);
  });

  it('never places on a managed node group a pod that asks for a label only Karpenter sets', () => {
    // The blueprint's nodeSelector (aws-samples/karpenter-blueprints, nvidia-gpu-workload).
    const status = classifyWeb(
      {
        nodeSelector: { 'karpenter.k8s.aws/instance-gpu-name': 't4' },
        tolerations: [GPU_TOLERATION],
      },
      { gpuNodes: false },
    );
    expect(status.health).toBe('unknown');
    expect(status.findings[0].message).toContain(
      'Karpenter launches them from an EC2NodeClass',
    );
  });

  it('reads required node affinity In as the nodeSelector: error on the pool’s role', () => {
    const status = classifyWeb({
      ...affinity([
        { key: 'karpenter.sh/nodepool', operator: 'In', values: ['gpu'] },
      ]),
      tolerations: [GPU_TOLERATION],
    });
    expect(status.health).toBe('error');
    expect(JSON.stringify(status.findings)).toContain(GPU_ROLE);
  });

  it('reads NotIn as excluding the pool, even with its toleration', () => {
    const status = classifyWeb({
      ...affinity([
        { key: 'karpenter.sh/nodepool', operator: 'NotIn', values: ['gpu'] },
      ]),
      tolerations: [GPU_TOLERATION],
    });
    expect(status.health).toBe('ok');
    expect(status.findings).toEqual([]);
  });

  it('keeps a tainted node group out without a toleration, and in with one (scaled to zero)', () => {
    const selector = { nodeSelector: { workload: 'batch' } };
    const untolerated = classifyWeb(selector);
    expect(untolerated.health).toBe('unknown');
    expect(untolerated.findings[0].message).toContain(
      'matches nodeSelector workload=batch',
    );
    const tolerated = classifyWeb({
      ...selector,
      tolerations: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }],
    });
    expect(tolerated.health).toBe('error');
    expect(JSON.stringify(tolerated.findings)).toContain(BATCH_ROLE);
  });

  it('judges a DaemonSet that tolerates every taint by every role', () => {
    const status = classifyWeb({ tolerations: [{ operator: 'Exists' }] });
    expect(status.health).toBe('warning');
    const lacking = status.findings
      .filter(f => f.code === 'ROLE_LACKS_ECR_PULL')
      .map(f => f.subject)
      .sort();
    expect(lacking).toEqual(
      [`IAM role ${GPU_ROLE}`, `IAM role ${BATCH_ROLE}`].sort(),
    );
  });

  it('counts a configured node role for every pod: it has no placement', () => {
    const status = classifyWeb(onGpuPool, {
      gpuNodes: false,
      nodeRoleArns: [GENERAL_ROLE],
    });
    expect(status.health).toBe('ok');
  });

  it('leaves a pod unknown for unread nodes only where it may run on them', () => {
    const unread = { gpuProfileUnread: true };
    const elsewhere = classifyWeb({}, unread);
    expect(elsewhere.health).toBe('ok');
    expect(elsewhere.findings).toEqual([]);
    const there = classifyWeb(onGpuPool, unread);
    expect(there.health).toBe('unknown');
    expect(there.findings).toEqual([
      expect.objectContaining({
        code: 'OBJECTS_NOT_READABLE',
        message: expect.stringContaining(
          'the instance profiles of node ip-10-0-9-20.ec2.internal (in no managed node group) of prod-use1 could not be read (ec2:DescribeInstances: UnauthorizedOperation)',
        ),
      }),
    ]);
    // Tolerating every taint, it may land there too: the roles it may use are partly unknown.
    const everywhere = classifyWeb(
      { tolerations: [{ operator: 'Exists' }] },
      unread,
    );
    expect(everywhere.health).toBe('unknown');
  });

  it('answers each distinct placement once per cluster', () => {
    const roles = clusterNodeRoles(placedSnapshot({}), placedIam()).placement;
    const first = roles.rolesFor({ nodeSelector: { workload: 'batch' } });
    const again = roles.rolesFor({ nodeSelector: { workload: 'batch' } });
    expect(again.arns).toBe(first.arns);
    expect(roles.rolesFor({}).arns).toEqual([GENERAL_ROLE]);
  });
});
