import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The audit page's route in the legacy frontend system.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'ecr-access' });
