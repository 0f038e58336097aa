/**
 * Status model, finding codes, permissions, human sentences and the REST API contract of the
 * ecr-access plugins (isomorphic, no I/O).
 *
 * @packageDocumentation
 */

export {
  FINDING_SEVERITIES,
  HEALTHS,
  PULL_AUTHS,
  RUNTIME_IDENTITIES,
  severityToHealth,
  worstHealth,
} from './status';
export type {
  FindingSeverity,
  Health,
  PullAuth,
  RuntimeIdentity,
} from './status';
export { FINDING_CODES, findingDefinition } from './findingCodes';
export type { FindingCode, FindingDefinition } from './findingCodes';
export * from './model';
export { describePullStatus } from './describe';
export * from './permissions';
export * from './api';
