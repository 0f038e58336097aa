import { ConfigReader } from '@backstage/config';
import { readEcrAccessClusters } from './clusterConfig';

const prod = {
  name: 'prod-use1',
  accountId: '123456789012',
  region: 'us-east-1',
};

function read(clusters: unknown[]) {
  return readEcrAccessClusters(
    new ConfigReader({ ecrAccess: { clusters } } as any),
  );
}

describe('readEcrAccessClusters', () => {
  it('reads no clusters when ecrAccess is not configured', () => {
    expect(readEcrAccessClusters(new ConfigReader({}))).toEqual([]);
  });

  it('applies the EKS default (node-role pulls) and derives the partition', () => {
    expect(read([prod, { ...prod, name: 'cn', region: 'cn-north-1' }])).toEqual(
      [
        {
          ...prod,
          partition: 'aws',
          imagePullAuth: 'node-role',
          nodeRoleArns: [],
          oidcIssuer: undefined,
        },
        expect.objectContaining({ name: 'cn', partition: 'aws-cn' }),
      ],
    );
  });

  it('keeps every optional field and trims a trailing slash off the issuer', () => {
    const [cluster] = read([
      {
        ...prod,
        oidcIssuer: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC/',
        imagePullAuth: 'service-account-token',
        nodeRoleArns: ['arn:aws:iam::123456789012:role/eks-node'],
        fargate: {
          namespaces: ['batch'],
          podExecutionRoleArns: ['arn:aws:iam::123456789012:role/fargate-pods'],
        },
      },
    ]);
    expect(cluster).toMatchObject({
      oidcIssuer: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC',
      imagePullAuth: 'service-account-token',
      nodeRoleArns: ['arn:aws:iam::123456789012:role/eks-node'],
      fargate: {
        namespaces: ['batch'],
        podExecutionRoleArns: ['arn:aws:iam::123456789012:role/fargate-pods'],
      },
    });
  });

  it('reads Fargate selectors with their labels, label keys with dots and slashes', () => {
    const role = 'arn:aws:iam::123456789012:role/fargate-pods';
    const [cluster] = read([
      {
        ...prod,
        fargate: {
          podExecutionRoleArns: [role],
          selectors: [
            {
              namespace: 'fgmix',
              labels: [{ key: 'app.kubernetes.io/part-of', value: 'fg*' }],
            },
            { namespace: 'prod-*' },
          ],
        },
      },
    ]);
    expect(cluster.fargate).toEqual({
      podExecutionRoleArns: [role],
      selectors: [
        { namespace: 'fgmix', labels: { 'app.kubernetes.io/part-of': 'fg*' } },
        { namespace: 'prod-*' },
      ],
    });
  });

  it.each([
    [{ ...prod, accountId: '12345' }, "'ecrAccess.clusters[0].accountId'"],
    [{ ...prod, region: 'useast1' }, "'ecrAccess.clusters[0].region'"],
    [
      { ...prod, imagePullAuth: 'irsa' },
      "'ecrAccess.clusters[0].imagePullAuth'",
    ],
    [
      { ...prod, oidcIssuer: 'http://oidc.example.com' },
      "'ecrAccess.clusters[0].oidcIssuer'",
    ],
    [
      { ...prod, oidcIssuer: 'not a url' },
      "'ecrAccess.clusters[0].oidcIssuer'",
    ],
    [
      { ...prod, nodeRoleArns: ['arn:aws:iam::123456789012:user/bob'] },
      "'ecrAccess.clusters[0].nodeRoleArns[0]'",
    ],
    [
      { ...prod, fargate: { podExecutionRoleArns: ['fargate'] } },
      "'ecrAccess.clusters[0].fargate.podExecutionRoleArns[0]'",
    ],
  ])('rejects %j with an error naming %s', (cluster, key) => {
    expect(() => read([cluster])).toThrow(key);
  });

  it('rejects a missing required key, naming it', () => {
    expect(() => read([{ name: 'x', region: 'us-east-1' }])).toThrow(
      "Missing required config value at 'ecrAccess.clusters[0].accountId'",
    );
  });

  it('rejects two clusters with the same name', () => {
    expect(() => read([prod, prod])).toThrow("'ecrAccess.clusters[1].name'");
  });
});
