import { asUser } from '@ecr-access/test-utils';
import request from 'supertest';
import type { TestBackend } from '@backstage/backend-test-utils';

/**
 * Invokes one of the plugin's actions through the actions registry's own route, as the MCP
 * backend does (input parsed and output stripped by the action's schemas), as `user`, or
 * with no credentials.
 */
export function invokeAction(
  server: TestBackend['server'],
  name: string,
  input: object,
  user?: string,
) {
  const call = request(server)
    .post(
      `/api/ecr-access/.backstage/actions/v1/actions/ecr-access:${name}/invoke`,
    )
    .send(input);
  return user ? call.set(asUser(user)) : call;
}
