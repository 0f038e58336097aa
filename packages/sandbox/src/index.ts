/**
 * Wire-level simulators of the Kubernetes API and of AWS IAM, STS, EKS and
 * ECR, seeded from scenario files, with fault injection. A simulator for
 * tests, benchmarks and the demo: not a real cluster, not real AWS.
 *
 * @packageDocumentation
 */
export { startSandbox } from './startSandbox';
export type {
  StartSandboxOptions,
  Sandbox,
  SandboxCluster,
} from './startSandbox';
export type { FaultRule, FaultApi } from './faults';
export {
  loadScenarioFile,
  parseScenario,
  parseScenarioYaml,
  ScenarioError,
} from './scenario/load';
export type {
  Scenario,
  ScenarioInput,
  ScenarioCluster,
  ScenarioAccount,
} from './scenario/schema';
export {
  clusterIssuer,
  ecrHost,
  oidcProviderArn,
  roleArn,
} from './scenario/derived';
export {
  generateScenario,
  generateCatalogEntities,
  generatedEntityName,
  benchmarkAccessKeyId,
} from './generate';
export type { GenerateOptions } from './generate';
export { appConfigFor } from './appConfig';
export { main as runSandboxCli } from './cli';
