import { irsaServiceAccountSpec, kubernetesIdFor } from './irsaServiceAccount';
import { foreignManager } from './ownership';

describe('ServiceAccount ownership', () => {
  it.each([
    [{ labels: { 'app.kubernetes.io/managed-by': 'Helm' } }, /Helm/],
    [{ annotations: { 'meta.helm.sh/release-name': 'web' } }, /Helm/],
    [
      { labels: { 'alpha.eksctl.io/cluster-name': 'prod' } },
      /eksctl \(alpha.eksctl.io\/cluster-name\)/,
    ],
    [{ annotations: { 'alpha.eksctl.io/role': 'x' } }, /eksctl/],
    [{ labels: { 'app.kubernetes.io/managed-by': 'eksctl' } }, /eksctl/],
  ])('%j is managed by another tool', (metadata, manager) => {
    expect(foreignManager(metadata)).toMatch(manager);
  });

  it.each([
    [undefined],
    [{ labels: { 'app.kubernetes.io/managed-by': 'argocd' } }],
  ])('%j is ours to patch', metadata => {
    expect(foreignManager(metadata)).toBeUndefined();
  });
});

describe('IRSA ServiceAccount', () => {
  const base = {
    namespace: 'payments',
    name: 'api',
    roleArn: 'arn:aws:iam::111122223333:role/irsa-payments-api',
    kubernetesId: 'payments-api',
  };

  it('has ecr-role-arn only where kubelets pull with service-account tokens', () => {
    expect(
      irsaServiceAccountSpec({ ...base, imagePullAuth: 'node-role' })
        .annotations,
    ).toEqual({ 'eks.amazonaws.com/role-arn': base.roleArn });
    expect(
      irsaServiceAccountSpec({
        ...base,
        imagePullAuth: 'service-account-token',
      }).annotations,
    ).toEqual({
      'eks.amazonaws.com/role-arn': base.roleArn,
      'eks.amazonaws.com/ecr-role-arn': base.roleArn,
    });
  });

  it('labels it with the entity name for the backend to find', () => {
    expect(
      kubernetesIdFor({
        entityRef: 'component:default/payments-api',
        serviceAccountName: 'sa',
      }),
    ).toBe('payments-api');
    expect(kubernetesIdFor({ serviceAccountName: 'sa' })).toBe('sa');
    expect(
      kubernetesIdFor({
        kubernetesId: 'x',
        entityRef: 'component:default/y',
        serviceAccountName: 'sa',
      }),
    ).toBe('x');
  });
});
