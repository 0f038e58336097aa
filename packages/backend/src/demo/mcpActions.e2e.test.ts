import { mockCredentials } from '@backstage/backend-test-utils';
import type { Sandbox } from '@ecr-access/sandbox';
import {
  DEMO_SCENARIO,
  EXAMPLES,
  expectNoCanary,
  sandboxAppConfig,
  useSandbox,
} from '@ecr-access/test-utils';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { startMcpDemoBackend } from '../__testUtils__/mcpDemoBackend';
import { waitUntil } from './waitUntil';

/** The demo's guest, as the frontend signs in. */
const GUEST = 'user:default/guest';
/** Signed in, but the policy lets her read nothing in the catalog. */
const MALLORY = 'user:default/mallory';

const PAYMENTS_API = 'component:default/payments-api';
const TOOLS = {
  status: 'ecr-access.get-entity-credential-status',
  audit: 'ecr-access.query-credential-audit',
  explain: 'ecr-access.explain-finding-code',
};

type Backend = Awaited<ReturnType<typeof startMcpDemoBackend>>;

/** A tool's answer: its structured output, or the error text MCP carries instead. */
interface ToolAnswer {
  isError?: boolean;
  structuredContent?: Record<string, any>;
  content: Array<{ type: string; text?: string }>;
}

/**
 * Issue 17's "actions for agents", end to end: the demo backend (its features, the MCP
 * actions backend among them, with ecr-access as its plugin source) over the demo's sandbox;
 * a real MCP client connects over streamable HTTP with a Backstage token, lists the tools and
 * asks how payments-api pulls its images. The demo's allow-all policy cannot show a reader
 * denied, so the permission backend gets a test policy: the same, but mallory reads nothing
 * in the catalog.
 */
