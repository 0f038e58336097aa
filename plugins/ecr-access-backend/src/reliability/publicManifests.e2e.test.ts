import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import type { Sandbox, SandboxCluster } from '@ecr-access/sandbox';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { expectNoCanary, useSandbox } from '@ecr-access/test-utils';
import {
  collectionPath,
  kubernetesRequest,
} from '../__testUtils__/sandboxWrites';
import {
  cronJobRun,
  dockerConfigSecret,
  ManifestObject,
  publicCaseFile,
} from '../__fixtures__/manifests';
import { ACCOUNT, ago, HOUR, REGISTRY } from '../__fixtures__/prodCluster';
import {
  startAuditingBackend,
  untilAudited,
} from '../__testUtils__/auditingBackend';

jest.setTimeout(180_000);

/*
 * A reviewer's cases: manifests as public sources write them (examples/kubernetes/public-cases,
 * each file cites its source), POSTed to the sandbox's Kubernetes API, the IAM roles they name
 * created through the AWS SDK, then the whole plugin (scheduled audit at start-up, store,
 * authenticated API) over real HTTP. Each case asserts the mechanisms, the health, the exact set
 * of finding codes (no false finding) and a summary that agrees with the health. Seven of them
 * failed when written (the comment above each says what the engine or collector got wrong and
 * cites the source of the expected behaviour); all are fixed, and each is now a plain test.
 */

/**
 * `kubectl apply` of new objects: each POSTed to the cluster's API. A Namespace that already
 * exists (the scenario put a secret there) is left alone; kinds the sandbox does not serve
 * (External Secrets' generators API) are skipped. Returns the created objects by kind/name.
 */
async function applyObjects(
  sandbox: Sandbox,
  cluster: string,
  objects: ManifestObject[],
  fieldManager = 'kubectl-client-side-apply',
): Promise<Record<string, ManifestObject>> {
  const created: Record<string, ManifestObject> = {};
  for (const object of objects) {
    const collection = collectionPath(object.kind, object.metadata.namespace);
    if (!collection) continue;
    const url = `${collection}?fieldManager=${fieldManager}`;
    try {
      created[`${object.kind}/${object.metadata.name}`] =
        await kubernetesRequest(sandbox, cluster, 'POST', url, object);
    } catch (error) {
      if (!/409/.test(String(error))) throw error;
      if (object.kind === 'Namespace') continue;
      if (object.kind !== 'ServiceAccount') throw error;
      // The namespace's default ServiceAccount already exists: `kubectl apply` patches it.
      const { metadata: _m, ...fields } = object;
      created[`${object.kind}/${object.metadata.name}`] =
        await kubernetesRequest(
          sandbox,
          cluster,
          'PATCH',
          `${collection}/${object.metadata.name}?fieldManager=${fieldManager}`,
          fields,
          'application/merge-patch+json',
        );
    }
  }
  return created;
}

/** The IAM OIDC provider ARN of a sandbox cluster, and its issuer without the scheme. */
function issuerOf(sandbox: Sandbox, cluster: string) {
  const c = sandbox.clusters.find(x => x.name === cluster)!;
  const host = c.oidcIssuer.replace(/^https:\/\//, '');
  return {
    host,
    providerArn: `arn:aws:iam::${c.account}:oidc-provider/${host}`,
  };
}

/**
 * The trust policy `eksctl create iamserviceaccount` writes and the EKS user guide shows
 * ("Assign IAM roles to Kubernetes service accounts"): Federated principal, StringEquals on
 * `<issuer>:sub` and `<issuer>:aud`.
 */
function eksctlTrust(
  sandbox: Sandbox,
  cluster: string,
  namespace: string,
  serviceAccount: string,
) {
  const { host, providerArn } = issuerOf(sandbox, cluster);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${host}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${host}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ],
  };
}

/**
 * The least-privilege pull policy of the ECR user guide ("Private repository policies" and
 * "Amazon ECR identity-based policy examples"): GetAuthorizationToken on `*`, the pull actions
 * on the repository only.
 */
