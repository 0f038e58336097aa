import {
  DescribeFargateProfileCommand,
  paginateListFargateProfiles,
} from '@aws-sdk/client-eks';
import { parse } from 'yaml';
import { appConfigFor } from '../appConfig';
import { awsClients } from '../__testUtils__/awsClients';
import { fargateProfileFor } from '../scenario/derived';
import { Sandbox, startSandbox } from '../startSandbox';
import {
  ACCOUNT,
  fargateProfilesScenario as scenario,
} from '../__fixtures__/fargateProfilesScenario';

describe('EKS Fargate profiles in the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario });
  });
  afterAll(() => sandbox.stop());

  const eks = () =>
    awsClients(sandbox, { accessKeyId: 'AKIASANDBOXFARGATE01' }).eks;

  it('lists every profile, a page at a time, and describes each as EKS does', async () => {
    const names: string[] = [];
    const pages = paginateListFargateProfiles(
      { client: eks(), pageSize: 2 },
      { clusterName: 'mixed' },
    );
    for await (const page of pages) names.push(...page.fargateProfileNames!);
    expect(names).toEqual(['fp-labelled', 'fp-batch', 'fp-broken']);
    const describe = (fargateProfileName: string) =>
      eks()
        .send(
          new DescribeFargateProfileCommand({
            clusterName: 'mixed',
            fargateProfileName,
          }),
        )
        .then(r => r.fargateProfile);
    expect(await describe('fp-labelled')).toMatchObject({
      podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/fargate-labelled`,
      selectors: [{ namespace: 'fgmix', labels: { compute: 'fargate' } }],
      status: 'ACTIVE',
    });
    expect((await describe('fp-batch'))?.selectors).toEqual([
      { namespace: 'batch-*' },
    ]);
    expect((await describe('fp-broken'))?.status).toBe('CREATE_FAILED');
  });

  it('answers a denied ListFargateProfiles with EKS error code', async () => {
    await sandbox.setFaults([
      {
        api: 'eks',
        operation: 'ListFargateProfiles',
        error: {
          status: 403,
          code: 'AccessDeniedException',
          message: 'not authorized to perform: eks:ListFargateProfiles',
        },
      },
    ]);
    try {
      const error = await eks()
        .send(
          new DescribeFargateProfileCommand({
            clusterName: 'mixed',
            fargateProfileName: 'fp-batch',
          }),
        )
        .then(() => undefined);
      expect(error).toBeUndefined();
      const denied = await paginateListFargateProfiles(
        { client: eks() },
        { clusterName: 'mixed' },
      )
        .next()
        .catch(e => e);
      expect(denied.name).toBe('AccessDeniedException');
      expect(denied.$metadata.httpStatusCode).toBe(403);
    } finally {
      await sandbox.setFaults([]);
    }
  });

  it('writes the ACTIVE profiles into app-config with their labels', () => {
    const config = parse(appConfigFor(sandbox));
    expect(config.ecrAccess.clusters[0].fargate).toEqual({
      selectors: [
        {
          namespace: 'fgmix',
          labels: [{ key: 'compute', value: 'fargate' }],
        },
        { namespace: 'batch-*' },
      ],
      podExecutionRoleArns: [
        `arn:aws:iam::${ACCOUNT}:role/fargate-labelled`,
        `arn:aws:iam::${ACCOUNT}:role/fargate-batch`,
      ],
    });
  });

  it('labels a pod with the ACTIVE profile that matches it, wildcards included', () => {
    const cluster = sandbox.scenario.clusters[0];
    expect(fargateProfileFor(cluster, 'batch-nightly', {})).toBe('fp-batch');
    expect(fargateProfileFor(cluster, 'fgmix', { compute: 'fargate' })).toBe(
      'fp-labelled',
    );
  });
});
