import type {
  ClusterPullSetup,
  Finding,
} from '@ecr-access/plugin-ecr-access-common';
import type { FaultRule, ScenarioInput } from '@ecr-access/sandbox';
import { useAuditedSandbox } from '../__testUtils__/auditingBackend';
import {
  ACCOUNT,
  INSTANCE_PROFILES_SCENARIO,
  instanceProfilesEntities,
  PROFILE,
} from './__fixtures__/instanceProfilesScenario';
import { INSTANCE_WITHOUT_PROFILE_SCENARIO } from './__fixtures__/instanceWithoutProfileScenario';

jest.setTimeout(120_000);

// Nodes in no managed node group (#20), end to end over HTTP: the sandbox's Nodes (their
// providerID), EC2 DescribeInstances and IAM GetInstanceProfile, read by the real collectors
// in the plugin's scheduled audit, classified, stored and served.
const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const KARPENTER = arn('eks-node-karpenter-mixed');

type Plugin = ReturnType<typeof useAuditedSandbox>['plugin'];

/**
 * A sandbox of `scenario` with `faults` from start-up, audited once by the plugin as
 * installed, with no node role in config (node groups and instance profiles alone); read
 * `plugin` and `sandbox` in the tests.
 */
function auditedWithFaults(
  faults: FaultRule[],
  scenario: ScenarioInput = INSTANCE_PROFILES_SCENARIO,
) {
  return useAuditedSandbox({
    scenario,
    entities: instanceProfilesEntities(),
    before: async sandbox => {
      if (faults.length) await sandbox.setFaults(faults);
    },
    appConfig: { clusterFacts: () => ({ nodeRoleArns: [] }) },
  });
}

async function web(plugin: Plugin) {
  const res = await plugin.get('/entities/component/default/web/status');
  expect(res.status).toBe(200);
  return res.body as { health: string; findings: Finding[] };
}

async function pullSetup(plugin: Plugin): Promise<ClusterPullSetup> {
  const res = await plugin.get('/audit/clusters');
  expect(res.status).toBe(200);
  return res.body.items.find((i: { cluster: string }) => i.cluster === 'mixed')
    .pullSetup;
}

describe('node roles from instance profiles, over HTTP', () => {
  const audited = auditedWithFaults([]);

  it('finds the Karpenter nodes’ role through their instance profile, and the node group’s through EKS only', async () => {
    const setup = await pullSetup(audited.plugin);
    expect(setup.nodeRolesUnknown).toBeUndefined();
    const sources = Object.fromEntries(
      setup.nodeRoles.map(r => [r.arn, r.sources]),
    );
    // The managed nodes' instances have an EKS profile too: had they been described, the
    // node group's role would also list an `instance profile eks-…` source.
    expect(sources).toEqual({
      [arn('eks-node-pullonly')]: ['node group default'],
      [KARPENTER]: [
        expect.stringMatching(
          new RegExp(
            `^instance profile ${PROFILE} \\(2 nodes: ip-.*, ip-.*\\)$`,
          ),
        ),
      ],
    });
  });

  it('says pods scheduled on the Karpenter nodes cannot pull', async () => {
    const status = await web(audited.plugin);
    expect(status.health).toBe('warning');
    expect(status.findings).toContainEqual(
      expect.objectContaining({
        code: 'ROLE_LACKS_ECR_PULL',
        severity: 'warning',
        subject: `IAM role ${KARPENTER}`,
        message: expect.stringContaining(
          `(instance profile ${PROFILE} (2 nodes: `,
        ),
      }),
    );
  });

  it('describes the instances in one call and each distinct profile once, on a refresh too', async () => {
    audited.sandbox.resetRequestCounts();
    const refreshed = await audited.plugin
      .post('/entities/component/default/web/refresh')
      .expect(200);
    expect(refreshed.body.health).toBe('warning');
    const counts = audited.sandbox.requestCounts();
    const sum = (suffix: string) =>
      Object.entries(counts)
        .filter(([k]) => k.endsWith(suffix))
        .reduce((n, [, v]) => n + v, 0);
    expect(sum('/DescribeInstances')).toBe(1);
    expect(sum('/GetInstanceProfile')).toBe(1);
  });
});

