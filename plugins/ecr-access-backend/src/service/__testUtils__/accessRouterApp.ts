import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import express from 'express';
import {
  permissionAwareCatalog,
  userPermissions,
} from '../../__fixtures__/access';
import type { EcrAccessStore } from '../../database';
import type { EntityRefresher } from '../EntityRefresher';
import { createRouter } from '../router';

/**
 * The router alone, over `store`, as the users of `__fixtures__/access` call it: their
 * permissions, the permission-aware catalog, no credentials without an Authorization header,
 * and Backstage's error handler. The auditor's events are handed back to the test.
 */
export async function accessRouterApp(
  store: EcrAccessStore,
  refresher: EntityRefresher,
  options: { config?: JsonObject } = {},
) {
  const auditor = mockServices.auditor.mock();
  const auditEvent = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(auditEvent);
  const router = await createRouter({
    store,
    auth: mockServices.auth(),
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.none(),
    }),
    permissions: userPermissions(),
    catalog: permissionAwareCatalog(),
    auditor,
    refresher,
    config: options.config && new ConfigReader(options.config),
  });
  return {
    app: express().use(router).use(mockErrorHandler()),
    auditor,
    auditEvent,
  };
}
