// The provisioning actions' world in the sandbox: two accounts, three clusters, and what
// makes provisioning hard (a role someone else made, a Helm-managed ServiceAccount, a
// cluster whose account has no OIDC provider, a service still on a rotating pull secret).

export const PLATFORM = '111122223333';
export const DATA = '444455556666';
export const BOUNDARY = `arn:aws:iam::${PLATFORM}:policy/boundaries/platform-boundary`;

const PLATFORM_REGISTRY = `${PLATFORM}.dkr.ecr.us-east-1.amazonaws.com`;

/**
 * What the migrate-off-pull-secret flow starts from: a Deployment pulling with a pull secret
 * that a CronJob refreshes. The sandbox puts its canary into the secret's `.dockerconfigjson`
 * and into the CronJob's credentials, so the secrets check can tell if either ever leaks.
 */
function rotatingSecretService(namespace: string, name: string) {
  return {
    pullSecrets: [
      {
        namespace,
        name: 'regcred',
        registries: [PLATFORM_REGISTRY],
        lastWritten: '2h ago',
      },
    ],
    refreshers: [
      {
        namespace,
        name: 'ecr-cred-refresher',
        secret: 'regcred',
        registry: PLATFORM_REGISTRY,
        schedule: '0 */6 * * *',
        lastSuccess: '2h ago',
      },
    ],
    workloads: [
      {
        kind: 'Deployment',
        namespace,
        name,
        kubernetesId: name,
        images: [`${PLATFORM_REGISTRY}/payments/api:1.0.0`],
        imagePullSecrets: ['regcred'],
      },
    ],
  };
}

/** A small world: a foreign role, a Helm-managed ServiceAccount, an account without OIDC provider. */
export const provisioningScenario = {
  name: 'provisioning',
  accounts: [
    {
      id: PLATFORM,
      credentials: [{ accessKeyId: 'AKIAPROVISIONING0001', user: 'backstage' }],
      policies: [
        {
          name: 'platform-boundary',
          path: '/boundaries/',
          document: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['ecr:*'], Resource: '*' }],
          },
        },
      ],
      repositories: [
        { name: 'payments/api', region: 'us-east-1' },
        { name: 'shop/web', region: 'us-east-1' },
      ],
      roles: [
        {
          // Same name as provisioning would give shop/web, but made by someone else.
          name: 'irsa-shop-web',
          trust: {
            irsa: [
              {
                cluster: 'prod-use1',
                namespace: 'shop',
                serviceAccount: 'web',
              },
            ],
          },
          tags: { team: 'shop' },
        },
      ],
    },
    {
      id: DATA,
      credentials: [{ accessKeyId: 'AKIAPROVISIONING0002', user: 'backstage' }],
    },
  ],
  clusters: [
    {
      name: 'prod-use1',
      account: PLATFORM,
      region: 'us-east-1',
      imagePullAuth: 'service-account-token',
      namespaces: ['payments', 'shop', 'charts', 'legacy'],
      serviceAccounts: [
        {
          namespace: 'charts',
          name: 'chart-sa',
          labels: { 'app.kubernetes.io/managed-by': 'Helm' },
          manager: 'helm',
        },
        {
          namespace: 'legacy',
          name: 'legacy-api',
          imagePullSecrets: ['regcred'],
          annotations: { 'example.com/owner': 'legacy-team' },
        },
      ],
      ...rotatingSecretService('legacy', 'legacy-api'),
    },
    {
      name: 'shared-usw2',
      account: PLATFORM,
      region: 'us-west-2',
      imagePullAuth: 'node-role',
      namespaces: ['payments'],
      ...rotatingSecretService('payments', 'orders-worker'),
    },
    {
      name: 'data-use1',
      account: DATA,
      region: 'us-east-1',
      imagePullAuth: 'node-role',
      oidcProvider: false,
      namespaces: ['etl'],
    },
  ],
};

/**
 * The input of a provisioning action for a ServiceAccount of the scenario's `payments`
 * namespace on prod-use1, pulling `payments/api`, owned by the entity of the same name.
 */
export function paymentsInput(serviceAccountName: string) {
  return {
    cluster: 'prod-use1',
    namespace: 'payments',
    serviceAccountName,
    repositories: ['payments/api'],
    entityRef: `component:default/${serviceAccountName}`,
  };
}
