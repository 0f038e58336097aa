import {
  describePlacement,
  mayRunOn,
  nodeTarget,
  PlacementTarget,
  podPlacement,
} from './placement';

// Kubernetes "Assigning Pods to Nodes" and "Taints and Tolerations", as the scheduler reads
// a pod spec: nodeSelector, required node affinity (terms ORed, expressions ANDed) and
// tolerations of NoSchedule and NoExecute taints.

const gpuNode = nodeTarget({
  metadata: {
    name: 'ip-10-0-9-20.ec2.internal',
    labels: {
      'karpenter.sh/nodepool': 'gpu',
      'karpenter.k8s.aws/instance-gpu-count': '4',
      'kubernetes.io/arch': 'amd64',
    },
  },
  spec: {
    taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
  },
});

const required = (...terms: object[][]) => ({
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: terms.map(matchExpressions => ({
          matchExpressions,
        })),
      },
    },
  },
  tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }],
});

const runs = (target: PlacementTarget, spec: Record<string, unknown>) =>
  mayRunOn(target, podPlacement(spec));

describe('where a pod may run', () => {
  it('needs every nodeSelector label and a toleration of each NoSchedule taint', () => {
    const selector = { nodeSelector: { 'karpenter.sh/nodepool': 'gpu' } };
    expect(runs(gpuNode, selector)).toBe(false);
    const tolerated = {
      ...selector,
      tolerations: [
        { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      ],
    };
    expect(runs(gpuNode, tolerated)).toBe(true);
    expect(
      runs(gpuNode, {
        ...tolerated,
        nodeSelector: { 'karpenter.sh/nodepool': 'general' },
      }),
    ).toBe(false);
    // Equal needs the value; another effect does not tolerate NoSchedule.
    expect(
      runs(gpuNode, {
        tolerations: [{ key: 'nvidia.com/gpu', value: 'false' }],
      }),
    ).toBe(false);
    expect(
      runs(gpuNode, {
        tolerations: [
          { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoExecute' },
        ],
      }),
    ).toBe(false);
  });

  it('reads In, NotIn, Exists, DoesNotExist, Gt and Lt', () => {
    const one = (e: object) => runs(gpuNode, required([e]));
    const key = 'karpenter.sh/nodepool';
    expect(one({ key, operator: 'In', values: ['gpu', 'x'] })).toBe(true);
    expect(one({ key, operator: 'In', values: ['x'] })).toBe(false);
    expect(one({ key, operator: 'NotIn', values: ['gpu'] })).toBe(false);
    expect(one({ key: 'absent', operator: 'NotIn', values: ['a'] })).toBe(true);
    expect(one({ key, operator: 'Exists' })).toBe(true);
    expect(one({ key, operator: 'DoesNotExist' })).toBe(false);
    expect(one({ key: 'absent', operator: 'DoesNotExist' })).toBe(true);
    const gpus = 'karpenter.k8s.aws/instance-gpu-count';
    expect(one({ key: gpus, operator: 'Gt', values: ['3'] })).toBe(true);
    expect(one({ key: gpus, operator: 'Gt', values: ['4'] })).toBe(false);
    expect(one({ key: gpus, operator: 'Lt', values: ['5'] })).toBe(true);
    expect(one({ key, operator: 'Gt', values: ['1'] })).toBe(false);
  });

  it('ORs the terms and ANDs the expressions of a term; an empty term selects nothing', () => {
    const gpu = {
      key: 'karpenter.sh/nodepool',
      operator: 'In',
      values: ['gpu'],
    };
    const arm = {
      key: 'kubernetes.io/arch',
      operator: 'In',
      values: ['arm64'],
    };
    expect(runs(gpuNode, required([gpu, arm]))).toBe(false);
    expect(runs(gpuNode, required([arm], [gpu]))).toBe(true);
    expect(runs(gpuNode, required([]))).toBe(false);
  });

  it('ignores PreferNoSchedule and the taints of a node’s condition, and reads EKS’s spelling', () => {
    const node = (taint: object) =>
      nodeTarget({ metadata: { name: 'n' }, spec: { taints: [taint] } });
    expect(runs(node({ key: 'a', effect: 'PreferNoSchedule' }), {})).toBe(true);
    expect(
      runs(
        node({ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }),
        {},
      ),
    ).toBe(true);
    expect(
      runs(node({ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }), {}),
    ).toBe(true);
    expect(runs(node({ key: 'dedicated', effect: 'NO_EXECUTE' }), {})).toBe(
      false,
    );
    expect(
      runs(node({ key: 'dedicated', effect: 'NO_EXECUTE' }), {
        tolerations: [
          { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' },
        ],
      }),
    ).toBe(true);
  });

  it('lets a template’s unknown labels and name match, never its known ones', () => {
    const template: PlacementTarget = {
      labels: { 'eks.amazonaws.com/nodegroup': 'batch' },
      taints: [],
      unknownLabel: key => key.startsWith('topology.kubernetes.io/'),
    };
    expect(
      runs(template, {
        nodeSelector: { 'topology.kubernetes.io/zone': 'us-east-1a' },
      }),
    ).toBe(true);
    expect(
      runs(template, {
        nodeSelector: { 'eks.amazonaws.com/nodegroup': 'web' },
      }),
    ).toBe(false);
    const byName = {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchFields: [
                  { key: 'metadata.name', operator: 'In', values: ['ip-1'] },
                ],
              },
            ],
          },
        },
      },
    };
    expect(runs(template, byName)).toBe(true);
    expect(runs(gpuNode, byName)).toBe(false);
  });

  it('keys a placement by its shape and names it for a finding', () => {
    const a = podPlacement({
      nodeSelector: { 'karpenter.sh/nodepool': 'gpu' },
      containers: [{ image: 'a' }],
    });
    const b = podPlacement({
      nodeSelector: { 'karpenter.sh/nodepool': 'gpu' },
      containers: [{ image: 'b' }],
    });
    expect(a.key).toBe(b.key);
    expect(describePlacement(a)).toBe(
      'matches nodeSelector karpenter.sh/nodepool=gpu and has no taint the pod does not tolerate',
    );
    expect(
      describePlacement(
        podPlacement(
          required([
            {
              key: 'karpenter.sh/nodepool',
              operator: 'NotIn',
              values: ['gpu', 'x'],
            },
          ]),
        ),
      ),
    ).toBe(
      'matches required node affinity [karpenter.sh/nodepool NotIn (gpu, x)] and has no taint the pod does not tolerate',
    );
  });
});
