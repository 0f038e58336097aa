/*
 * Demo-only wiring of the ecr-access demo (not part of any published plugin): it stands in for
 * a Git host and a GitOps controller so that the "New service with IRSA" template runs end to
 * end against the sandbox. Off unless ecrAccessDemo.sandbox.enabled is set.
 */
export {
  catalogModuleEcrAccessDemo,
  scaffolderModuleEcrAccessDemo,
} from './modules';
