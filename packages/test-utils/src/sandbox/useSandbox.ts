import {
  Sandbox,
  startSandbox,
  StartSandboxOptions,
} from '@ecr-access/sandbox';

/** What {@link useSandbox} does around the sandbox's start and stop. */
export interface UseSandboxOptions extends StartSandboxOptions {
  /** `AWS_REGION` for the suite (clients built without a region read it). */
  region?: string;
  /**
   * More environment for the suite, restored afterwards like the rest: e.g. the default
   * credential chain's `AWS_ACCESS_KEY_ID` for clients built without `aws.accounts`.
   */
  env?: Record<string, string>;
  /** Runs once the sandbox is up: the suite's own set-up (clients, a backend, seeded objects). */
  started?: (sandbox: Sandbox) => Promise<void> | void;
  /** Runs before the sandbox stops: what must go first (a backend still auditing it). */
  stopping?: () => Promise<void> | void;
  /** Of the start-up hook, when `started` takes longer than jest's default. */
  timeout?: number;
}

/**
 * Starts a sandbox before the suite's tests and stops it after them, pointing the AWS SDK at
 * it (`AWS_ENDPOINT_URL`, the SDK's own variable) for the suite and restoring the environment
 * afterwards. Call it in a `describe` body; the returned function gives the running sandbox.
 * The sandbox package's own tests start it directly: the kit depends on the sandbox, not
 * the other way round.
 */
export function useSandbox(options: UseSandboxOptions): () => Sandbox {
  const { region, env, started, stopping, timeout, ...start } = options;
  const savedEnv = { ...process.env };
  let sandbox: Sandbox | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox(start);
    process.env.AWS_ENDPOINT_URL = sandbox.awsEndpoint;
    if (region) process.env.AWS_REGION = region;
    Object.assign(process.env, env);
    await started?.(sandbox);
  }, timeout);

  afterAll(async () => {
    process.env = savedEnv;
    try {
      await stopping?.();
    } finally {
      await sandbox?.stop();
    }
  });

  return () => {
    if (!sandbox) throw new Error('the sandbox starts in beforeAll');
    return sandbox;
  };
}
