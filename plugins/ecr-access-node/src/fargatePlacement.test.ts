import { classifyCluster } from './classify';
import { selectorMatches } from './fargatePlacement';
import { cluster, NOW } from './__fixtures__/classify.builders';
import {
  EC2_NODE,
  FARGATE_ROLE,
  LABELLED_PROFILE,
  MIXED_IAM,
  mixedCluster,
  OTHER_FARGATE_ROLE,
  podsLabelled,
  profile,
} from './__fixtures__/fargateProfiles';

describe('Fargate selector matching (EKS User Guide, "Fargate profile wildcards")', () => {
  const matches = (
    selector: Parameters<typeof selectorMatches>[0],
    ns: string,
    labels: Record<string, string> = {},
  ) => selectorMatches(selector, ns, labels);

  it('matches the namespace, with * for any run of characters and ? for exactly one', () => {
    expect(matches({ namespace: 'prod*' }, 'prod')).toBe(true);
    expect(matches({ namespace: 'prod*' }, 'prod-metrics')).toBe(true);
    expect(matches({ namespace: '*dev' }, 'team-dev')).toBe(true);
    expect(matches({ namespace: 'value?' }, 'valuea')).toBe(true);
    expect(matches({ namespace: 'value?' }, 'value')).toBe(false);
    expect(matches({ namespace: 'value?' }, 'value-a')).toBe(false);
    expect(matches({ namespace: 'prod' }, 'prod-metrics')).toBe(false);
    // Only * and ?: a regular expression is literal text.
    expect(matches({ namespace: 'prod.+' }, 'prod-a')).toBe(false);
  });

  it('needs every label of the selector on the pod, wildcards in keys and values', () => {
    const selector = { namespace: 'fgmix', labels: { compute: 'fargate' } };
    expect(matches(selector, 'fgmix', { compute: 'fargate', app: 'x' })).toBe(
      true,
    );
    expect(matches(selector, 'fgmix', { app: 'x' })).toBe(false);
    expect(matches(selector, 'fgmix', { compute: 'ec2' })).toBe(false);
    const two = { namespace: 'fgmix', labels: { a: '1', b: '2' } };
    expect(matches(two, 'fgmix', { a: '1' })).toBe(false);
    const wild = { namespace: '*', labels: { 'key?': 'value?' } };
    expect(matches(wild, 'any', { keya: 'valueb' })).toBe(true);
    expect(matches(wild, 'any', { key: 'valueb' })).toBe(false);
  });
});

describe('where a workload pulls on a cluster with Fargate profiles', () => {
  const classify = (over: Parameters<typeof mixedCluster>[0]) =>
    classifyCluster(mixedCluster(over), MIXED_IAM, NOW)[0];

  it("a pod without the profile's labels runs on EC2 and pulls with the node role (review7 #6)", () => {
    const status = classify({
      fargateProfiles: [LABELLED_PROFILE],
      // Config naming the role for all namespaces is overridden by the profiles read.
      cluster: cluster({ fargate: { podExecutionRoleArns: [FARGATE_ROLE] } }),
      deployments: [podsLabelled('fgmix', {})],
    });
    expect(status.pullAuth).toBe('node-role');
    expect(status.health).toBe('error');
    expect(status.findings.map(f => f.code)).toContain('ROLE_LACKS_ECR_PULL');
  });

  it('a pod with the labels runs on Fargate and pulls with the profile role', () => {
    const status = classify({
      fargateProfiles: [LABELLED_PROFILE],
      deployments: [podsLabelled('fgmix', { compute: 'fargate' })],
    });
    expect(status.pullAuth).toBe('fargate-role');
    expect(status.containers[0].pullRoleArn).toBe(FARGATE_ROLE);
    expect(status.health).toBe('ok');
  });

  it('matches wildcard namespaces', () => {
    const profiles = [profile('fp-prod', [{ namespace: 'prod-*' }])];
    const on = classify({
      fargateProfiles: profiles,
      deployments: [podsLabelled('prod-api', {})],
    });
    const off = classify({
      fargateProfiles: profiles,
      deployments: [podsLabelled('production', {})],
    });
    expect([on.pullAuth, off.pullAuth]).toEqual(['fargate-role', 'node-role']);
  });

  it('of several matching profiles uses the first by name, or the one the pod names', () => {
    const profiles = [
      profile('prod-workload', [{ namespace: 'shop' }], OTHER_FARGATE_ROLE),
      profile('beta-workload', [{ namespace: 'shop' }], FARGATE_ROLE),
    ];
    const first = classify({
      fargateProfiles: profiles,
      deployments: [podsLabelled('shop', {})],
    });
    const named = classify({
      fargateProfiles: profiles,
      deployments: [
        podsLabelled('shop', {
          'eks.amazonaws.com/fargate-profile': 'prod-workload',
        }),
      ],
    });
    expect(first.containers[0].pullRoleArn).toBe(FARGATE_ROLE);
    expect(named.containers[0].pullRoleArn).toBe(OTHER_FARGATE_ROLE);
  });

  it('puts no DaemonSet and no pod of another scheduler on Fargate', () => {
    const profiles = [profile('fp-all', [{ namespace: '*' }])];
    const custom = classify({
      fargateProfiles: profiles,
      deployments: [podsLabelled('shop', {}, 'my-scheduler')],
    });
    const fargateScheduler = classify({
      fargateProfiles: profiles,
      deployments: [podsLabelled('shop', {}, 'fargate-scheduler')],
    });
    const daemonSet = classify({
      fargateProfiles: profiles,
      deployments: [],
      daemonSets: [podsLabelled('shop', {})],
    });
    expect(custom.pullAuth).toBe('node-role');
    expect(fargateScheduler.pullAuth).toBe('fargate-role');
    expect(daemonSet.pullAuth).toBe('node-role');
  });

  it('with no profile read and none configured, says unknown where Fargate nodes run', () => {
    const status = classify({
      fargateProfilesUnread: [
        'eks:ListFargateProfiles: AccessDeniedException: not authorized',
      ],
      deployments: [podsLabelled('fgmix', { compute: 'fargate' })],
    });
    expect(status.health).toBe('unknown');
    const finding = status.findings.find(
      f => f.code === 'OBJECTS_NOT_READABLE',
    );
    expect(finding?.message).toContain(
      'the Fargate profiles of prod-use1 could not be read (eks:ListFargateProfiles: AccessDeniedException',
    );
  });

  it('with no profile read and no Fargate node, no pod runs on Fargate', () => {
    const status = classify({
      fargateProfilesUnread: ['eks:ListFargateProfiles: ThrottlingException'],
      nodes: [EC2_NODE],
      deployments: [podsLabelled('fgmix', { compute: 'fargate' })],
    });
    expect(status.pullAuth).toBe('node-role');
    expect(status.findings.map(f => f.code)).not.toContain(
      'OBJECTS_NOT_READABLE',
    );
  });

  it('with no profile read, config selectors decide, labels included', () => {
    const configured = cluster({
      fargate: {
        selectors: [{ namespace: 'fgmix', labels: { compute: 'fargate' } }],
        podExecutionRoleArns: [FARGATE_ROLE],
      },
    });
    const none: Record<string, string> = {};
    const [without, labelled] = [none, { compute: 'fargate' }].map(labels =>
      classify({
        fargateProfilesUnread: ['eks:ListFargateProfiles: AccessDenied'],
        cluster: configured,
        deployments: [podsLabelled('fgmix', labels)],
      }),
    );
    expect([without.pullAuth, labelled.pullAuth]).toEqual([
      'node-role',
      'fargate-role',
    ]);
  });
});
