import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseEcrAccessStore } from '../database';
import { ecrAccessPlugin } from '../plugin';
import {
  permissionAwareCatalog,
  seedStatuses,
  userPermissions,
} from './accessFixtures';

/**
 * The plugin in a test backend on the given database, seeded with {@link seedStatuses},
 * with the permission-aware catalog and the users of `accessFixtures`. Requests without an
 * Authorization header carry no credentials.
 */
export async function startEcrAccessBackend(knex: Knex) {
  const auditor = mockServices.auditor.mock();
  const auditEvent = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(auditEvent);
  const backend = await startTestBackend({
    features: [
      ecrAccessPlugin,
      mockServices.database.factory({ knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      permissionAwareCatalog().factory,
      userPermissions().factory,
      auditor.factory,
    ],
  });
  const store = await DatabaseEcrAccessStore.create({
    database: mockServices.database({ knex }),
  });
  await seedStatuses(store);
  return { backend, server: backend.server, store, auditor, auditEvent };
}

export const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});
