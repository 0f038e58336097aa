import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { IAMClient } from '@aws-sdk/client-iam';
import { SdkAwsClients } from '@ecr-access/plugin-ecr-access-node/clients';
import { Sandbox, startSandbox } from '@ecr-access/sandbox';
import { ProvisioningActionOptions } from '../actions/deps';

export const PLATFORM = '111122223333';
export const DATA = '444455556666';
export const BOUNDARY = `arn:aws:iam::${PLATFORM}:policy/boundaries/platform-boundary`;

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
    },
    {
      name: 'shared-usw2',
      account: PLATFORM,
      region: 'us-west-2',
      imagePullAuth: 'node-role',
      namespaces: ['payments'],
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

/** The app-config of the actions for a running sandbox. */
export function sandboxConfig(
  sandbox: Sandbox,
  provisioning: object = {},
  keyPrefix = 'AKIAPROVISIONING000',
) {
  return new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: sandbox.clusters.map(c => ({
            name: c.name,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.token,
            skipTLSVerify: true,
          })),
        },
      ],
    },
    aws: {
      accounts: [PLATFORM, DATA].map((accountId, i) => ({
        accountId,
        accessKeyId: `${keyPrefix}${i + 1}`,
        secretAccessKey: 'sandbox',
      })),
    },
    ecrAccess: {
      clusters: sandbox.clusters.map(c => ({
        name: c.name,
        accountId: c.account,
        region: c.region,
        imagePullAuth: c.imagePullAuth,
      })),
      provisioning: {
        roleNamePrefix: 'irsa-',
        rolePath: '/backstage/',
        permissionsBoundaryArn: BOUNDARY,
        tags: { 'cost-center': 'platform' },
        ...provisioning,
      },
    },
  });
}

export function fakeAuditor() {
  const events: Array<{ eventId: string; outcome?: string }> = [];
  return {
    events,
    createEvent: jest.fn(async ({ eventId }: { eventId: string }) => {
      const event: { eventId: string; outcome?: string } = { eventId };
      events.push(event);
      return {
        success: jest.fn(async () => {
          event.outcome = 'success';
        }),
        fail: jest.fn(async () => {
          event.outcome = 'fail';
        }),
      };
    }),
  };
}

export function fakePermissions(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  return {
    authorize: jest.fn(async (requests: unknown[]) =>
      requests.map(() => ({ result })),
    ),
    authorizeConditional: jest.fn(),
  };
}

/** Options of the actions over the sandbox, with short IAM propagation waits. */
export function sandboxOptions(
  sandbox: Sandbox,
  extra: Partial<ProvisioningActionOptions> = {},
  keyPrefix?: string,
): ProvisioningActionOptions & { auditor: ReturnType<typeof fakeAuditor> } {
  const config = sandboxConfig(sandbox, {}, keyPrefix);
  return {
    config,
    permissions: fakePermissions() as any,
    auditor: fakeAuditor(),
    aws: SdkAwsClients.fromConfig(config),
    iamPropagation: { attempts: 8, baseDelayMs: 50, maxDelayMs: 500 },
    ...extra,
  } as any;
}

export async function startProvisioningSandbox(): Promise<Sandbox> {
  const sandbox = await startSandbox({ scenario: provisioningScenario as any });
  process.env.AWS_ENDPOINT_URL = sandbox.awsEndpoint;
  process.env.AWS_REGION = 'us-east-1';
  return sandbox;
}

/** An IAM client of the platform account, for tests to read back what the actions wrote. */
export function platformIamClient(sandbox: Sandbox): IAMClient {
  return new IAMClient({
    endpoint: sandbox.awsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAPROVISIONING0001', secretAccessKey: 'x' },
  });
}

/** Writes counted by the sandbox: every IAM call but reads, and Kubernetes create/patch/delete. */
export function writes(sandbox: Sandbox): Record<string, number> {
  return Object.fromEntries(
    Object.entries(sandbox.requestCounts()).filter(
      ([operation]) =>
        !/\/(Get|List|Describe)[A-Za-z]*$/.test(operation) &&
        !/\/(get|list):/.test(operation),
    ),
  );
}

export function mockContext(
  input: Record<string, unknown>,
  dryRun = false,
  logger?: LoggerService,
) {
  const ctx = createMockActionContext({ input: input as any, logger });
  return Object.assign(ctx, { isDryRun: dryRun });
}
