/**
 * The id of each action of this module, written once: the action registers under it and names
 * it in its errors, and the template step of each of its examples calls it by it.
 */
export const ACTION_IDS = {
  createIrsaRole: 'ecr-access:irsa:role:create',
  applyServiceAccount: 'ecr-access:serviceaccount:apply',
  provisionIrsa: 'ecr-access:irsa:provision',
  renderManifests: 'ecr-access:manifests:render',
  validatePlan: 'ecr-access:plan:validate',
  renderRemoval: 'ecr-access:migration:render',
  rollbackIrsa: 'ecr-access:irsa:rollback',
} as const;
