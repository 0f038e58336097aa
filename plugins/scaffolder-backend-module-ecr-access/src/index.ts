/**
 * Scaffolder actions of ecr-access: provision IRSA for a new service and render its manifests.
 *
 * @packageDocumentation
 */
export { scaffolderModule as default } from './module';
export { createRenderManifestsAction } from './actions/renderManifests';
export { createIrsaRoleAction } from './actions/createIrsaRole';
export { createApplyServiceAccountAction } from './actions/applyServiceAccount';
export { createProvisionIrsaAction } from './actions/provisionIrsa';
export { createValidatePlanAction } from './actions/validatePlan';
export { createRollbackIrsaAction } from './actions/rollbackIrsa';
export { createRenderRemovalAction } from './actions/renderRemoval';
export type {
  ProvisioningActionOptions,
  ProvisioningAwsClients,
} from './actions/deps';
export type { KubernetesConnector } from './kubernetes/connector';
export type { BackoffOptions } from './irsa/backoff';
