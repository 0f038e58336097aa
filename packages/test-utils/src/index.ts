/**
 * The project's one test kit, used by every test: the sandbox's lifecycle and app-config,
 * the demo's scenario and entities, permission test services, and the secret and log
 * captures that prove secrets never leave. Never published.
 *
 * @packageDocumentation
 */
export { useSandbox } from './sandbox/useSandbox';
export type { UseSandboxOptions } from './sandbox/useSandbox';
export { sandboxAppConfig } from './sandbox/sandboxAppConfig';
export { sandboxKubeConfig } from './sandbox/sandboxKubeConfig';
export type {
  SandboxAppConfig,
  SandboxAppConfigOptions,
} from './sandbox/sandboxAppConfig';
export {
  DEMO_AWS_ACCOUNTS,
  DEMO_SCENARIO,
  EXAMPLES,
  demoEntities,
} from './sandbox/demo';
export { useDateOnlyClock } from './clock/useDateOnlyClock';
export { expectNoCanary } from './secrets/canary';
export { secretForms, serialize } from './secrets/secretForms';
export {
  AWS_SECRET_ACCESS_KEY,
  expectNoSecrets,
  expectNothingSecretSaid,
  recordSaid,
  secretsOf,
} from './secrets/secretsSaid';
export {
  capturingLogger,
  capturingRootLogger,
  serializeForLog,
} from './logging/capturingLogger';
export type { CaptureOptions, LogLine } from './logging/capturingLogger';
export {
  asUser,
  credentialsOf,
  isService,
  userOf,
} from './permissions/callers';
export { actorKeepingAuth } from './permissions/actorKeepingAuth';
export {
  catalogVisibleTo,
  permissionsOfPolicy,
  recordingAuditor,
} from './permissions/policyServices';
export type { PermissionPolicyTable } from './permissions/policyServices';
