import { TestBackend, TestDatabases } from '@backstage/backend-test-utils';
import {
  auditQuerySchema,
  auditResponseSchema,
  FINDING_CODES,
  PULL_AUTHS,
} from '@ecr-access/plugin-ecr-access-common';
import request from 'supertest';
import { ALICE } from '../__fixtures__/access';
import { as, startEcrAccessBackend } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

interface JsonSchema {
  type?: string;
  description?: string;
  enum?: string[];
  properties?: Record<string, JsonSchema>;
}

interface ListedAction {
  id: string;
  attributes: Record<string, boolean>;
  schema: { input: JsonSchema; output: JsonSchema };
}

describe('the ecr-access actions, as the actions registry lists them', () => {
  let backend: TestBackend;

  beforeAll(async () => {
    ({ backend } = await startEcrAccessBackend(
      await databases.init('SQLITE_3'),
    ));
  });

  afterAll(() => backend?.stop());

  const listActions = async (): Promise<ListedAction[]> => {
    // The route the MCP actions backend reads its tools from.
    const listed = await request(backend.server)
      .get('/api/ecr-access/.backstage/actions/v1/actions')
      .set(as(ALICE));
    expect(listed.status).toBe(200);
    return listed.body.actions;
  };

  it('lists the three, read-only, idempotent, with object input schemas', async () => {
    const actions = await listActions();
    expect(actions.map(a => a.id).sort()).toEqual([
      'ecr-access:explain-finding-code',
      'ecr-access:get-entity-credential-status',
      'ecr-access:query-credential-audit',
    ]);
    for (const action of actions) {
      expect({ id: action.id, ...action.attributes }).toEqual({
        id: action.id,
        readOnly: true,
        idempotent: true,
        destructive: false,
      });
      // MCP requires an object input schema; an empty one would drop the tool.
      expect(action.schema.input.type).toBe('object');
      expect(Object.keys(action.schema.input.properties ?? {})).not.toEqual([]);
    }
  });

  it("describes the audit's input as -common does, in JSON's types, with its values", async () => {
    const audit = (await listActions()).find(
      a => a.id === 'ecr-access:query-credential-audit',
    )!;
    const { properties } = audit.schema.input;
    expect(properties!.limit).toMatchObject({
      type: 'integer',
      description: auditQuerySchema.shape.limit.description,
    });
    expect(properties!.stale.type).toBe('boolean');
    expect(properties!.mechanism.enum).toEqual([...PULL_AUTHS]);
    expect(properties!.finding.enum).toEqual([...FINDING_CODES]);
    // The output is the contract's audit response, described as it describes it.
    expect(audit.schema.output.description).toBe(
      auditResponseSchema.description,
    );
  });
});