describe('instance profiles that cannot be read, over HTTP', () => {
  const audited = auditedWithFaults([
    {
      api: 'ec2',
      operation: 'DescribeInstances',
      error: {
        status: 403,
        code: 'UnauthorizedOperation',
        message: 'You are not authorized to perform this operation.',
      },
    },
  ]);

  it('says the Karpenter nodes’ role is unknown, with why, never fine', async () => {
    const setup = await pullSetup(audited.plugin);
    expect(setup.nodeRoles.map(r => r.arn)).toEqual([arn('eks-node-pullonly')]);
    expect(setup.nodeRolesUnknown).toMatch(
      /^the instance profiles of 2 nodes: ip-.*, ip-.* \(in no managed node group\) of mixed could not be read \(ec2:DescribeInstances: UnauthorizedOperation: You are not authorized/,
    );
    const status = await web(audited.plugin);
    expect(status.health).toBe('unknown');
    expect(status.findings).toContainEqual(
      expect.objectContaining({
        code: 'OBJECTS_NOT_READABLE',
        subject: 'cluster mixed',
        message: expect.stringContaining('UnauthorizedOperation'),
      }),
    );
    const runs = await audited.plugin.get('/audit/runs');
    expect(JSON.stringify(runs.body)).toContain(
      'ec2:DescribeInstances: UnauthorizedOperation',
    );
  });
});

describe('Nodes that cannot be listed on a node-role cluster, over HTTP', () => {
  const audited = auditedWithFaults([
    {
      api: 'kubernetes',
      cluster: 'mixed',
      operation: 'list:nodes',
      error: { status: 403, code: 'Forbidden' },
    },
  ]);

  // Without the Nodes list the Karpenter nodes are unseen; the node group's role alone can
  // pull, but pods may land on the Karpenter nodes, whose role cannot.
  it('says the roles beyond the node groups are unknown, never fine', async () => {
    const setup = await pullSetup(audited.plugin);
    expect(setup.nodeRoles.map(r => r.arn)).toEqual([arn('eks-node-pullonly')]);
    expect(setup.nodeRolesUnknown).toBe(
      'the Nodes of mixed could not be listed, so the roles of its nodes in no managed node group (self-managed, Karpenter) are unknown, and no nodeRoleArns are configured',
    );
    const status = await web(audited.plugin);
    expect(status.health).toBe('unknown');
    expect(status.findings).toContainEqual(
      expect.objectContaining({
        code: 'OBJECTS_NOT_READABLE',
        subject: 'cluster mixed',
        message: expect.stringContaining(
          'the Nodes of mixed could not be listed',
        ),
      }),
    );
  });
});

describe('a node whose instance has no instance profile, over HTTP', () => {
  // Every role that can be read pulls web's image; the bare node's kubelet has none, and
  // web's pods may land on it: the pull is unknown, never fine.
  const audited = auditedWithFaults([], INSTANCE_WITHOUT_PROFILE_SCENARIO);
  const NO_PROFILE =
    'ec2:DescribeInstances returned no instance profile for their instances';

  it('says the node roles are unknown, naming the node and why', async () => {
    const setup = await pullSetup(audited.plugin);
    expect(setup.nodeRoles.map(r => r.arn)).toEqual([arn('eks-node-pullonly')]);
    expect(setup.nodeRolesUnknown).toMatch(
      new RegExp(
        `^the instance profiles of node ip-10-128-0-12\\.ec2\\.internal \\(in no managed node group\\) of mixed could not be read \\(${NO_PROFILE}\\)$`,
      ),
    );
  });

  it('serves the entity that relies on node-role pulls as unknown with the reason, never ok', async () => {
    const status = await web(audited.plugin);
    expect(status.health).toBe('unknown');
    expect(status.findings).toContainEqual(
      expect.objectContaining({
        code: 'OBJECTS_NOT_READABLE',
        subject: 'cluster mixed',
        message: expect.stringContaining(NO_PROFILE),
      }),
    );
    const runs = await audited.plugin.get('/audit/runs');
    expect(runs.body.items[0].errors).toContainEqual(
      expect.objectContaining({ cluster: 'mixed', message: NO_PROFILE }),
    );
  });
});
