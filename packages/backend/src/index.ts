/*
 * The ecr-access demo backend: the catalog (with examples/), the scaffolder, the Kubernetes
 * plugin, guest sign-in and permissions, plus the two ecr-access backend features. Everything
 * else a stock Backstage backend carries is left out so that what is here is what the demo uses.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// Serves the frontend bundle in production builds (`yarn build:backend`).
backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: guest only, for the demo. See https://backstage.io/docs/auth/guest/provider
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// Catalog with the example entities and templates of examples/.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// Permissions: the ecr-access routes and actions ask the permission framework; the demo
// allows everything. Replace the policy with your own in production.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// Scaffolder, with the ecr-access actions.
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@ecr-access/plugin-scaffolder-backend-module-ecr-access'));

// Kubernetes: its cluster configuration (kubernetes.clusterLocatorMethods) is shared with ecr-access.
backend.add(import('@backstage/plugin-kubernetes-backend'));

// ecr-access: audits how every entity's workloads pull their images.
backend.add(import('@ecr-access/plugin-ecr-access-backend'));

backend.start();
