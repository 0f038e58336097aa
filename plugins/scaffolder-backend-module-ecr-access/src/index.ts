/**
 * Scaffolder actions of ecr-access: provision IRSA for a new service and render its manifests.
 *
 * @packageDocumentation
 */
export { scaffolderModule as default } from './module';
export { createRenderManifestsAction } from './actions/renderManifests';
