/**
 * The ecr-access backend plugin: audits how the EKS workloads of every catalog entity
 * authenticate their ECR image pulls, stores the results and serves them.
 *
 * @packageDocumentation
 */
export { ecrAccessPlugin as default } from './plugin';
