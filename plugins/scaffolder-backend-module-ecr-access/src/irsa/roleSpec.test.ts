import { ConfigReader } from '@backstage/config';
import { readProvisioningConfig } from '../config/provisioningConfig';
import { repositoryArns } from './repositories';
import { irsaRoleName } from './roleName';
import { buildIrsaRoleSpec, engineProblems } from './roleSpec';

const issuer = 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC123';
const cluster = {
  name: 'prod-use1',
  accountId: '111122223333',
  region: 'us-east-1',
  partition: 'aws',
  imagePullAuth: 'service-account-token' as const,
};
const provisioning = {
  roleNamePrefix: 'irsa-',
  rolePath: '/backstage/',
  permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/platform-boundary',
  tags: { team: 'platform' },
};

describe('IRSA role spec', () => {
  const arns = repositoryArns(['payments/api', 'shared/base'], cluster);
  const spec = buildIrsaRoleSpec({
    cluster,
    issuer,
    namespace: 'payments',
    serviceAccount: 'payments-api',
    roleName: 'irsa-payments-payments-api',
    repositoryArns: arns,
    entityRef: 'component:default/payments-api',
    provisioning,
  });

  it('trusts exactly one ServiceAccount through the cluster issuer, with StringEquals on sub and aud', () => {
    expect(spec.trustPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            Federated:
              'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123',
          },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              'oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub':
                'system:serviceaccount:payments:payments-api',
              'oidc.eks.us-east-1.amazonaws.com/id/ABC123:aud':
                'sts.amazonaws.com',
            },
          },
        },
      ],
    });
  });

  it('allows GetAuthorizationToken on * and pull on the named repositories only', () => {
    expect(spec.pullPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EcrAuthorizationToken',
          Effect: 'Allow',
          Action: 'ecr:GetAuthorizationToken',
          Resource: '*',
        },
        {
          Sid: 'EcrPull',
          Effect: 'Allow',
          Action: [
            'ecr:BatchGetImage',
            'ecr:GetDownloadUrlForLayer',
            'ecr:BatchCheckLayerAvailability',
          ],
          Resource: [
            'arn:aws:ecr:us-east-1:111122223333:repository/payments/api',
            'arn:aws:ecr:us-east-1:111122223333:repository/shared/base',
          ],
        },
      ],
    });
  });

  it('carries the path, boundary and tags from config', () => {
    expect(spec.arn).toBe(
      'arn:aws:iam::111122223333:role/backstage/irsa-payments-payments-api',
    );
    expect(spec.permissionsBoundaryArn).toBe(
      provisioning.permissionsBoundaryArn,
    );
    expect(spec.tags).toEqual({
      team: 'platform',
      'backstage.io/entity-ref': 'component:default/payments-api',
      'managed-by': 'backstage-ecr-access',
    });
  });

  it("passes the status engine's trust and pull checks", () => {
    const subject = {
      partition: 'aws',
      issuer,
      namespace: 'payments',
      serviceAccount: 'payments-api',
    };
    expect(engineProblems(spec, subject, arns)).toEqual([]);
    // …and the engine would notice another ServiceAccount
    expect(
      engineProblems(spec, { ...subject, serviceAccount: 'other' }, arns),
    ).not.toEqual([]);
  });
});

describe('role names', () => {
  it('prefixes <namespace>-<serviceAccount>', () => {
    expect(
      irsaRoleName({
        prefix: 'irsa-',
        namespace: 'payments',
        serviceAccount: 'api',
      }),
    ).toBe('irsa-payments-api');
  });

  it('prefixes an explicit roleName once', () => {
    const opts = { prefix: 'irsa-', namespace: 'a', serviceAccount: 'b' };
    expect(irsaRoleName({ ...opts, roleName: 'web' })).toBe('irsa-web');
    expect(irsaRoleName({ ...opts, roleName: 'irsa-web' })).toBe('irsa-web');
  });

  it('refuses a name over 64 characters after the prefix, naming the field', () => {
    expect(() =>
      irsaRoleName({
        prefix: 'irsa-',
        namespace: 'n'.repeat(30),
        serviceAccount: 's'.repeat(30),
      }),
    ).toThrow(/namespace and serviceAccountName: .* 66 characters .*64/);
    expect(() =>
      irsaRoleName({
        prefix: 'irsa-',
        namespace: 'a',
        serviceAccount: 'b',
        roleName: 'x'.repeat(60),
      }),
    ).toThrow(/^roleName: /);
  });

  it('refuses characters IAM does not allow', () => {
    expect(() =>
      irsaRoleName({
        prefix: '',
        namespace: 'a',
        serviceAccount: 'b',
        roleName: 'web/api',
      }),
    ).toThrow(/roleName: .*letters, digits/);
  });
});

describe('repositories', () => {
  it('turns names into ARNs of the cluster account and region, sorted and unique', () => {
    expect(repositoryArns(['b/x', 'ab', 'b/x'], cluster)).toEqual([
      'arn:aws:ecr:us-east-1:111122223333:repository/ab',
      'arn:aws:ecr:us-east-1:111122223333:repository/b/x',
    ]);
  });

  it('keeps an ARN of another account in the same partition', () => {
    const arn = 'arn:aws:ecr:us-west-2:444455556666:repository/shared/base';
    expect(repositoryArns([arn], cluster)).toEqual([arn]);
  });

  it.each([
    [[], /at least one/],
    [['payments/*'], /repositories\[0\]: .*wildcard/],
    [['ok', 'Payments'], /repositories\[1\]: .*neither/],
    [['arn:aws-cn:ecr:cn-north-1:111122223333:repository/x'], /partition/],
    [['arn:aws:ecr:us-east-1:111122223333:repository/*'], /wildcard/],
    [['arn:aws:ecr:us-east-1:1111:repository/x'], /neither/],
  ])('refuses %j', (input, message) => {
    expect(() => repositoryArns(input, cluster)).toThrow(message);
  });
});

describe('config', () => {
  it('reads provisioning with defaults', () => {
    expect(readProvisioningConfig(new ConfigReader({}))).toEqual({
      roleNamePrefix: '',
      rolePath: '/',
      tags: {},
    });
  });

  it.each([
    [{ rolePath: 'backstage' }, /rolePath/],
    [{ roleNamePrefix: 'a/b' }, /roleNamePrefix/],
    [{ permissionsBoundaryArn: 'boundary' }, /permissionsBoundaryArn/],
    [{ tags: { 'aws:x': 'y' } }, /tags.aws:x/],
  ])('refuses %j naming the key', (provisioningConfig, message) => {
    expect(() =>
      readProvisioningConfig(
        new ConfigReader({ ecrAccess: { provisioning: provisioningConfig } }),
      ),
    ).toThrow(message);
  });
});
