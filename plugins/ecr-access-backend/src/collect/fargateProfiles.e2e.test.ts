import type { Finding } from '@ecr-access/plugin-ecr-access-common';
import { useAuditedSandbox } from '../__testUtils__/auditingBackend';
import {
  FARGATE_PROFILES_SCENARIO,
  FARGATE_ROLE,
  fargateProfilesEntities,
} from './__fixtures__/fargateProfilesScenario';

jest.setTimeout(120_000);

// Fargate profiles end to end over HTTP (review7 #6): the sandbox's EKS answers
// ListFargateProfiles and DescribeFargateProfile, the real collector reads them, the engine
// places each workload by the profiles' selectors (namespace, labels, wildcards), and the
// plugin's scheduled audit serves the statuses.

type Audited = ReturnType<typeof useAuditedSandbox>;

async function status(audited: Audited, name: string) {
  const res = await audited.plugin.get(
    `/entities/component/default/${name}/status`,
  );
  expect(res.status).toBe(200);
  return res.body as {
    health: string;
    mechanisms: string[];
    findings: Finding[];
    summary: string;
  };
}

const codes = (findings: Finding[]) => findings.map(f => f.code).sort();

describe('Fargate profiles read from EKS, over HTTP', () => {
  const audited = useAuditedSandbox({
    scenario: FARGATE_PROFILES_SCENARIO,
    entities: fargateProfilesEntities(),
    // The review's config: the pod execution role, no selector. The profiles read win.
    appConfig: {
      clusterFacts: () => ({
        fargate: { podExecutionRoleArns: [FARGATE_ROLE] },
      }),
    },
  });

  it("puts a pod without the profile's labels on EC2, where the node role cannot pull", async () => {
    const unlabelled = await status(audited, 'fg-unlabelled');
    expect(unlabelled.mechanisms).toEqual(['node-role']);
    expect(unlabelled.health).toBe('error');
    expect(codes(unlabelled.findings)).toContain('ROLE_LACKS_ECR_PULL');
  });

  it('puts a pod with the labels on Fargate, pulling with the profile role', async () => {
    const labelled = await status(audited, 'fg-labelled');
    expect(labelled).toMatchObject({
      health: 'ok',
      mechanisms: ['fargate-role'],
      summary: 'Pulls use the Fargate pod execution role',
    });
  });

  it('matches a wildcard namespace selector', async () => {
    const batch = await status(audited, 'batch-report');
    expect(batch).toMatchObject({ health: 'ok', mechanisms: ['fargate-role'] });
  });

  it('reads the profiles once per cluster and audit', async () => {
    audited.sandbox.resetRequestCounts();
    await audited.plugin
      .post('/entities/component/default/fg-labelled/refresh')
      .expect(200);
    const counts = audited.sandbox.requestCounts();
    const eks = (op: string) =>
      Object.entries(counts)
        .filter(([k]) => k.startsWith('eks') && k.endsWith(`/${op}`))
        .reduce((n, [, v]) => n + v, 0);
    expect(eks('ListFargateProfiles')).toBe(1);
    expect(eks('DescribeFargateProfile')).toBe(2);
  });
});

const DENIED = {
  api: 'eks' as const,
  operation: 'ListFargateProfiles',
  error: {
    status: 403,
    code: 'AccessDeniedException',
    message: 'not authorized to perform: eks:ListFargateProfiles',
  },
};

describe('Fargate profiles that cannot be read and no fargate config, over HTTP', () => {
  const audited = useAuditedSandbox({
    scenario: FARGATE_PROFILES_SCENARIO,
    entities: fargateProfilesEntities(),
    before: sandbox => sandbox.setFaults([DENIED]),
    appConfig: { clusterFacts: () => ({ fargate: null }) },
  });

  it('says where each pod pulls from is unknown, never guessed, and records why', async () => {
    for (const name of ['fg-unlabelled', 'fg-labelled', 'batch-report']) {
      const workload = await status(audited, name);
      expect(workload.health).toBe('unknown');
      expect(workload.findings).toContainEqual(
        expect.objectContaining({
          code: 'OBJECTS_NOT_READABLE',
          subject: 'cluster prod',
          message: expect.stringContaining(
            'the Fargate profiles of prod could not be read (eks:ListFargateProfiles: AccessDeniedException',
          ),
        }),
      );
    }
    const runs = await audited.plugin.get('/audit/runs');
    expect(JSON.stringify(runs.body)).toContain(
      'EKS Fargate profiles: eks:ListFargateProfiles: AccessDeniedException',
    );
  });
});

describe('Fargate profiles that cannot be read, with selectors in config, over HTTP', () => {
  // The sandbox's app-config states the ACTIVE profiles' selectors with their labels.
  const audited = useAuditedSandbox({
    scenario: FARGATE_PROFILES_SCENARIO,
    entities: fargateProfilesEntities(),
    before: sandbox => sandbox.setFaults([DENIED]),
  });

  it("places each pod by the configured selectors' namespaces and labels", async () => {
    expect((await status(audited, 'fg-unlabelled')).mechanisms).toEqual([
      'node-role',
    ]);
    expect((await status(audited, 'fg-labelled')).mechanisms).toEqual([
      'fargate-role',
    ]);
    expect((await status(audited, 'batch-report')).mechanisms).toEqual([
      'fargate-role',
    ]);
  });
});

describe('a Fargate profile throttled past the retries, over HTTP', () => {
  // Every DescribeFargateProfile answers ThrottlingException (429): the SDK retries, then
  // gives up. Half the profiles would put the other half's pods on EC2: none is used.
  const audited = useAuditedSandbox({
    scenario: FARGATE_PROFILES_SCENARIO,
    entities: fargateProfilesEntities(),
    before: sandbox =>
      sandbox.setFaults([
        { api: 'eks', operation: 'DescribeFargateProfile', error: 'throttle' },
      ]),
    appConfig: { clusterFacts: () => ({ fargate: null }) },
  });

  it('says the placement is unknown and records which profile could not be read', async () => {
    const labelled = await status(audited, 'fg-labelled');
    expect(labelled.health).toBe('unknown');
    expect(codes(labelled.findings)).toContain('OBJECTS_NOT_READABLE');
    const runs = await audited.plugin.get('/audit/runs');
    expect(JSON.stringify(runs.body)).toMatch(
      /EKS Fargate profiles: eks:DescribeFargateProfile fp-(batch|fgmix): ThrottlingException/,
    );
  });
});
