import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { IAMClient } from '@aws-sdk/client-iam';
import { SdkAwsClients } from '@ecr-access/plugin-ecr-access-node/clients';
import type { Sandbox } from '@ecr-access/sandbox';
import {
  AWS_SECRET_ACCESS_KEY,
  capturingLogger,
  recordSaid,
  sandboxAppConfig,
  useSandbox,
} from '@ecr-access/test-utils';
import { ProvisioningActionOptions } from '../actions/deps';

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
 * The app-config of the actions for a running sandbox: the kit's (keys as the scenario names
 * them, the secret key the secrets check looks for) with the provisioning defaults.
 */
export function sandboxConfig(sandbox: Sandbox, provisioning: object = {}) {
  const base = sandboxAppConfig(sandbox, {
    secretAccessKey: AWS_SECRET_ACCESS_KEY,
  });
  return new ConfigReader({
    ...base,
    ecrAccess: {
      ...base.ecrAccess,
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

/** An auditor that keeps each event, and everything said in it for the secrets check. */
export function fakeAuditor() {
  const events: Array<{ eventId: string; outcome?: string }> = [];
  const said: unknown[] = [];
  recordSaid('audit events', said);
  return {
    events,
    createEvent: jest.fn(async (options: { eventId: string }) => {
      const event: { eventId: string; outcome?: string } = {
        eventId: options.eventId,
      };
      events.push(event);
      said.push(options);
      return {
        success: jest.fn(async (details?: unknown) => {
          event.outcome = 'success';
          said.push(details);
        }),
        fail: jest.fn(async (details?: unknown) => {
          event.outcome = 'fail';
          said.push(details);
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
  // Ignored: the access keys come from the scenario's own accounts. Kept for callers that
  // still name the demo's keys (provisioning.examples.test.ts).
  _keyPrefix?: string,
): ProvisioningActionOptions & { auditor: ReturnType<typeof fakeAuditor> } {
  const config = sandboxConfig(sandbox);
  return {
    config,
    permissions: fakePermissions() as any,
    auditor: fakeAuditor(),
    aws: SdkAwsClients.fromConfig(config),
    iamPropagation: { attempts: 8, baseDelayMs: 50, maxDelayMs: 500 },
    ...extra,
  } as any;
}

/**
 * The provisioning sandbox for the suite (started before its tests, stopped after), with
 * `AWS_REGION` set as the actions' clients expect; `started` is the suite's own set-up.
 */
export function useProvisioningSandbox(
  started?: (sandbox: Sandbox) => Promise<void> | void,
  stopping?: () => Promise<void> | void,
): () => Sandbox {
  return useSandbox({
    scenario: provisioningScenario as any,
    region: 'us-east-1',
    started,
    stopping,
  });
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

/**
 * An action context whose outputs, log lines and checkpoint values are all kept for the
 * secrets check (`expectNothingSecretSaid`).
 */
export function mockContext(
  input: Record<string, unknown>,
  dryRun = false,
  logger?: LoggerService,
) {
  const recorder = capturingLogger({ forward: logger });
  const ctx = createMockActionContext({
    input: input as any,
    logger: recorder,
  });
  const checkpoints: unknown[] = [];
  recordSaid('log lines', recorder.lines);
  recordSaid('outputs', (ctx.output as jest.Mock).mock.calls);
  recordSaid('checkpoint values', checkpoints);
  return Object.assign(ctx, {
    isDryRun: dryRun,
    async checkpoint<T>(opts: { key: string; fn: () => Promise<T> }) {
      const value = await opts.fn();
      checkpoints.push({ key: opts.key, value });
      return value;
    },
  });
}
