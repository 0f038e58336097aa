/**
 * Frontend of ecr-access: shows whether each entity's ECR image pulls use IRSA, a rotating
 * secret, or something that will expire. Legacy frontend system here; the new one under `/alpha`.
 *
 * @packageDocumentation
 */
export {
  ecrAccessPlugin,
  EntityEcrAccessCard,
  EcrAccessAuditPage,
} from './plugin';
export { rootRouteRef } from './routes';
export {
  isEcrAccessAvailable,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from './conditions';
export * from './api';