describe('ecr-access over MCP, end to end on the demo', () => {
  let sandbox: Sandbox;
  let backend: Backend;
  const clients: Client[] = [];

  useSandbox({
    scenario: DEMO_SCENARIO,
    region: 'us-east-1',
    timeout: 120_000,
    started,
    stopping: async () => {
      await Promise.all(clients.map(c => c.close()));
      await backend?.stop();
    },
  });

  async function started(running: Sandbox) {
    sandbox = running;
    // The demo starts with edge-euw1 down, which leaves every status stale (any entity may
    // run there); up, payments-api is the healthy IRSA-for-pulls service the demo describes.
    await sandbox.setFaults([]);
    backend = await startMcpDemoBackend(
      {
        ...sandboxAppConfig(sandbox, {
          oidcIssuer: true,
          // Only the refresh below audits: no scheduled run during the test.
          ecrAccess: {
            schedule: {
              frequency: { hours: 1 },
              timeout: { minutes: 2 },
              initialDelay: { hours: 1 },
            },
          },
        }),
        catalog: {
          rules: [
            { allow: ['Component', 'System', 'Group', 'User', 'Location'] },
          ],
          locations: [
            { type: 'file', target: path.join(EXAMPLES, 'entities/all.yaml') },
          ],
        },
      },
      { deniedReader: MALLORY },
    );
    await inCatalog(PAYMENTS_API);
    const refreshed = await request(backend.server)
      .post('/api/ecr-access/entities/component/default/payments-api/refresh')
      .set('Authorization', mockCredentials.user.header(GUEST));
    expect(refreshed.status).toBe(200);
  }

  async function inCatalog(ref: string) {
    const [kind, rest] = ref.split(':');
    const found = await waitUntil(
      async () => {
        const response = await request(backend.server)
          .get(`/api/catalog/entities/by-name/${kind}/${rest}`)
          .set('Authorization', mockCredentials.user.header(GUEST));
        return response.status === 200 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    if (!found) throw new Error(`the catalog never had ${ref}`);
  }

  /** An MCP client of the demo's endpoint, signed in as `user` with a Backstage token. */
  async function connect(user: string): Promise<Client> {
    const { port } = backend.server.address() as AddressInfo;
    const transport = new StreamableHTTPClientTransport(
      new URL(`http://localhost:${port}/api/mcp-actions/v1`),
      {
        requestInit: {
          headers: { Authorization: mockCredentials.user.header(user) },
        },
      },
    );
    const client = new Client({ name: 'ecr-access-e2e', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  const call = async (
    client: Client,
    name: string,
    args: Record<string, unknown>,
  ) => (await client.callTool({ name, arguments: args })) as ToolAnswer;

  it('lists the three ecr-access tools, read-only', async () => {
    const client = await connect(GUEST);
    const { tools } = await client.listTools();
    const ours = tools.filter(t => t.name.startsWith('ecr-access.'));
    expect(ours.map(t => t.name).sort()).toEqual(Object.values(TOOLS).sort());
    for (const tool of ours) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
      });
      expect(tool.inputSchema.type).toBe('object');
    }
  });

  it('"how does payments-api pull its images?": IRSA for pulls, healthy', async () => {
    const client = await connect(GUEST);
    const answer = await call(client, TOOLS.status, {
      entityRef: PAYMENTS_API,
    });
    expect(answer.isError).toBeFalsy();
    const status = answer.structuredContent!;
    expect(status).toMatchObject({
      entityRef: PAYMENTS_API,
      health: 'ok',
      mechanisms: ['service-account-role'],
      findings: [],
    });
    expect(status.summary).toMatch(
      /^Pulls use IRSA \(role irsa-payments-api\) on prod-use1/,
    );
    expect(status.workloads[0].ecrRoleArn).toBe(
      'arn:aws:iam::111122223333:role/irsa/irsa-payments-api',
    );
    // The text an assistant without structured output reads says the same.
    expect(JSON.parse(answer.content[0].text!)).toEqual(status);
    expectNoCanary(sandbox, answer);
  });

  it('the audit query and a finding code answer too', async () => {
    const client = await connect(GUEST);
    const irsa = await call(client, TOOLS.audit, {
      mechanism: 'service-account-role',
      health: 'ok',
    });
    expect(irsa.isError).toBeFalsy();
    expect(
      irsa.structuredContent!.items.map(
        (i: { entityRef: string }) => i.entityRef,
      ),
    ).toEqual([PAYMENTS_API]);

    const expired = await call(client, TOOLS.explain, {
      code: 'SECRET_EXPIRED',
    });
    expect(expired.structuredContent).toMatchObject({
      code: 'SECRET_EXPIRED',
      severity: 'error',
      remediation: expect.stringMatching(/ECR tokens live 12 hours/),
    });
    expectNoCanary(sandbox, irsa, expired);
  });

  it('a user without read permission on payments-api gets nothing about it', async () => {
    const client = await connect(MALLORY);
    const hidden = await call(client, TOOLS.status, {
      entityRef: PAYMENTS_API,
    });
    const missing = await call(client, TOOLS.status, {
      entityRef: 'component:default/no-such-service',
    });
    expect(hidden.isError).toBe(true);
    expect(hidden.structuredContent).toBeUndefined();
    expect(hidden.content).toEqual([
      {
        type: 'text',
        text: `NotFoundError: No ECR access status for ${PAYMENTS_API}`,
      },
    ]);
    // Word for word what an entity that does not exist answers.
    expect(missing.content[0].text).toBe(
      'NotFoundError: No ECR access status for component:default/no-such-service',
    );

    const audit = await call(client, TOOLS.audit, {});
    expect(audit.structuredContent).toMatchObject({ items: [], totalCount: 0 });
    expect(JSON.stringify([hidden, audit])).not.toMatch(
      /irsa-payments-api|service-account-role/,
    );
  });

  it('refuses a client without a Backstage token', async () => {
    const { port } = backend.server.address() as AddressInfo;
    const client = new Client({ name: 'anonymous', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(
      new URL(`http://localhost:${port}/api/mcp-actions/v1`),
    );
    await expect(client.connect(transport)).rejects.toThrow();
  });
});
