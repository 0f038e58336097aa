import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { IAMClient } from '@aws-sdk/client-iam';
import { SdkAwsClients } from '@ecr-access/plugin-ecr-access-node/clients';
import type { Sandbox } from '@ecr-access/sandbox';
import {
  AWS_SECRET_ACCESS_KEY,
  capturingLogger,
  expectNothingSecretSaid,
  recordSaid,
  sandboxAppConfig,
  useSandbox,
} from '@ecr-access/test-utils';
import { ProvisioningActionOptions } from '../actions/deps';
import {
  BOUNDARY,
  provisioningScenario,
} from '../__fixtures__/provisioningScenario';
import { capturingAuditor } from './capturedAudit';

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
): ProvisioningActionOptions & {
  auditor: ReturnType<typeof capturingAuditor>;
} {
  const config = sandboxConfig(sandbox);
  return {
    config,
    permissions: fakePermissions() as any,
    auditor: capturingAuditor(),
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

/**
 * The provisioning sandbox for a suite of action tests, as each test expects to find it: no
 * faults, IAM consistent at once and the request counts at zero before each test; after
 * each, nothing the actions said (outputs, log lines, checkpoints, audit events) holds a
 * secret, and at least `secretsSaidAtLeast` things were said. `started` gets the sandbox
 * and the platform account's IAM client once the sandbox is up.
 */
export function useProvisioningSuite(
  options: {
    started?: (sandbox: Sandbox, iam: IAMClient) => Promise<void> | void;
    secretsSaidAtLeast?: number;
  } = {},
): () => Sandbox {
  const sandbox = useProvisioningSandbox(started =>
    options.started?.(started, platformIamClient(started)),
  );
  beforeEach(async () => {
    await sandbox().setFaults([]);
    await sandbox().setIamPropagation(0);
    sandbox().resetRequestCounts();
  });
  afterEach(() =>
    expectNothingSecretSaid(sandbox(), {
      atLeast: options.secretsSaidAtLeast,
    }),
  );
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
  // Typed with our plugin-scaffolder-node: the registry's newest scaffolder-node-test-utils
  // (0.3.14) is a 1.55-era build, and without the annotation tsc names its own copy's type.
  const ctx: ActionContext<any, any> = createMockActionContext({
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
