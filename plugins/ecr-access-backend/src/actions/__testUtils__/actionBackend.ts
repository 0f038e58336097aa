import type { TestBackend } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { startEcrAccessBackend } from '../../__testUtils__/testBackend';
import { invokeAction } from './invokeAction';

/**
 * The plugin over the database `knex` opens, its statuses seeded (`startEcrAccessBackend`),
 * for a suite of one action's tests: started before them, stopped after. `ask` invokes the
 * action `name` through the actions registry's route, as `user` or with no credentials.
 */
export function useActionBackend(knex: () => Promise<Knex>, name: string) {
  let backend: TestBackend | undefined;
  beforeAll(async () => {
    ({ backend } = await startEcrAccessBackend(await knex()));
  });
  afterAll(() => backend?.stop());

  const server = (): TestBackend['server'] => {
    if (!backend) throw new Error('the backend starts in beforeAll');
    return backend.server;
  };
  const ask = (input: object, user?: string) =>
    invokeAction(server(), name, input, user);
  return { server, ask };
}
