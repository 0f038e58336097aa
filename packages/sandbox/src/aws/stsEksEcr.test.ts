import {
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  GetRepositoryPolicyCommand,
  RepositoryNotFoundException,
  RepositoryPolicyNotFoundException,
} from '@aws-sdk/client-ecr';
import {
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  ListFargateProfilesCommand,
  DescribePodIdentityAssociationCommand,
  ListPodIdentityAssociationsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  InvalidIdentityTokenException,
  STSClient,
} from '@aws-sdk/client-sts';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { awsClients } from '../__testUtils__/awsClients';
import { smallScenario } from '../__fixtures__/smallScenario';
import { Sandbox, startSandbox } from '../startSandbox';

/** A projected ServiceAccount token: the sandbox reads the claims, not the signature. */
function serviceAccountToken(
  issuer: string,
  namespace: string,
  name: string,
  aud = 'sts.amazonaws.com',
) {
  const encode = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = {
    iss: issuer,
    sub: `system:serviceaccount:${namespace}:${name}`,
    aud: [aud],
    exp: Math.floor(Date.now() / 1000) + 3600,
  };
  return `${encode({ alg: 'RS256', kid: 'sandbox' })}.${encode(
    claims,
  )}.c2lnbmF0dXJl`;
}

describe('STS, EKS and ECR through the AWS SDK', () => {
  let sandbox: Sandbox;
  let clients: ReturnType<typeof awsClients>;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: smallScenario });
    clients = awsClients(sandbox);
  });
  afterAll(() => sandbox.stop());

  it('rejects unknown access keys in strict mode', async () => {
    const strict = await startSandbox({
      scenario: { ...smallScenario, strictCredentials: true },
    });
    try {
      const unknown = awsClients(strict, {
        accessKeyId: 'AKIAUNKNOWNKEY000001',
      });
      const sts = await unknown.sts
        .send(new GetCallerIdentityCommand({}))
        .catch(e => e);
      expect(sts.name).toBe('InvalidClientTokenId');
      const ecr = await unknown.ecr
        .send(new DescribeRepositoriesCommand({}))
        .catch(e => e);
      expect(ecr.name).toBe('UnrecognizedClientException');
      const known = awsClients(strict);
      expect(
        (await known.sts.send(new GetCallerIdentityCommand({}))).Account,
      ).toBe('111122223333');
    } finally {
      await strict.stop();
    }
  });

  it('is found through AWS_ENDPOINT_URL and the default credential chain', async () => {
    const saved = { ...process.env };
    try {
      process.env.AWS_ENDPOINT_URL = sandbox.awsEndpoint;
      process.env.AWS_ACCESS_KEY_ID = 'AKIASANDBOXDATA00001';
      process.env.AWS_SECRET_ACCESS_KEY = 'anything';
      const sts = new STSClient({ region: 'eu-west-1' });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(
        '444455556666',
      );
    } finally {
      process.env = saved;
    }
  });

  it('answers GetCallerIdentity for the scenario credentials', async () => {
    const me = await clients.sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({
      Account: '111122223333',
      Arn: 'arn:aws:iam::111122223333:user/backstage',
    });
  });

  it('assumes a role across accounts, and the session acts in the role account', async () => {
    const data = awsClients(sandbox, { accessKeyId: 'AKIASANDBOXDATA00001' });
    const assumed = await data.sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::111122223333:role/cross-account-reader',
        RoleSessionName: 'backstage',
      }),
    );
    expect(assumed.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::111122223333:assumed-role/cross-account-reader/backstage',
    );
    expect(assumed.Credentials?.Expiration).toBeInstanceOf(Date);
    const session = awsClients(sandbox, {
      accessKeyId: assumed.Credentials!.AccessKeyId,
    });
    expect(
      (await session.sts.send(new GetCallerIdentityCommand({}))).Account,
    ).toBe('111122223333');
    expect(
      (await session.iam.send(new GetRoleCommand({ RoleName: 'eks-node' })))
        .Role?.RoleName,
    ).toBe('eks-node');
    const denied = await clients.sts
      .send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::111122223333:role/cross-account-reader',
          RoleSessionName: 'x',
        }),
      )
      .catch(e => e);
    expect(denied.name).toBe('AccessDenied');
    expect(denied.$metadata.httpStatusCode).toBe(403);
  });

  it('exchanges a ServiceAccount token with AssumeRoleWithWebIdentity as the trust allows', async () => {
    const issuer = sandbox.clusters[0].oidcIssuer;
    const roleArn = 'arn:aws:iam::111122223333:role/irsa/payments-api-pull';
    const ok = await clients.sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: roleArn,
        RoleSessionName: 'pull',
        WebIdentityToken: serviceAccountToken(
          issuer,
          'payments',
          'payments-api',
        ),
      }),
    );
    expect(ok.SubjectFromWebIdentityToken).toBe(
      'system:serviceaccount:payments:payments-api',
    );
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    const wrongNamespace = await clients.sts
      .send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: roleArn,
          RoleSessionName: 'pull',
          WebIdentityToken: serviceAccountToken(
            issuer,
            'other',
            'payments-api',
          ),
        }),
      )
      .catch(e => e);
    expect(wrongNamespace.name).toBe('AccessDenied');
    const unknownIssuer = await clients.sts
      .send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: roleArn,
          RoleSessionName: 'pull',
          WebIdentityToken: serviceAccountToken(
            'https://oidc.example.com/x',
            'payments',
            'payments-api',
          ),
        }),
      )
      .catch(e => e);
    expect(unknownIssuer).toBeInstanceOf(InvalidIdentityTokenException);
  });

  it('describes clusters with their OIDC issuer and pod identity associations', async () => {
    const { cluster } = await clients.eks.send(
      new DescribeClusterCommand({ name: 'prod' }),
    );
    expect(cluster?.identity?.oidc?.issuer).toBe(
      sandbox.clusters[0].oidcIssuer,
    );
    expect(cluster?.endpoint).toBe(sandbox.clusters[0].url);
    expect(cluster?.createdAt).toBeInstanceOf(Date);
    const missing = await clients.eks
      .send(new DescribeClusterCommand({ name: 'nope' }))
      .catch(e => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing.message).toBe('No cluster found for name: nope.');
    // The edge cluster lives in eu-west-1: a us-east-1 client does not see it.
    await expect(
      clients.eks.send(new DescribeClusterCommand({ name: 'edge' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);

    const list = await clients.eks.send(
      new ListPodIdentityAssociationsCommand({
        clusterName: 'prod',
        namespace: 'orders',
      }),
    );
    expect(list.associations).toHaveLength(1);
    const detail = await clients.eks.send(
      new DescribePodIdentityAssociationCommand({
        clusterName: 'prod',
        associationId: list.associations![0].associationId,
      }),
    );
    expect(detail.association?.roleArn).toBe(
      'arn:aws:iam::111122223333:role/orders-runtime',
    );
  });

  it('lists and describes Fargate profiles', async () => {
    const { eks } = awsClients(sandbox, { region: 'eu-west-1' });
    const list = await eks.send(
      new ListFargateProfilesCommand({ clusterName: 'edge' }),
    );
    expect(list.fargateProfileNames).toEqual(['fp-default']);
    const { fargateProfile } = await eks.send(
      new DescribeFargateProfileCommand({
        clusterName: 'edge',
        fargateProfileName: 'fp-default',
      }),
    );
    expect(fargateProfile).toMatchObject({
      podExecutionRoleArn: 'arn:aws:iam::111122223333:role/edge-fargate-pods',
      status: 'ACTIVE',
    });
    // As EKS answers a selector without labels (the CLI's describe-fargate-profile example).
    expect(fargateProfile?.selectors).toEqual([{ namespace: 'edge' }]);
    await expect(
      eks.send(
        new DescribeFargateProfileCommand({
          clusterName: 'edge',
          fargateProfileName: 'nope',
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('describes repositories and their policies, and issues 12-hour tokens', async () => {
    const { repositories } = await clients.ecr.send(
      new DescribeRepositoriesCommand({}),
    );
    expect(repositories?.map(r => r.repositoryUri)).toEqual([
      '111122223333.dkr.ecr.us-east-1.amazonaws.com/orders/worker',
      '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments/api',
    ]);
    const missing = await clients.ecr
      .send(new DescribeRepositoriesCommand({ repositoryNames: ['nope'] }))
      .catch(e => e);
    expect(missing).toBeInstanceOf(RepositoryNotFoundException);
    const policy = await clients.ecr.send(
      new GetRepositoryPolicyCommand({ repositoryName: 'orders/worker' }),
    );
    expect(JSON.parse(policy.policyText!).Statement[0].Principal.AWS).toEqual([
      'arn:aws:iam::444455556666:root',
    ]);
    await expect(
      clients.ecr.send(
        new GetRepositoryPolicyCommand({ repositoryName: 'payments/api' }),
      ),
    ).rejects.toBeInstanceOf(RepositoryPolicyNotFoundException);
    const before = Date.now();
    const token = await clients.ecr.send(new GetAuthorizationTokenCommand({}));
    const data = token.authorizationData![0];
    expect(data.expiresAt!.getTime() - before).toBeGreaterThan(
      12 * 3600 * 1000 - 5000,
    );
    expect(data.expiresAt!.getTime() - before).toBeLessThanOrEqual(
      12 * 3600 * 1000 + 1000,
    );
    expect(Buffer.from(data.authorizationToken!, 'base64').toString()).toMatch(
      /^AWS:/,
    );
  });
});
