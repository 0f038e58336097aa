/**
 * Backend library of the ecr-access plugins: the pure credential-status
 * engine (image references, pull secrets, refreshers, IAM policy and trust
 * evaluation, the classifier) and the policy builders used by the
 * scaffolder. No Kubernetes, AWS or HTTP client is imported here.
 *
 * The surface is what the backend plugin, the scaffolder module and a CLI
 * use, named one by one: every other module-level export is internal to the
 * engine and may change without notice.
 *
 * @packageDocumentation
 */

// The classifier and its input: a cluster's snapshot and the AWS facts it needs.
export { classifyCluster, classifyWorkload } from './classify';
export { aggregateEntityStatus } from './aggregate';
export { clusterPullSetup } from './clusterPullSetup';
export type { ClusterNodeRole, ClusterPullSetup } from './clusterPullSetup';
export { awsFactsNeeded } from './factsNeeded';
export { entityWorkloadsOf } from './entityWorkloads';
export type { AwsFactsNeeded } from './factsNeeded';
export type * from './snapshot';
export { normalizeIssuer } from './iamFacts';
export type { IamFacts, IamRoleFacts, EcrRepositoryFacts } from './iamFacts';

// Images, registries and pull secrets.
export { parseImageRef } from './imageRef';
export type { ImageRef, ImageRefResult } from './imageRef';
export { parseEcrHost, ecrRepositoryArn } from './ecrHost';
export type { EcrHost } from './ecrHost';
export {
  parseDockerConfigHosts,
  secretHostMatchesImage,
  ecrTokenTimes,
} from './dockerConfig';
export type { DockerConfigHostsResult } from './dockerConfig';
export { cronMaxInterval } from './cron';
export type { CronScheduleResult } from './cron';

// Refreshers of pull secrets, and the collector's reading of possible ones.
export { findRefresher } from './refreshers';
export type {
  RefresherEvidence,
  RefresherJob,
  RefresherObjects,
  WorkloadRefresherFacts,
} from './refreshers';
export type { JobRun } from './refresherHealth';
export { secretWriteAccess, mayWriteSecrets } from './rbac';
export type { RbacObjects, SecretWriteAccess } from './rbac';
export {
  findSecretMentions,
  referencedConfigMaps,
  refresherPodSpec,
  refresherWorkload,
} from './secretMentions';
export type { RefresherKind, RefresherWorkload } from './secretMentions';
export { labelSelectorProblem } from './labelSelector';

// IAM policies, trust and the policies the scaffolder writes.
export { parsePolicy } from './policyDocument';
export type {
  PolicyDocument,
  PolicyInput,
  PolicyParseResult,
  PolicyPrincipal,
  PolicyStatement,
} from './policyDocument';
export { evaluatePolicies, evaluateWithBoundary } from './policyEval';
export type {
  PolicyDecision,
  PolicyRequest,
  PolicyVerdict,
  RequestPrincipal,
} from './policyEval';
export {
  canPullRepository,
  pullPolicyBreadth,
  repositoryPolicyAllows,
} from './ecrPermissions';
export type { PullCheck } from './ecrPermissions';
export { analyseTrust, oidcProviderArn, IRSA_AUDIENCE } from './trust';
export type {
  TrustAnalysis,
  TrustProblem,
  TrustProblemKind,
  TrustSubject,
} from './trust';
export { buildIrsaTrustPolicy, buildEcrPullPolicy } from './policyBuilders';