function ecrPullPolicy(repository: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'ecr:GetAuthorizationToken',
        Resource: '*',
      },
      {
        Effect: 'Allow',
        Action: [
          'ecr:BatchGetImage',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchCheckLayerAvailability',
        ],
        Resource: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${repository}`,
      },
    ],
  };
}

function iamClient(sandbox: Sandbox) {
  return new IAMClient({
    endpoint: sandbox.awsEndpoint,
    region: 'us-east-1',
    credentials: {
      accessKeyId: 'AKIAECRACCESSDEMO0001',
      secretAccessKey: 'sandbox',
    },
    maxAttempts: 1,
  });
}

/**
 * Seed 000's IAM: the customer managed policy EKS-ECR-Pull-Policy (`aws iam create-policy`), and
 * per cluster the role eksctl creates for ServiceAccount app/ecr-sa with the policy attached.
 */
async function createSeed000Iam(
  sandbox: Sandbox,
  roles: Array<[string, string]>,
): Promise<void> {
  const iam = iamClient(sandbox);
  const { Policy } = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'EKS-ECR-Pull-Policy',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'ecr:GetAuthorizationToken',
              'ecr:BatchGetImage',
              'ecr:GetDownloadUrlForLayer',
            ],
            Resource: '*',
          },
        ],
      }),
    }),
  );
  for (const [roleName, cluster] of roles) {
    await iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: JSON.stringify(
          eksctlTrust(sandbox, cluster, 'app', 'ecr-sa'),
        ),
      }),
    );
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: roleName,
        PolicyArn: Policy!.Arn,
      }),
    );
  }
}

/** Creates a role with an inline policy through the IAM API, as the AWS CLI would. */
async function createRole(
  sandbox: Sandbox,
  name: string,
  trust: object,
  policyName: string,
  policy: object,
): Promise<void> {
  const iam = iamClient(sandbox);
  await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify(trust),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: name,
      PolicyName: policyName,
      PolicyDocument: JSON.stringify(policy),
    }),
  );
}

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const NODE_CLUSTER = 'shop-use1';
const TOKEN_CLUSTER = 'tokens-use1';
/** A cluster running External Secrets Operator >= v0.17.0, which serves external-secrets.io/v1 only. */
const ESO_CLUSTER = 'eso-use1';
/** eksctl's role names are cut to IAM's 64 characters. */
const SEED_000_ROLE =
  'eksctl-my-cluster-addon-iamserviceaccount-app-Role1-1A2B3C4D5E6F';
const SEED_000_ROLE_TOKENS =
  'eksctl-my-cluster-addon-iamserviceaccount-app-Role1-7G8H9I0J1K2L';
const nodeRoleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

const REPOSITORIES = [
  'reviews/api',
  'checkout/web',
  'reports/renderer',
  'storefront/web',
  'notify/sender',
  'ledger/sync',
  'orders/worker',
  'payroll/worker',
  'crm/worker',
  'invoices/renderer',
  'analytics/etl',
  'catalog/indexer',
  'loyalty/api',
  'rewards/api',
  'payments/api',
  'shipping/api',
  'search/indexer',
  'geo/tiles',
  'maps/api',
  'risk/models',
  'platform/pause',
  'audit/trail',
  'billing/close',
  'fraud/scorer',
  'my-app',
  // regcred-cronjob-apply.yaml's orders/worker, renamed for the case applied after start-up.
  'lateregcred/worker',
  'legacy/portal',
  'edge/proxy',
  'wiki/app',
  'billing/legacy',
  'intranet/web',
  'inventory/indexer',
  'media/transcoder',
  'ads/server',
  'kyc/checker',
  'warehouse/api',
  'shopweb/web',
  'points/api',
  'coupons/api',
];

function scenario() {
  const nodeRole = {
    trust: { service: ['ec2.amazonaws.com'] },
    // EKS user guide, "Amazon EKS node IAM role": the worker node, CNI and ECR pull-only
    // policies (the older ReadOnly is NODE_ROLE_TOO_BROAD, #20: nodesAndPodIdentity.e2e.test.ts).
    managedPolicies: [
      'AmazonEKSWorkerNodePolicy',
      'AmazonEKS_CNI_Policy',
      'AmazonEC2ContainerRegistryPullOnly',
    ],
  };
  return {
    name: 'public-manifests',
    accounts: [
      {
        id: ACCOUNT,
        credentials: [{ accessKeyId: 'AKIAECRACCESSDEMO0001' }],
        repositories: REPOSITORIES.map(name => ({ name, region: 'us-east-1' })),
        roles: [
          { name: 'eks-node-shop', ...nodeRole },
          {
            // EKS user guide, "Amazon EKS node IAM role": new node groups get
            // AmazonEC2ContainerRegistryPullOnly instead of ReadOnly.
            name: 'eks-node-eso',
            trust: { service: ['ec2.amazonaws.com'] },
            managedPolicies: [
              'AmazonEKSWorkerNodePolicy',
              'AmazonEKS_CNI_Policy',
              'AmazonEC2ContainerRegistryPullOnly',
            ],
          },
          {
            // The token cluster's nodes may pull only the platform's own images: there the
            // ServiceAccounts' ECR pull roles pull the services' images.
            name: 'eks-node-tokens',
            trust: { service: ['ec2.amazonaws.com'] },
            managedPolicies: [
              'AmazonEKSWorkerNodePolicy',
              'AmazonEKS_CNI_Policy',
            ],
            inlinePolicies: {
              'ecr-pull-platform': { ecrPull: ['platform/pause'] },
            },
          },
          {
            name: 'audit-trail-runtime',
            trust: { podIdentity: true },
            inlinePolicies: {
              'write-trail': {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Action: 's3:PutObject',
                    Resource: 'arn:aws:s3:::acme-audit-trail/*',
                  },
                ],
              },
            },
          },
          {
            name: 'eks-fargate-pods-shop',
            trust: { service: ['eks-fargate-pods.amazonaws.com'] },
            managedPolicies: ['AmazonEKSFargatePodExecutionRolePolicy'],
          },
        ],
      },
    ],
    clusters: [
      {
        name: NODE_CLUSTER,
        account: ACCOUNT,
        region: 'us-east-1',
        imagePullAuth: 'node-role',
        nodeRole: 'eks-node-shop',
        externalSecretsInstalled: true,
        // The profile of fargate-profile.yaml's eksctl command, as EKS answers the audit.
        fargateProfiles: [
          {
            name: 'fp-reports',
            podExecutionRole: 'eks-fargate-pods-shop',
            selectors: [{ namespace: 'reports' }],
          },
        ],
        podIdentityAssociations: [
          {
            namespace: 'audit',
            serviceAccount: 'audit-trail',
            roleArn: `arn:aws:iam::${ACCOUNT}:role/audit-trail-runtime`,
          },
        ],
        // What people wrote long ago, before these manifests: the one-off ECR secret (5 days)
        // and a Docker Hub access-token secret (90 days).
        pullSecrets: [
          {
            namespace: 'ledger',
            name: 'regcred',
            registries: [REGISTRY],
            lastWritten: '5d ago',
            manager: 'kubectl-create',
          },
          {
            namespace: 'storefront',
            name: 'dockerhub-creds',
            registries: ['https://index.docker.io/v1/'],
            lastWritten: '90d ago',
            manager: 'kubectl-create',
          },
          {
            namespace: 'intranet',
            name: 'regcred',
            type: 'Opaque',
            registries: [REGISTRY],
            lastWritten: '2h ago',
            manager: 'kubectl-create',
          },
          {
            namespace: 'legacy',
            name: 'ecr-secret',
            registries: [REGISTRY],
            lastWritten: '30h ago',
            manager: 'kubectl-create',
          },
        ],
      },
      {
        name: TOKEN_CLUSTER,
        account: ACCOUNT,
        region: 'us-east-1',
        imagePullAuth: 'service-account-token',
        version: '1.34',
        nodeRole: 'eks-node-tokens',
        pullSecrets: [
          {
            namespace: 'billing',
            name: 'regcred',
            registries: [REGISTRY],
            lastWritten: '2d ago',
            manager: 'kubectl-create',
          },
        ],
      },
      {
        name: ESO_CLUSTER,
        account: ACCOUNT,
        region: 'us-east-1',
        imagePullAuth: 'node-role',
        nodeRole: 'eks-node-eso',
        externalSecretsInstalled: true,
        // ESO v0.17.0 release notes: "v0.17.0 Stops serving v1beta1 apis".
        externalSecretsVersions: ['v1'],
        pullSecrets: [
          {
            namespace: 'inventory',
            name: 'awsecr-cred',
            registries: [REGISTRY],
            lastWritten: '6h ago',
            manager: 'registry-creds',
          },
        ],
      },
    ],
  };
}

function component(
  name: string,
  annotations: Record<string, string> = {
    'backstage.io/kubernetes-id': name,
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

const ENTITIES: Entity[] = [
  ...[
    'reviews-api',
    'reports-renderer',
    'docs-site',
    'storefront',
    'notify-sender',
    'ledger-sync',
    'orders-worker',
    'payroll-worker',
    'crm-worker',
    'invoice-renderer',
    'analytics-etl',
    'catalog-indexer',
    'loyalty-api',
    'rewards-api',
    'payments-api',
    'shipping-api',
    'search-indexer',
    'geo-tiles',
    'maps-api',
    'risk-models',
    'fraud-scorer',
    'audit-trail',
    'billing-close',
    'my-app',
    'my-app-on-tokens',
    'legacy-portal',
    'edge-proxy',
    'wiki',
    'legacy-billing',
    'intranet',
    'inventory-indexer',
    'media-transcoder',
    'ads-server',
    'aws-load-balancer-controller',
    'kyc-checker',
    'warehouse-api',
    'shop.web.v2',
    'points-api',
    'coupons-api',
  ].map(name => component(name)),
  component('checkout', {
    'backstage.io/kubernetes-label-selector':
      'app.kubernetes.io/name=checkout,app.kubernetes.io/instance=checkout-prod',
  }),
];

/** The classic regcred CronJob file moved to another namespace and entity. */
const regcredIn = (namespace: string) =>
  publicCaseFile('node-role/regcred-cronjob-apply.yaml', text =>
    text.replace(/orders/g, namespace),
  );

async function applyWorld(sandbox: Sandbox) {
  const canary = sandbox.canary;
  const node = (objects: ManifestObject[], manager?: string) =>
    applyObjects(sandbox, NODE_CLUSTER, objects, manager);

  // --- IAM, as the AWS CLI / eksctl create it ---
  await createRole(
    sandbox,
    'reviews-api-runtime',
    eksctlTrust(sandbox, NODE_CLUSTER, 'reviews', 'reviews-api'),
    'reviews-s3-read',
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: [
            'arn:aws:s3:::acme-reviews-media',
            'arn:aws:s3:::acme-reviews-media/*',
          ],
        },
      ],
    },
  );
  // EKS user guide, "Install AWS Load Balancer Controller": eksctl creates the role; its policy
  // (iam_policy.json) is long, an excerpt is enough here.
  await createRole(
    sandbox,
    'AmazonEKSLoadBalancerControllerRole',
    eksctlTrust(
      sandbox,
      NODE_CLUSTER,
      'kube-system',
      'aws-load-balancer-controller',
    ),
    'AWSLoadBalancerControllerIAMPolicy',
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'elasticloadbalancing:DescribeLoadBalancers',
            'elasticloadbalancing:DescribeTargetGroups',
            'ec2:DescribeSubnets',
          ],
          Resource: '*',
        },
      ],
    },
  );
  await createRole(
    sandbox,
    'payments-ecr-pull',
    eksctlTrust(sandbox, TOKEN_CLUSTER, 'payments', 'payments.api'),
    'ecr-pull',
    ecrPullPolicy('payments/api'),
  );
  const { host, providerArn } = issuerOf(sandbox, TOKEN_CLUSTER);
  const webIdentity = (condition: object, principal: object | string) => ({
    Effect: 'Allow',
    Principal: principal,
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: condition,
  });
  const federated = { Federated: providerArn };
  const trusts: Record<string, [string, object]> = {
    // Wrong namespace: the trust names a staging namespace.
    shipping: [
      'shipping/api',
      eksctlTrust(sandbox, TOKEN_CLUSTER, 'shipping-staging', 'shipping-api'),
    ],
    // EKS user guide: "StringLike ... system:serviceaccount:<ns>:*" admits every ServiceAccount
    // of the namespace.
    search: [
      'search/indexer',
      {
        Version: '2012-10-17',
        Statement: [
          webIdentity(
            {
              StringLike: { [`${host}:sub`]: 'system:serviceaccount:search:*' },
              StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com' },
            },
            federated,
          ),
        ],
      },
    ],
    // No aud condition.
    geo: [
      'geo/tiles',
      {
        Version: '2012-10-17',
        Statement: [
          webIdentity(
            {
              StringEquals: {
                [`${host}:sub`]: 'system:serviceaccount:geo:geo-tiles',
              },
            },
            federated,
          ),
        ],
      },
    ],
    // Principal "*": any principal, narrowed by the issuer's own sub and aud keys.
    maps: [
      'maps/api',
      {
        Version: '2012-10-17',
        Statement: [
          webIdentity(
            {
              StringEquals: {
                [`${host}:sub`]: 'system:serviceaccount:maps:maps-api',
                [`${host}:aud`]: 'sts.amazonaws.com',
              },
            },
            '*',
          ),
        ],
      },
    ],
    // An explicit Deny for this ServiceAccount beside the namespace-wide Allow: the Deny wins
    // (IAM "Policy evaluation logic").
    risk: [
      'risk/models',
      {
        Version: '2012-10-17',
        Statement: [
          webIdentity(
            {
              StringLike: { [`${host}:sub`]: 'system:serviceaccount:risk:*' },
              StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com' },
            },
            federated,
          ),
          {
            Effect: 'Deny',
            Principal: federated,
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                [`${host}:sub`]: 'system:serviceaccount:risk:risk-models',
              },
            },
          },
        ],
      },
    ],
  };
  trusts.media = [
    'media/transcoder',
    {
      Version: '2012-10-17',
      Statement: [
        webIdentity(
          {
            StringEquals: {
              [`${host}:sub`]: 'system:serviceaccount:media:*',
              [`${host}:aud`]: 'sts.amazonaws.com',
            },
          },
          federated,
        ),
      ],
    },
  ];
  await iamClient(sandbox).send(
    new CreateRoleCommand({
      RoleName: 'ads-ecr-pull',
      AssumeRolePolicyDocument: JSON.stringify(
        eksctlTrust(sandbox, TOKEN_CLUSTER, 'ads', 'ads-server'),
      ),
    }),
  );
  await iamClient(sandbox).send(
    new AttachRolePolicyCommand({
      RoleName: 'ads-ecr-pull',
      PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
    }),
  );
  trusts.kyc = [
    'kyc/checker',
    {
      Version: '2012-10-17',
      Statement: [
        webIdentity(
          { StringEquals: { [`${host}:aud`]: 'sts.amazonaws.com' } },
          federated,
        ),
        {
          Effect: 'Deny',
          Principal: federated,
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringNotEquals: {
              [`${host}:sub`]: 'system:serviceaccount:kyc:kyc-checker',
            },
          },
        },
      ],
    },
  ];
  trusts.fraud = [
    'fraud/scorer',
    eksctlTrust(sandbox, NODE_CLUSTER, 'fraud', 'fraud-scorer'),
  ];
  for (const [ns, [repository, trust]] of Object.entries(trusts)) {
    await createRole(
      sandbox,
      `${ns}-ecr-pull`,
      trust,
      'ecr-pull',
      ecrPullPolicy(repository),
    );
  }

  // --- node-role cluster: manifests as written ---
  for (const file of [
    'irsa-eksctl.yaml',
    'helm-chart-labels.yaml',
    'fargate-profile.yaml',
    'public-image-init-container.yaml',
    'dockerhub-secret-beside-ecr.yaml',
    'missing-pull-secret.yaml',
    'expired-static-secret.yaml',
    'pod-identity.yaml',
    'cronjob-workload.yaml',
    'seed-000-irsa-for-ecr.yaml',
    'serviceaccount-pull-secret.yaml',
    'template-label-only.yaml',
    'opaque-pull-secret.yaml',
    'aws-load-balancer-controller.yaml',
  ]) {
    await node(publicCaseFile(`node-role/${file}`));
  }
  await applyObjects(
    sandbox,
    ESO_CLUSTER,
    publicCaseFile('node-role/dual-stack-image.yaml'),
  );
  // A catalog entity whose name has dots (Backstage allows them), found by kubernetes-id.
  await node(
    publicCaseFile('node-role/helm-chart-labels.yaml', text =>
      text.replace(/checkout/g, 'shopweb'),
    ).map(o =>
      o.kind === 'Deployment'
        ? {
            ...o,
            metadata: {
              ...o.metadata,
              labels: {
                ...o.metadata.labels,
                'backstage.io/kubernetes-id': 'shop.web.v2',
              },
            },
          }
        : o,
    ),
  );
  // Seed 000 once more, on the service-account-token cluster (its own eksctl role).
  await createSeed000Iam(sandbox, [
    [SEED_000_ROLE, NODE_CLUSTER],
    [SEED_000_ROLE_TOKENS, TOKEN_CLUSTER],
  ]);
  await applyObjects(
    sandbox,
    TOKEN_CLUSTER,
    publicCaseFile('node-role/seed-000-irsa-for-ecr.yaml', text =>
      text
        .replace(/kubernetes-id: my-app/, 'kubernetes-id: my-app-on-tokens')
        .replace(SEED_000_ROLE, SEED_000_ROLE_TOKENS),
    ),
  );

  // Refresher CronJobs with what their controllers recorded, and the secrets they wrote.
  const withCronStatus = (
    objects: ManifestObject[],
    status: Record<string, unknown>,
    suspend = false,
  ) =>
    objects.map(o =>
      o.kind === 'CronJob' ? { ...o, spec: { ...o.spec, suspend }, status } : o,
    );
  const refreshers: Array<{
    objects: ManifestObject[];
    secret: [string, string, string];
    run: ['succeeded' | 'failed', number];
    lastSuccessHours: number;
    suspend?: boolean;
  }> = [
    {
      objects: publicCaseFile('node-role/regcred-cronjob-apply.yaml'),
      secret: ['orders', 'regcred', 'kubectl-client-side-apply'],
      run: ['succeeded', 1],
      lastSuccessHours: 1,
    },
    {
      objects: regcredIn('payroll'),
      secret: ['payroll', 'regcred', 'kubectl-client-side-apply'],
      run: ['failed', 0.5],
      lastSuccessHours: 6.5,
    },
    {
      objects: regcredIn('crm'),
      secret: ['crm', 'regcred', 'kubectl-client-side-apply'],
      run: ['succeeded', 3],
      lastSuccessHours: 3,
      suspend: true,
    },
    {
      objects: publicCaseFile(
        'node-role/regcred-cronjob-delete-create-daily.yaml',
      ),
      secret: ['invoices', 'regcred', 'kubectl-create'],
      run: ['succeeded', 2],
      lastSuccessHours: 2,
    },
    {
      objects: publicCaseFile(
        'node-role/ecr-registry-credentials-cronjob.yaml',
      ),
      secret: [
        'warehouse',
        'us-east-1-ecr-registry-credentials',
        'kubectl-create',
      ],
      run: ['succeeded', 1],
      lastSuccessHours: 1,
    },
    {
      objects: publicCaseFile('node-role/k8s-ecr-login-renew.yaml'),
      secret: ['analytics', 'ecr.docker-login', 'k8s-ecr-login-renew'],
      run: ['succeeded', 1],
      lastSuccessHours: 1,
    },
  ];
  for (const r of refreshers) {
    const created = await node(
      withCronStatus(
        r.objects,
        { lastSuccessfulTime: ago(r.lastSuccessHours * HOUR) },
        r.suspend,
      ),
    );
    const cronJob = Object.entries(created).find(([k]) =>
      k.startsWith('CronJob/'),
    )![1];
    await node([cronJobRun(cronJob, r.run[0], ago(r.run[1] * HOUR))]);
    const [ns, name, manager] = r.secret;
    await node([dockerConfigSecret(ns, name, canary, REGISTRY)], manager);
  }

  // registry-creds: the controller wrote awsecr-cred and added it to the default
  // ServiceAccount of the namespace. Available on shop-use1; on eso-use1 its only replica is
  // unavailable (CrashLoopBackOff) and the secret it wrote 6 h ago is in the scenario.
  const registryCreds = async (
    cluster: string,
    namespace: string,
    available: number,
  ) => {
    await applyObjects(
      sandbox,
      cluster,
      publicCaseFile('node-role/registry-creds.yaml', text =>
        text.replace(/catalog/g, namespace),
      ).map(o =>
        o.kind === 'Deployment' && o.metadata.name === 'registry-creds'
          ? {
              ...o,
              status: {
                replicas: 1,
                availableReplicas: available,
                ...(available ? {} : { unavailableReplicas: 1 }),
              },
            }
          : o,
      ),
    );
    await applyObjects(
      sandbox,
      cluster,
      [
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'default', namespace },
          imagePullSecrets: [{ name: 'awsecr-cred' }],
        },
      ],
      'registry-creds',
    );
  };
  // The ecr-registry-credentials CronJob's `kubectl patch sa default`.
  await applyObjects(
    sandbox,
    NODE_CLUSTER,
    [
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default', namespace: 'warehouse' },
        imagePullSecrets: [{ name: 'us-east-1-ecr-registry-credentials' }],
      },
    ],
    'kubectl-patch',
  );
  await registryCreds(NODE_CLUSTER, 'catalog', 1);
  await node(
    [dockerConfigSecret('catalog', 'awsecr-cred', canary, REGISTRY)],
    'registry-creds',
  );
  await registryCreds(ESO_CLUSTER, 'inventory', 0);

  // External Secrets: the ExternalSecret, its status, and the secret ESO owns and writes.
  const external = async (
    cluster: string,
    namespace: string,
    variant: { refreshInterval?: string; ready?: boolean } = {},
  ) => {
    const ready = variant.ready ?? true;
    const objects = publicCaseFile(
      'node-role/external-secrets-ecr-generator.yaml',
      text => text.replace(/loyalty/g, namespace),
    ).map(o =>
      o.kind === 'ExternalSecret'
        ? {
            ...o,
            spec: {
              ...o.spec,
              refreshInterval:
                variant.refreshInterval ?? o.spec.refreshInterval,
            },
            status: {
              refreshTime: ago(0.4 * HOUR),
              syncedResourceVersion: '1-0123456789abcdef',
              conditions: [
                ready
                  ? {
                      type: 'Ready',
                      status: 'True',
                      reason: 'SecretSynced',
                      message: 'secret synced',
                    }
                  : {
                      type: 'Ready',
                      status: 'False',
                      reason: 'SecretSyncedError',
                      message:
                        'could not get secret data from provider: error generating secret: unable to get authorization token: AccessDeniedException',
                    },
              ],
            },
          }
        : o,
    );
    const created = await applyObjects(sandbox, cluster, objects);
    const es = created['ExternalSecret/ecr-pull-secret'];
    await applyObjects(
      sandbox,
      cluster,
      [
        dockerConfigSecret(namespace, 'ecr-pull-secret', canary, REGISTRY, {
          labels: { 'reconcile.external-secrets.io/managed': 'true' },
          ownerReferences: [
            {
              apiVersion: 'external-secrets.io/v1',
              kind: 'ExternalSecret',
              name: es.metadata.name,
              uid: es.metadata.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        }),
      ],
      'external-secrets',
    );
  };
  await external(NODE_CLUSTER, 'loyalty');
  await external(ESO_CLUSTER, 'rewards');
  // ESO's generator failing (the controller's role may not call ecr:GetAuthorizationToken),
  // and an ExternalSecret refreshed once a day.
  await external(NODE_CLUSTER, 'points', { ready: false });
  await external(NODE_CLUSTER, 'coupons', { refreshInterval: '24h' });

  // --- service-account-token cluster ---
  for (const file of [
    'ecr-role-arn.yaml',
    'trust-policy-cases.yaml',
    'expired-secret-node-cannot-pull.yaml',
  ]) {
    await applyObjects(
      sandbox,
      TOKEN_CLUSTER,
      publicCaseFile(`service-account-token/${file}`),
    );
  }
}

/**
 * The Fargate profile of shop-use1 (namespace reports) as config states it too, used only
 * where the profiles cannot be read from EKS; the rest of each cluster's facts (its node
 * role) are the scenario's.
 */
function clusterFacts(c: SandboxCluster): JsonObject {
  if (c.name !== NODE_CLUSTER) return {};
  return {
    fargate: {
      namespaces: ['reports'],
      podExecutionRoleArns: [nodeRoleArn('eks-fargate-pods-shop')],
    },
  };
}

type Status = {
  health: string;
  mechanisms: string[];
  runtimeIdentities: string[];
  findings: Array<{
    code: string;
    severity: string;
    message: string;
    subject: string;
  }>;
  summary: string;
  stale: boolean;
  checked?: boolean;
  clusters: Array<{ cluster: string; reachable: boolean }>;
  workloads: Array<{
    cluster: string;
    pullAuth: string;
    runtimeIdentity: string;
    containers: Array<{
      name: string;
      pullAuth: string;
      effectivePullAuth?: string;
      secret?: { refresher?: { kind: string; name: string } };
    }>;
  }>;
};

/** Where a case leaves a field unchecked. */
const ANY_ARRAY = expect.any(Array);

const codes = (s: Status) => [...new Set(s.findings.map(f => f.code))].sort();

/**
 * The summary never contradicts the health (README, "The sentence never contradicts health"):
 * an ok status mentions no failure; an error status never says "Pulls use IRSA" and names one
 * of its errors.
 */
function expectSummaryAgrees(s: Status) {
  const errors = s.findings
    .filter(f => f.severity === 'error')
    .map(f => f.message);
  expect({
    contradicts:
      s.health === 'ok' &&
      /fail|expired|unknown|cannot|not yet/i.test(s.summary),
    saysIrsaWorks: s.health === 'error' && /^Pulls use IRSA/.test(s.summary),
    namesAnError:
      s.health !== 'error' ||
      errors.some(m => s.summary.includes(m)) ||
      /expired|fail/.test(s.summary),
  }).toEqual({ contradicts: false, saysIrsaWorks: false, namesAnError: true });
}

/** The whole plugin over a sandbox, its start-up audit finished. */
async function startPlugin(
  sandbox: Sandbox,
  entities: Entity[],
  options: {
    ecrAccess?: JsonObject;
    clusterFacts?: (c: SandboxCluster) => JsonObject;
  } = {},
) {
  const plugin = await startAuditingBackend({
    sandbox,
    knex: await databases.init('SQLITE_3'),
    entities,
    ecrAccess: {
      schedule: { frequency: 'PT30M', timeout: 'PT2M', initialDelay: 'PT0S' },
      ...options.ecrAccess,
    },
    appConfig: {
      clusterFacts: c => ({ ...clusterFacts(c), ...options.clusterFacts?.(c) }),
    },
  });
  await untilAudited(plugin.get, sandbox.clusters.length, 60_000);
  return plugin;
}

interface Expected {
  mechanisms: string[];
  health: string;
  codes: string[];
  runtime?: string[];
  summary?: RegExp;
  /** Per container: [name, pullAuth, effectivePullAuth?]. */
  containers?: Array<[string, string, string?]>;
}

const EXPECTED: Array<[string, string, Expected]> = [
  [
    'reviews-api',
    'IRSA role-arn by eksctl on a node-role cluster: node role pulls, IRSA serves runtime',
    {
      mechanisms: ['node-role'],
      health: 'ok',
      codes: ['IRSA_NOT_USED_FOR_PULLS'],
      runtime: ['irsa'],
      summary:
        /^Pulls use the node role; the IRSA role serves runtime calls only$/,
    },
  ],
  [
    'audit-trail',
    'EKS Pod Identity association: node role pulls, Pod Identity serves runtime',
    {
      mechanisms: ['node-role'],
      health: 'ok',
      codes: [],
      runtime: ['pod-identity'],
    },
  ],
  [
    'checkout',
    'Helm chart labels found by kubernetes-label-selector: node role',
    {
      mechanisms: ['node-role'],
      health: 'ok',
      codes: [],
      runtime: ['node-role'],
      summary: /^Pulls use the node role$/,
    },
  ],
  [
    'billing-close',
    'a CronJob service: node role',
    { mechanisms: ['node-role'], health: 'ok', codes: [] },
  ],
  [
    'reports-renderer',
    'a namespace of a Fargate profile: the pod execution role pulls',
    {
      mechanisms: ['fargate-role'],
      health: 'ok',
      codes: [],
      runtime: ['none'],
      summary: /^Pulls use the Fargate pod execution role$/,
    },
  ],
  [
    'docs-site',
    'public.ecr.aws image with a Docker Hub init container: anonymous',
    {
      mechanisms: ['anonymous'],
      health: 'ok',
      codes: [],
      containers: [
        ['wait-for-config', 'anonymous'],
        ['nginx', 'anonymous'],
      ],
    },
  ],
  [
    'notify-sender',
    'a pod naming a pull secret that does not exist: the node role pulls',
    {
      mechanisms: ['node-role'],
      health: 'warning',
      codes: ['SECRET_MASKED_BY_NODE_ROLE', 'SECRET_MISSING'],
    },
  ],
  [
    'ledger-sync',
    'expired static secret masked by a node role that can pull',
    {
      mechanisms: ['node-role', 'static-secret'],
      health: 'warning',
      codes: ['SECRET_EXPIRED', 'SECRET_MASKED_BY_NODE_ROLE'],
      summary:
        /^Pulls use a static secret that expired \d+ (h|days) ago; the node role pulls in its place$/,
      containers: [['ledger-sync', 'static-secret', 'node-role']],
    },
  ],
  [
    'orders-worker',
    'the classic regcred CronJob (kubectl apply, Role get/create/patch)',
    {
      mechanisms: ['rotating-secret'],
      health: 'ok',
      codes: [],
      summary: /by CronJob ecr-cred-updater$/,
    },
  ],
  [
    'payroll-worker',
    'the regcred CronJob whose latest Job failed',
    {
      mechanisms: ['rotating-secret'],
      health: 'error',
      codes: ['REFRESHER_FAILING'],
    },
  ],
  [
    'crm-worker',
    'the regcred CronJob, suspended',
    {
      mechanisms: ['rotating-secret'],
      health: 'error',
      codes: ['REFRESHER_FAILING'],
    },
  ],
  [
    'invoice-renderer',
    'a delete+create regcred CronJob that runs daily (REFRESHER_TOO_SLOW is an error by default)',
    {
      mechanisms: ['rotating-secret'],
      health: 'error',
      codes: ['REFRESHER_TOO_SLOW'],
    },
  ],
  [
    'analytics-etl',
    'nabsul/k8s-ecr-login-renew in its own namespace, ClusterRole, dotted secret name',
    {
      mechanisms: ['rotating-secret'],
      health: 'ok',
      codes: [],
      summary: /by CronJob cron-k8s-ecr-login-renew$/,
    },
  ],
  [
    'catalog-indexer',
    'upmc registry-creds: default ServiceAccount imagePullSecrets copied at admission',
    { mechanisms: ['rotating-secret'], health: 'ok', codes: [] },
  ],
  [
    'loyalty-api',
    'External Secrets ECRAuthorizationToken generator (ExternalSecret v1)',
    {
      mechanisms: ['rotating-secret'],
      health: 'ok',
      codes: [],
      summary: /by ExternalSecret ecr-pull-secret$/,
    },
  ],
  [
    'payments-api',
    'ecr-role-arn on a service-account-token cluster, dotted ServiceAccount name',
    {
      mechanisms: ['service-account-role'],
      health: 'ok',
      codes: [],
      summary: /^Pulls use IRSA \(role payments-ecr-pull\) on tokens-use1$/,
    },
  ],
  [
    'shipping-api',
    'trust policy naming the wrong namespace',
    {
      mechanisms: ['service-account-role'],
      health: 'error',
      codes: ['TRUST_POLICY_MISMATCH'],
      summary:
        /^Pulls with IRSA \(role shipping-ecr-pull\) on tokens-use1 fail: .*shipping-staging/,
    },
  ],
  [
    'fraud-scorer',
    "trust policy federating another cluster's OIDC issuer",
    {
      mechanisms: ['service-account-role'],
      health: 'error',
      codes: ['TRUST_POLICY_MISMATCH'],
      summary: /^Pulls with IRSA \(role fraud-ecr-pull\) on tokens-use1 fail: /,
    },
  ],
  [
    'search-indexer',
    'trust policy with StringLike system:serviceaccount:search:*',
    {
      mechanisms: ['service-account-role'],
      health: 'warning',
      codes: ['TRUST_POLICY_TOO_BROAD'],
      summary: /^Pulls use IRSA \(role search-ecr-pull\) on tokens-use1$/,
    },
  ],
  [
    'geo-tiles',
    'trust policy without an aud condition',
    {
      mechanisms: ['service-account-role'],
      health: 'warning',
      codes: ['TRUST_POLICY_TOO_BROAD'],
    },
  ],
  [
    'risk-models',
    'trust policy with a Deny for this ServiceAccount beside a namespace-wide Allow',
    {
      mechanisms: ['service-account-role'],
      health: 'error',
      // The Deny refuses the token; the Allow it overrides is namespace-wide (StringLike).
      codes: ['TRUST_POLICY_MISMATCH', 'TRUST_POLICY_TOO_BROAD'],
      summary:
        /^Pulls with IRSA \(role risk-ecr-pull\) on tokens-use1 fail: .*Deny/,
    },
  ],
  [
    'my-app',
    'seed 000: eksctl IRSA role "for ECR" (pull on *) on a node-role cluster: node role pulls',
    {
      mechanisms: ['node-role'],
      // README, "Every role in play is checked": pull on every repository is POLICY_TOO_BROAD
      // for the pod's runtime role too.
      health: 'warning',
      codes: ['IRSA_NOT_USED_FOR_PULLS', 'POLICY_TOO_BROAD'],
      runtime: ['irsa'],
      summary:
        /^Pulls use the node role; the IRSA role serves runtime calls only$/,
    },
  ],
  [
    'my-app-on-tokens',
    'seed 000 on a service-account-token cluster: role-arn is not ecr-role-arn, the node role cannot pull',
    {
      mechanisms: ['node-role'],
      health: 'error',
      codes: [
        'IRSA_NOT_USED_FOR_PULLS',
        'POLICY_TOO_BROAD',
        'ROLE_LACKS_ECR_PULL',
      ],
      runtime: ['irsa'],
      summary: /^Pulls with the node role fail: .*eks-node-tokens/,
    },
  ],
  [
    'legacy-portal',
    'a pull secret named by the default ServiceAccount only, expired, image by digest',
    {
      mechanisms: ['node-role', 'static-secret'],
      health: 'warning',
      codes: ['SECRET_EXPIRED', 'SECRET_MASKED_BY_NODE_ROLE'],
      containers: [['portal', 'static-secret', 'node-role']],
    },
  ],
  [
    'legacy-billing',
    'an expired static secret that nothing can pull in place of',
    {
      mechanisms: ['static-secret'],
      health: 'error',
      codes: ['SECRET_EXPIRED'],
      summary: /^Pulls use a static secret that expired \d+ h ago$/,
    },
  ],
  [
    'edge-proxy',
    'dual-stack ECR host with tag and digest, node role with AmazonEC2ContainerRegistryPullOnly',
    {
      mechanisms: ['node-role'],
      health: 'ok',
      codes: [],
      summary: /^Pulls use the node role$/,
    },
  ],
  [
    'media-transcoder',
    'trust policy with a wildcard sub under StringEquals (matches no ServiceAccount)',
    {
      mechanisms: ['service-account-role'],
      health: 'error',
      codes: ['TRUST_POLICY_MISMATCH'],
      summary: /^Pulls with IRSA \(role media-ecr-pull\) on tokens-use1 fail: /,
    },
  ],
  [
    'ads-server',
    'ECR pull role with AmazonEC2ContainerRegistryReadOnly (README: pull on every repository is POLICY_TOO_BROAD)',
    {
      mechanisms: ['service-account-role'],
      health: 'warning',
      codes: ['POLICY_TOO_BROAD'],
      summary: /^Pulls use IRSA \(role ads-ecr-pull\) on tokens-use1$/,
    },
  ],
  [
    'points-api',
    'External Secrets ExternalSecret not Ready (generator AccessDenied)',
    {
      mechanisms: ['rotating-secret'],
      health: 'error',
      codes: ['REFRESHER_FAILING'],
      summary: /AccessDeniedException$/,
    },
  ],
  [
    'coupons-api',
    'External Secrets ExternalSecret with refreshInterval 24h',
    {
      mechanisms: ['rotating-secret'],
      health: 'error',
      codes: ['REFRESHER_TOO_SLOW'],
    },
  ],
  [
    'aws-load-balancer-controller',
    "an image of AWS's EKS add-on registry (account 602401143452): its repository policy cannot be read",
    {
      mechanisms: ['node-role'],
      // Honest rather than ok: a cross-account pull needs the repository policy, which only
      // AWS can read (README: what cannot be read is undecided, never guessed).
      health: 'unknown',
      codes: ['IAM_FACTS_MISSING', 'IRSA_NOT_USED_FOR_PULLS'],
      runtime: ['irsa'],
      summary:
        /^Pulls are set up to use the node role, but whether it can pull is unknown: /,
    },
  ],
  [
    'shop.web.v2',
    'an entity name with dots, as kubernetes-id',
    {
      mechanisms: ['node-role'],
      health: 'ok',
      codes: [],
      summary: /^Pulls use the node role$/,
    },
  ],
];

describe('public manifests, as people write them, through the whole plugin', () => {
  let sandbox: Sandbox;

  useSandbox({
    scenario: scenario() as any,
    started: async running => {
      sandbox = running;
      await applyWorld(sandbox);
    },
  });

  describe('with the default configuration (pull secrets read as metadata)', () => {
    let plugin: Awaited<ReturnType<typeof startPlugin>>;

    beforeAll(async () => {
      plugin = await startPlugin(sandbox, ENTITIES);
    });
    afterAll(() => plugin?.backend.stop());

    async function status(name: string): Promise<Status> {
      const res = await plugin.get(
        `/entities/component/default/${name}/status`,
      );
      expect(res.status).toBe(200);
      expectNoCanary(sandbox, res.text);
      return res.body;
    }

    async function auditRefs(query: string): Promise<string[]> {
      const res = await plugin.get(`/audit?${query}&limit=500`);
      expect(res.status).toBe(200);
      return res.body.items.map((i: { entityRef: string }) => i.entityRef);
    }

    it.each(EXPECTED)('%s: %s', async (name, _title, expected) => {
      const s = await status(name);
      expect({
        mechanisms: s.mechanisms,
        health: s.health,
        codes: codes(s),
        runtime: s.runtimeIdentities,
        summary: s.summary,
        containers: s.workloads.flatMap(w =>
          w.containers.map(c =>
            [c.name, c.pullAuth, c.effectivePullAuth].filter(Boolean),
          ),
        ),
      }).toEqual({
        mechanisms: expected.mechanisms,
        health: expected.health,
        codes: [...expected.codes].sort(),
        runtime: expected.runtime ?? ANY_ARRAY,
        summary: expect.stringMatching(expected.summary ?? /^./),
        containers: expected.containers ?? ANY_ARRAY,
      });
      expect(s.stale).toBe(false);
      expectSummaryAgrees(s);
    });

    it('keeps the expired secret findable by mechanism static-secret, finding code and node-role', async () => {
      for (const query of [
        'mechanism=static-secret',
        'finding=SECRET_EXPIRED',
        'mechanism=node-role',
      ]) {
        expect(await auditRefs(query)).toContain(
          'component:default/ledger-sync',
        );
      }
      // A rotating secret is not static, and a healthy IRSA pull is not on the node role.
      expect(await auditRefs('mechanism=static-secret')).not.toContain(
        'component:default/orders-worker',
      );
      expect(await auditRefs('mechanism=node-role')).not.toContain(
        'component:default/payments-api',
      );
    });

    it('names the refresher of each rotating secret', async () => {
      const refresherOf = async (name: string) =>
        (await status(name)).workloads[0].containers[0].secret?.refresher;
      expect(await refresherOf('orders-worker')).toMatchObject({
        kind: 'CronJob',
        name: 'ecr-cred-updater',
      });
      expect(await refresherOf('analytics-etl')).toMatchObject({
        kind: 'CronJob',
        namespace: 'ecr-renew',
        name: 'cron-k8s-ecr-login-renew',
      });
      expect(await refresherOf('loyalty-api')).toMatchObject({
        kind: 'ExternalSecret',
        name: 'ecr-pull-secret',
      });
      expect(await refresherOf('catalog-indexer')).toMatchObject({
        name: 'registry-creds',
      });
    });

    it('maps-api: Principal "*" pinned to one ServiceAccount by sub and aud still pulls', async () => {
      // Whether Principal "*" deserves TRUST_POLICY_TOO_BROAD when the issuer's own :sub and
      // :aud pin one ServiceAccount is the engine's call (it flags it today); the pull works.
      const s = await status('maps-api');
      expect(s.mechanisms).toEqual(['service-account-role']);
      expect(s.health).not.toBe('error');
      expect(codes(s).every(c => c === 'TRUST_POLICY_TOO_BROAD')).toBe(true);
      expect(s.summary).toBe(
        'Pulls use IRSA (role maps-ecr-pull) on tokens-use1',
      );
    });

    it('wiki: the catalog label on the pod template only finds the Deployment whose pods carry it', async () => {
      // The label is on the pods, not on the Deployment: the Kubernetes plugin lists pods by
      // label and shows them under the entity, so their Deployment is the entity's and judged.
      const s = await status('wiki');
      expect(s.workloads).toEqual([
        expect.objectContaining({
          kind: 'Deployment',
          namespace: 'wiki',
          name: 'wiki',
        }),
      ]);
      expect(s.mechanisms).toEqual(['node-role']);
      expect(s.health).toBe('ok');
      expect(codes(s)).toEqual([]);
    });

    // kubelet (pkg/credentialprovider/secrets): only kubernetes.io/dockerconfigjson and
    // kubernetes.io/dockercfg secrets are read for pulls; the engine's own rule
    // (ecr-access-node pullSecrets.ts) reports a named secret of another type as
    // SECRET_REGISTRY_MISMATCH ("is of type Opaque, which the kubelet does not use for pulls").
    // The collector lists pull secrets with type field selectors only, so the Opaque regcred
    // that exists is reported as SECRET_MISSING, "which does not exist in intranet".
    it('intranet: an Opaque secret named as pull secret is reported as the wrong type, not as missing', async () => {
      const s = await status('intranet');
      expect(s.mechanisms).toEqual(['node-role']);
      expect(codes(s)).toEqual([
        'SECRET_MASKED_BY_NODE_ROLE',
        'SECRET_REGISTRY_MISMATCH',
      ]);
    });

    // README, "How a refresher is recognised": "a Deployment's [health comes] from its available
    // replicas", and registry-creds-style controllers are recognised. registry-creds refreshes
    // awsecr-cred from its one replica (every 11 h 55 min, its README); with no replica
    // available nothing refreshes the secret written 6 h ago. The engine takes the secret's
    // writer (managedFields manager registry-creds) for a "Controller" refresher, which never
    // has a finding (refresherHealth.ts), and says "rotating secret", health ok.
    it('inventory-indexer: registry-creds with no available replica is REFRESHER_FAILING, not ok', async () => {
      const s = await status('inventory-indexer');
      expect(s.mechanisms).toEqual(['rotating-secret']);
      expect(codes(s)).toContain('REFRESHER_FAILING');
      expect(s.health).not.toBe('ok');
    });

    // IAM "Policy evaluation logic": an explicit Deny overrides any Allow; IAM "Condition
    // operators": StringNotEquals on <issuer>:sub is true for every token but kyc-checker's. The
    // role therefore admits exactly one ServiceAccount, yet the engine reads the Allow alone and
    // reports TRUST_POLICY_TOO_BROAD "no condition on :sub admits every ServiceAccount of the
    // cluster" (warning).
    it('kyc-checker: an Allow narrowed by a StringNotEquals Deny to one ServiceAccount is not too broad', async () => {
      const s = await status('kyc-checker');
      expect({
        mechanisms: s.mechanisms,
        health: s.health,
        codes: codes(s),
      }).toEqual({
        mechanisms: ['service-account-role'],
        health: 'ok',
        codes: [],
      });
    });

    // The "ecr-registry-credentials" CronJob (examples/kubernetes/public-cases/node-role/
    // ecr-registry-credentials-cronjob.yaml; its script is the widely copied gist's
    // SECRET_NAME=${AWS_REGION}-ecr-registry...) may write secrets in its namespace and re-creates
    // us-east-1-ecr-registry-credentials every 6 hours, but builds the name from AWS_REGION (an
    // env value), so the literal name appears nowhere. The engine then calls the secret static,
    // "expires in 11 h and nothing refreshes it" (SECRET_EXPIRES_SOON), a false alarm.
    it('warehouse-api: a refresher that builds the secret name from ${AWS_REGION} is a rotating secret', async () => {
      const s = await status('warehouse-api');
      expect({
        mechanisms: s.mechanisms,
        health: s.health,
        codes: codes(s),
      }).toEqual({
        mechanisms: ['rotating-secret'],
        health: 'ok',
        codes: [],
      });
    });

    // External Secrets Operator v0.17.0 release notes: "BREAKING CHANGE: v0.17.0 Stops serving
    // v1beta1 apis" (https://github.com/external-secrets/external-secrets/releases/tag/v0.17.0).
    // On such a cluster GET /apis/external-secrets.io/v1beta1/externalsecrets is 404 (a CRD
    // version with served: false), while the ExternalSecret is served as v1 and keeps the
    // secret fresh every hour. The collector lists v1beta1 only (collect/kubernetesKinds.ts) and
    // reads the 404 as "no ExternalSecrets", so the secret ESO writes (manager external-secrets,
    // owned by the ExternalSecret) is called static: SECRET_EXPIRES_SOON "nothing refreshes it".
    it('rewards-api: an ExternalSecret served as external-secrets.io/v1 only (ESO >= 0.17) is a rotating secret, ok', async () => {
      const s = await status('rewards-api');
      expect(s.mechanisms).toEqual(['rotating-secret']);
      expect(s.health).toBe('ok');
      expect(codes(s)).toEqual([]);
    });

    // Kubernetes docs, "Images" / "Pull an Image from a Private Registry": the kubelet uses a
    // pull secret's credentials only for the registry hosts it has entries for; other images
    // are pulled with the credential provider (here the node role). dockerhub-creds (written
    // once, 90 days ago, for https://index.docker.io/v1/) never held an ECR token, so nothing
    // expired: the plugin says "Pulls use a static secret that expired 89 days ago" with
    // SECRET_EXPIRED and SECRET_MASKED_BY_NODE_ROLE on the ECR image. With hosts unread the
    // truthful answer may be "unknown", never a confident SECRET_EXPIRED.
    it('storefront: a Docker Hub secret beside an ECR image raises no SECRET_EXPIRED', async () => {
      const s = await status('storefront');
      expect(codes(s)).not.toContain('SECRET_EXPIRED');
      expect(codes(s)).not.toContain('SECRET_MASKED_BY_NODE_ROLE');
      expect(s.summary).not.toMatch(/expired/);
    });
  });

  describe('with ecrAccess.kubernetes.readPullSecretHosts', () => {
    let plugin: Awaited<ReturnType<typeof startPlugin>>;

    beforeAll(async () => {
      plugin = await startPlugin(sandbox, ENTITIES, {
        ecrAccess: { kubernetes: { readPullSecretHosts: true } },
      });
    });
    afterAll(() => plugin?.backend.stop());

    const status = async (name: string): Promise<Status> => {
      const res = await plugin.get(
        `/entities/component/default/${name}/status`,
      );
      expect(res.status).toBe(200);
      expectNoCanary(sandbox, res.text);
      return res.body;
    };

    it('storefront: the ECR image pulls with the node role, the Docker Hub image with its secret, no finding', async () => {
      const s = await status('storefront');
      expect(codes(s)).toEqual([]);
      expect(s.health).toBe('ok');
      expect(s.workloads[0].containers.map(c => [c.name, c.pullAuth])).toEqual([
        ['web', 'node-role'],
        ['search-proxy', 'static-secret'],
      ]);
      expectSummaryAgrees(s);
    });

    it('ledger-sync: the expired ECR secret is still SECRET_EXPIRED and masked', async () => {
      const s = await status('ledger-sync');
      expect(codes(s)).toEqual([
        'SECRET_EXPIRED',
        'SECRET_MASKED_BY_NODE_ROLE',
      ]);
      expect(s.health).toBe('warning');
    });
  });

  describe('an on-demand refresh of each entity (POST /refresh) agrees with the audit', () => {
    let plugin: Awaited<ReturnType<typeof startPlugin>>;

    beforeAll(async () => {
      plugin = await startPlugin(sandbox, ENTITIES);
    });
    afterAll(() => plugin?.backend.stop());

    const verdict = (s: Status) => ({
      mechanisms: s.mechanisms,
      health: s.health,
      codes: codes(s),
    });

    /** The audit's verdict, then the verdict after an on-demand refresh. */
    async function refreshed(name: string) {
      const entityPath = `/entities/component/default/${name}`;
      const before: Status = (await plugin.get(`${entityPath}/status`)).body;
      const res = await plugin.post(`${entityPath}/refresh`);
      expect(res.status).toBeLessThan(300);
      const after: Status = (await plugin.get(`${entityPath}/status`)).body;
      expectNoCanary(sandbox, JSON.stringify(after));
      return { before: verdict(before), after: verdict(after) };
    }

    it.each(
      ENTITIES.map(e => e.metadata.name).filter(n => n !== 'analytics-etl'),
    )('%s', async name => {
      const { before, after } = await refreshed(name);
      expect(after).toEqual(before);
    });

    // nabsul/k8s-ecr-login-renew's CronJob runs in its own namespace (ecr-renew) and writes the
    // secret into TARGET_NAMESPACE through a ClusterRoleBinding (its chart, see
    // examples/kubernetes/public-cases/node-role/k8s-ecr-login-renew.yaml). The scheduled audit
    // finds it; the on-demand refresh (collect/collectForEntity.ts) reads possible refreshers in
    // the entity's namespaces only, so a refresh turns "rotating-secret, ok" into
    // "static-secret, warning, SECRET_EXPIRES_SOON: nothing refreshes it" until the next audit.
    it('analytics-etl: a refresher CronJob in another namespace is still found by a refresh', async () => {
      const { before, after } = await refreshed('analytics-etl');
      expect(before.mechanisms).toEqual(['rotating-secret']);
      expect(after).toEqual(before);
    });
  });

  describe('manifests applied after start-up, then POST /refresh', () => {
    let plugin: Awaited<ReturnType<typeof startPlugin>>;
    const late = ['late-irsa', 'late-fargate', 'late-regcred'];

    beforeAll(async () => {
      plugin = await startPlugin(sandbox, [
        ...ENTITIES,
        ...late.map(name => component(name)),
      ]);
      // What a GitOps controller applies once the services are in the catalog: the same
      // public files, in new namespaces, and the role created through IAM.
      await createRole(
        sandbox,
        'late-ecr-pull',
        eksctlTrust(sandbox, TOKEN_CLUSTER, 'late', 'late-api'),
        'ecr-pull',
        ecrPullPolicy('payments/api'),
      );
      await applyObjects(
        sandbox,
        TOKEN_CLUSTER,
        publicCaseFile('service-account-token/ecr-role-arn.yaml', text =>
          text
            .replace(/payments\.api/g, 'late-api')
            .replace(/payments-ecr-pull/g, 'late-ecr-pull')
            .replace(/namespace: payments/g, 'namespace: late')
            .replace(/name: payments$/m, 'name: late')
            .replace(/kubernetes-id: payments-api/, 'kubernetes-id: late-irsa'),
        ),
      );
      await applyObjects(
        sandbox,
        NODE_CLUSTER,
        publicCaseFile('node-role/fargate-profile.yaml', text =>
          text.replace(/reports-renderer/g, 'late-fargate'),
        ),
      );
      await applyObjects(
        sandbox,
        NODE_CLUSTER,
        publicCaseFile('node-role/regcred-cronjob-apply.yaml', text =>
          text
            .replace(/orders/g, 'lateregcred')
            .replace(/lateregcred-worker/g, 'late-regcred'),
        ).map(o =>
          o.kind === 'CronJob'
            ? { ...o, status: { lastSuccessfulTime: ago(HOUR) } }
            : o,
        ),
      );
      await applyObjects(sandbox, NODE_CLUSTER, [
        dockerConfigSecret('lateregcred', 'regcred', sandbox.canary, REGISTRY),
      ]);
    });
    afterAll(() => plugin?.backend.stop());

    it.each([
      [
        'late-irsa',
        'service-account-role',
        /^Pulls use IRSA \(role late-ecr-pull\) on tokens-use1$/,
      ],
      [
        'late-fargate',
        'fargate-role',
        /^Pulls use the Fargate pod execution role$/,
      ],
      ['late-regcred', 'rotating-secret', /by CronJob ecr-cred-updater$/],
    ])('%s reads %s, ok, after a refresh', async (name, mechanism, summary) => {
      const entityPath = `/entities/component/default/${name}`;
      const before: Status = (await plugin.get(`${entityPath}/status`)).body;
      expect(before.workloads).toEqual([]);
      const res = await plugin.post(`${entityPath}/refresh`);
      expect(res.status).toBeLessThan(300);
      const s: Status = (await plugin.get(`${entityPath}/status`)).body;
      expect({
        mechanisms: s.mechanisms,
        health: s.health,
        codes: codes(s),
      }).toEqual({
        mechanisms: [mechanism],
        health: 'ok',
        codes: [],
      });
      expect(s.summary).toMatch(summary);
      expectNoCanary(sandbox, JSON.stringify(s));
    });
  });
});

describe('a cluster down from start-up, beside one that answers', () => {
  let sandbox: Sandbox;
  let plugin: Awaited<ReturnType<typeof startPlugin>>;

  useSandbox({
    scenario: {
      name: 'public-manifests-down',
      accounts: [
        {
          id: ACCOUNT,
          credentials: [{ accessKeyId: 'AKIAECRACCESSDEMO0001' }],
          roles: [
            {
              name: 'eks-node-shop',
              trust: { service: ['ec2.amazonaws.com'] },
              managedPolicies: ['AmazonEC2ContainerRegistryPullOnly'],
            },
          ],
          // helm-chart-labels.yaml's image: a repository that does not exist is an error.
          repositories: [{ name: 'checkout/web', region: 'us-east-1' }],
        },
      ],
      clusters: [
        {
          name: NODE_CLUSTER,
          account: ACCOUNT,
          region: 'us-east-1',
          imagePullAuth: 'node-role',
          nodeRole: 'eks-node-shop',
        },
        {
          name: 'edge-euw1',
          account: ACCOUNT,
          region: 'eu-west-1',
          imagePullAuth: 'node-role',
          nodeRole: 'eks-node-shop',
        },
      ],
      faults: [{ api: 'kubernetes', cluster: 'edge-euw1', down: true }],
    } as any,
    started: async running => {
      sandbox = running;
      await applyObjects(
        sandbox,
        NODE_CLUSTER,
        publicCaseFile('node-role/helm-chart-labels.yaml'),
      );
      // Both clusters' nodes use eks-node-shop: the scenario says so, and so the app-config.
      plugin = await startPlugin(
        sandbox,
        ENTITIES.filter(e => e.metadata.name === 'checkout'),
      );
    },
    stopping: () => plugin?.backend.stop(),
  });

  it('says CLUSTER_UNREACHABLE, stale, never ok, and keeps what the other cluster showed', async () => {
    const res = await plugin.get('/entities/component/default/checkout/status');
    expect(res.status).toBe(200);
    const s: Status = res.body;
    expect(codes(s)).toEqual(['CLUSTER_UNREACHABLE']);
    expect(
      s.findings.find(f => f.code === 'CLUSTER_UNREACHABLE')?.subject,
    ).toBe('cluster edge-euw1');
    expect(s.stale).toBe(true);
    expect(s.health).toBe('unknown');
    expect(s.clusters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ cluster: 'edge-euw1', reachable: false }),
        expect.objectContaining({ cluster: NODE_CLUSTER, reachable: true }),
      ]),
    );
    expect(s.workloads.map(w => w.cluster)).toEqual([NODE_CLUSTER]);
    expect(s.mechanisms).toEqual(['node-role']);
    expect(s.summary).not.toMatch(/^Pulls use the node role$/);
    expect(s.summary).toMatch(/edge-euw1/);
    const unknown = await plugin.get('/audit?health=unknown&stale=true');
    expect(
      unknown.body.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual(['component:default/checkout']);
  });
});

describe('the only cluster of an entity, down from start-up', () => {
  let sandbox: Sandbox;
  let plugin: Awaited<ReturnType<typeof startPlugin>>;

  useSandbox({
    scenario: {
      name: 'public-manifests-only-cluster-down',
      accounts: [
        {
          id: ACCOUNT,
          credentials: [{ accessKeyId: 'AKIAECRACCESSDEMO0001' }],
        },
      ],
      clusters: [
        {
          name: 'edge-euw1',
          account: ACCOUNT,
          region: 'eu-west-1',
          imagePullAuth: 'node-role',
        },
      ],
      faults: [{ api: 'kubernetes', cluster: 'edge-euw1', down: true }],
    } as any,
    started: async running => {
      sandbox = running;
      plugin = await startPlugin(
        sandbox,
        ENTITIES.filter(e => e.metadata.name === 'reviews-api'),
        { clusterFacts: () => ({ nodeRoleArns: [] }) },
      );
    },
    stopping: () => plugin?.backend.stop(),
  });

  it('says CLUSTER_UNREACHABLE, stale, unknown, with no workload and never ok', async () => {
    const res = await plugin.get(
      '/entities/component/default/reviews-api/status',
    );
    expect(res.status).toBe(200);
    const s: Status = res.body;
    expect(codes(s)).toEqual(['CLUSTER_UNREACHABLE']);
    expect(s).toMatchObject({
      health: 'unknown',
      stale: true,
      checked: false,
      workloads: [],
      mechanisms: [],
    });
    expect(s.clusters).toEqual([
      expect.objectContaining({ cluster: 'edge-euw1', reachable: false }),
    ]);
    expect(s.summary).toMatch(/^Not yet checked: edge-euw1 unreachable/);
    expect(res.text).not.toMatch(/127\.0\.0\.1|http:\/\//);
  });
});
