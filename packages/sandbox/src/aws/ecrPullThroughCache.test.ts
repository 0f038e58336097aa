import {
  DescribePullThroughCacheRulesCommand,
  GetRegistryPolicyCommand,
  InvalidParameterException,
  PullThroughCacheRuleNotFoundException,
  RegistryPolicyNotFoundException,
} from '@aws-sdk/client-ecr';
import { awsClients } from '../__testUtils__/awsClients';
import { ScenarioInput } from '../scenario/schema';
import { Sandbox, startSandbox } from '../startSandbox';

// The rules as AWS's docs create them (ECR User Guide, "Creating a pull through cache rule"):
// Docker Hub needs a Secrets Manager secret named ecr-pullthroughcache/…, ECR Public none.
const DOCKER_HUB_SECRET =
  'arn:aws:secretsmanager:us-east-1:111122223333:secret:ecr-pullthroughcache/docker-hub-AbCdEf';

const scenario: ScenarioInput = {
  name: 'pull-through-cache',
  accounts: [
    {
      id: '111122223333',
      credentials: [{ accessKeyId: 'AKIASANDBOXPLATFORM1' }],
      pullThroughCacheRules: [
        {
          ecrRepositoryPrefix: 'ecr-public',
          region: 'us-east-1',
          upstreamRegistryUrl: 'public.ecr.aws',
          upstreamRegistry: 'ecr-public',
        },
        {
          ecrRepositoryPrefix: 'docker-hub',
          region: 'us-east-1',
          upstreamRegistryUrl: 'registry-1.docker.io',
          upstreamRegistry: 'docker-hub',
          credentialArn: DOCKER_HUB_SECRET,
        },
        {
          ecrRepositoryPrefix: 'quay',
          region: 'eu-west-1',
          upstreamRegistryUrl: 'quay.io',
        },
      ],
      registryPolicies: [
        {
          region: 'us-east-1',
          policy: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'PullThroughCache',
                Effect: 'Allow',
                Principal: { AWS: 'arn:aws:iam::111122223333:role/eks-node' },
                Action: [
                  'ecr:CreateRepository',
                  'ecr:BatchImportUpstreamImage',
                ],
                Resource:
                  'arn:aws:ecr:us-east-1:111122223333:repository/docker-hub/*',
              },
            ],
          },
        },
      ],
    },
  ],
};

describe('ECR DescribePullThroughCacheRules through the AWS SDK', () => {
  let sandbox: Sandbox;
  let ecr: ReturnType<typeof awsClients>['ecr'];

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario });
    ecr = awsClients(sandbox).ecr;
  });
  afterAll(() => sandbox.stop());

  it("answers the region's rules in the API's shape", async () => {
    const answer = await ecr.send(new DescribePullThroughCacheRulesCommand({}));
    expect(answer.nextToken).toBeUndefined();
    expect(answer.pullThroughCacheRules).toEqual([
      expect.objectContaining({
        ecrRepositoryPrefix: 'docker-hub',
        upstreamRegistryUrl: 'registry-1.docker.io',
        upstreamRegistry: 'docker-hub',
        credentialArn: DOCKER_HUB_SECRET,
        registryId: '111122223333',
      }),
      expect.objectContaining({
        ecrRepositoryPrefix: 'ecr-public',
        upstreamRegistryUrl: 'public.ecr.aws',
      }),
    ]);
    // Timestamps are epoch seconds on the wire; the SDK reads them as dates.
    expect(answer.pullThroughCacheRules![0].createdAt).toBeInstanceOf(Date);
    const eu = awsClients(sandbox, { region: 'eu-west-1' }).ecr;
    const quay = await eu.send(new DescribePullThroughCacheRulesCommand({}));
    expect(quay.pullThroughCacheRules?.map(r => r.ecrRepositoryPrefix)).toEqual(
      ['quay'],
    );
  });

  it('pages with maxResults and nextToken', async () => {
    const first = await ecr.send(
      new DescribePullThroughCacheRulesCommand({ maxResults: 1 }),
    );
    expect(first.pullThroughCacheRules).toHaveLength(1);
    expect(first.nextToken).toBeDefined();
    const second = await ecr.send(
      new DescribePullThroughCacheRulesCommand({
        maxResults: 1,
        nextToken: first.nextToken,
      }),
    );
    expect(second.pullThroughCacheRules?.[0].ecrRepositoryPrefix).toBe(
      'ecr-public',
    );
    expect(second.nextToken).toBeUndefined();
  });

  it('filters by prefix, and a prefix without a rule is not found', async () => {
    const one = await ecr.send(
      new DescribePullThroughCacheRulesCommand({
        ecrRepositoryPrefixes: ['ecr-public'],
      }),
    );
    expect(one.pullThroughCacheRules).toHaveLength(1);
    await expect(
      ecr.send(
        new DescribePullThroughCacheRulesCommand({
          ecrRepositoryPrefixes: ['ghcr'],
        }),
      ),
    ).rejects.toBeInstanceOf(PullThroughCacheRuleNotFoundException);
    await expect(
      ecr.send(new DescribePullThroughCacheRulesCommand({ maxResults: 0 })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('an empty registry has no rules', async () => {
    const other = await ecr.send(
      new DescribePullThroughCacheRulesCommand({ registryId: '444455556666' }),
    );
    expect(other.pullThroughCacheRules).toEqual([]);
  });

  it("answers the registry permissions policy of the caller's registry, or none", async () => {
    const answer = await ecr.send(new GetRegistryPolicyCommand({}));
    expect(answer.registryId).toBe('111122223333');
    expect(JSON.parse(answer.policyText!).Statement[0].Sid).toBe(
      'PullThroughCache',
    );
    const eu = awsClients(sandbox, { region: 'eu-west-1' }).ecr;
    await expect(
      eu.send(new GetRegistryPolicyCommand({})),
    ).rejects.toBeInstanceOf(RegistryPolicyNotFoundException);
  });

  it('takes injected faults like the other operations', async () => {
    await sandbox.setFaults([
      {
        api: 'ecr',
        operation: 'DescribePullThroughCacheRules',
        error: {
          status: 400,
          code: 'AccessDeniedException',
          message:
            'not authorized to perform: ecr:DescribePullThroughCacheRules',
        },
      },
    ]);
    try {
      const denied = await ecr
        .send(new DescribePullThroughCacheRulesCommand({}))
        .catch(e => e);
      expect(denied.name).toBe('AccessDeniedException');
    } finally {
      await sandbox.setFaults([]);
    }
  });
});
