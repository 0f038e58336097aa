import type { BackendFeature } from '@backstage/backend-plugin-api';
import appBackend from '@backstage/plugin-app-backend';
import authBackend from '@backstage/plugin-auth-backend';
import authBackendModuleGuestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogBackendModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import catalogBackendModuleLogs from '@backstage/plugin-catalog-backend-module-logs';
import permissionBackend from '@backstage/plugin-permission-backend';
import permissionBackendModuleAllowAllPolicy from '@backstage/plugin-permission-backend-module-allow-all-policy';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import scaffolderBackendModuleEcrAccess from '@ecr-access/plugin-scaffolder-backend-module-ecr-access';
import kubernetesBackend from '@backstage/plugin-kubernetes-backend';
import mcpActionsBackend from '@backstage/plugin-mcp-actions-backend';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import signalsBackend from '@backstage/plugin-signals-backend';
import ecrAccessBackend from '@ecr-access/plugin-ecr-access-backend';
import {
  catalogModuleEcrAccessDemo,
  scaffolderModuleEcrAccessDemo,
} from './demo';
/*
 * The features of the ecr-access demo backend: the catalog (with examples/), the scaffolder, the
 * Kubernetes plugin, guest sign-in and permissions, the two ecr-access backend features, the
 * MCP actions backend that serves ecr-access's actions to AI assistants, and notifications (with
 * signals, which push them to the open app) that ecr-access sends to the owners of entities.
 * Everything else a stock Backstage backend carries is left out so that what is here is what
 * the demo uses. Kept apart from index.ts so that a test can start the same backend.
 */
export const demoFeatures: BackendFeature[] = [
  // Serves the frontend bundle in production builds (`yarn build:backend`).
  appBackend,

  // Sign-in: guest only, for the demo. See https://backstage.io/docs/auth/guest/provider
  authBackend,
  authBackendModuleGuestProvider,

  // Catalog with the example entities of examples/.
  catalogBackend,
  catalogBackendModuleScaffolderEntityModel,
  catalogBackendModuleLogs,

  // Permissions: the ecr-access routes and actions ask the permission framework; the demo
  // allows everything. Replace the policy with your own in production.
  permissionBackend,
  permissionBackendModuleAllowAllPolicy,

  // Scaffolder, with the ecr-access actions.
  scaffolderBackend,
  scaffolderBackendModuleEcrAccess,

  // Kubernetes: its cluster configuration (kubernetes.clusterLocatorMethods) is shared with
  // ecr-access.
  kubernetesBackend,

  // ecr-access: audits how every entity's workloads pull their images.
  ecrAccessBackend,

  // MCP: the actions of the plugins in backend.actions.pluginSources (ecr-access's read-only
  // ones) as tools for AI assistants, at /api/mcp-actions/v1.
  mcpActionsBackend,

  // Notifications: ecr-access tells the owners of an entity when its pull secret is about to
  // expire, its refresher fails or its status turns to error (ecrAccess.notifications).
  // Signals push each one to the open app at once, instead of at its next poll.
  notificationsBackend,
  signalsBackend,

  // Demo only, off unless ecrAccessDemo.sandbox.enabled: stand-ins for a Git host and a GitOps
  // controller, so that the "New service with IRSA" template runs end to end on the sandbox.
  scaffolderModuleEcrAccessDemo,
  catalogModuleEcrAccessDemo,
];
