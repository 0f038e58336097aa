/**
 * Backend library of the ecr-access plugins: the pure credential-status
 * engine (image references, pull secrets, refreshers, IAM policy and trust
 * evaluation, the classifier) and the policy builders used by the
 * scaffolder. No Kubernetes, AWS or HTTP client is imported here.
 *
 * @packageDocumentation
 */

export * from './imageRef';
export * from './ecrHost';
export * from './dockerConfig';
export * from './cron';
export type * from './k8sTypes';
export * from './policyDocument';
export * from './policyEval';
export * from './ecrPermissions';
export * from './trust';
export * from './policyBuilders';
export { accountOfArn, partitionOfArn, normalizeIssuer } from './iamFacts';
export type { IamFacts, IamRoleFacts, EcrRepositoryFacts } from './iamFacts';
export * from './rbac';
export * from './refreshers';
export * from './labelSelector';
export type * from './snapshot';
export { classifyCluster, classifyWorkload } from './classify';
export { aggregateEntityStatus } from './aggregate';
export { awsFactsNeeded } from './factsNeeded';
export type { AwsFactsNeeded } from './factsNeeded';
