import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  AuthorizePermissionRequest,
  PolicyDecision,
  QueryPermissionRequest,
} from '@backstage/plugin-permission-common';
import { credentialsOf } from './callers';

/**
 * A catalog that, like the real one, returns only what the caller's credentials may read:
 * `visible` is the test's permission policy for catalog reads.
 */
export function catalogVisibleTo(
  visible: (credentials: BackstageCredentials) => Entity[],
) {
  return catalogServiceMock.mock({
    getEntityByRef: async (ref, options) =>
      catalogServiceMock({
        entities: visible(credentialsOf(options)),
      }).getEntityByRef(ref),
    streamEntities: (request, options) =>
      catalogServiceMock({
        entities: visible(credentialsOf(options)),
      }).streamEntities(request),
  });
}

/** A test's permission policy: one decision per request, from the caller's credentials. */
export interface PermissionPolicyTable {
  /** `authorize` (definitive: ALLOW or DENY). */
  authorize(
    request: AuthorizePermissionRequest,
    credentials: BackstageCredentials,
  ): PolicyDecision;
  /** `authorizeConditional` (may be CONDITIONAL). */
  authorizeConditional(
    request: QueryPermissionRequest,
    credentials: BackstageCredentials,
  ): PolicyDecision;
}

/** The permissions service of a test backend, answering from a {@link PermissionPolicyTable}. */
export function permissionsOfPolicy(policy: PermissionPolicyTable) {
  return mockServices.permissions.mock({
    authorize: (async (requests, { credentials }) =>
      requests.map(request =>
        policy.authorize(request, credentials),
      )) as PermissionsService['authorize'],
    authorizeConditional: (async (requests, { credentials }) =>
      requests.map(request =>
        policy.authorizeConditional(request, credentials),
      )) as PermissionsService['authorizeConditional'],
  });
}

/** An auditor whose every event resolves to the same recorded `success`/`fail` pair. */
export function recordingAuditor() {
  const auditor = mockServices.auditor.mock();
  const auditEvent = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(auditEvent);
  return { auditor, auditEvent };
}
