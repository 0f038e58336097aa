import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createRefreshStatusAction } from './refreshStatusAction';

const STATUS = {
  entityRef: 'component:default/web',
  health: 'ok',
  mechanisms: ['service-account-role'],
  summary: 'Pulls use IRSA (role irsa-checkout-web) on prod-use1',
};

/** Stands in for the ecr-access backend: answers the queued statuses in order, records requests. */
function fakeEcrAccess(answers: Array<[number, unknown]>) {
  const requests: Array<{
    method?: string;
    url?: string;
    authorization?: string;
  }> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    requests.push({
      method: req.method,
      url: req.url,
      authorization: req.headers.authorization,
    });
    const [status, body] = answers.shift() ?? [
      500,
      { error: 'no more answers' },
    ];
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  return {
    requests,
    async start() {
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
      return `http://127.0.0.1:${
        (server.address() as AddressInfo).port
      }/api/ecr-access`;
    },
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

async function runAction(
  baseUrl: string,
  isDryRun = false,
  entityRef = 'component:default/web',
) {
  const action = createRefreshStatusAction({
    discovery: mockServices.discovery.mock({
      getBaseUrl: async () => baseUrl,
    }),
    auth: mockServices.auth(),
    retry: { timeoutMs: 2_000, intervalMs: 10 },
  });
  // The mock context drops isDryRun: set it on the context it returns.
  const ctx = {
    ...createMockActionContext({ input: { entityRef } }),
    isDryRun,
  };
  await action.handler(ctx as any);
  return ctx;
}

describe('ecr-access-demo:status:refresh', () => {
  it("asks ecr-access to refresh on the initiator's behalf, waiting while the entity is not visible yet", async () => {
    const ecrAccess = fakeEcrAccess([
      [404, { error: { name: 'NotFoundError' } }],
      [404, { error: { name: 'NotFoundError' } }],
      [200, STATUS],
    ]);
    const baseUrl = await ecrAccess.start();
    try {
      const ctx = await runAction(baseUrl);
      expect(ctx.output).toHaveBeenCalledWith('summary', STATUS.summary);
      expect(ctx.output).toHaveBeenCalledWith('health', 'ok');
      expect(ecrAccess.requests).toHaveLength(3);
      expect(ecrAccess.requests[2]).toEqual({
        method: 'POST',
        url: '/api/ecr-access/entities/component/default/web/refresh',
        authorization: mockCredentials.service.header({
          onBehalfOf: mockCredentials.user(),
          targetPluginId: 'ecr-access',
        }),
      });
    } finally {
      await ecrAccess.stop();
    }
  });

  it('fails at once, with the answer, when ecr-access refuses', async () => {
    const ecrAccess = fakeEcrAccess([
      [
        403,
        {
          error: {
            name: 'NotAllowedError',
            message: 'You may not refresh component:default/web',
          },
        },
      ],
    ]);
    const baseUrl = await ecrAccess.start();
    try {
      await expect(runAction(baseUrl)).rejects.toThrow(
        /ecr-access refused to refresh component:default\/web: 403 .*You may not refresh/,
      );
      expect(ecrAccess.requests).toHaveLength(1);
    } finally {
      await ecrAccess.stop();
    }
  });

  it('gives up after its bounded wait when ecr-access never sees the entity', async () => {
    const ecrAccess = fakeEcrAccess(
      Array.from({ length: 1000 }, () => [
        404,
        { error: { name: 'NotFoundError' } },
      ]),
    );
    const baseUrl = await ecrAccess.start();
    try {
      await expect(runAction(baseUrl)).rejects.toThrow(
        'ecr-access did not find component:default/web within 2 s: 404',
      );
    } finally {
      await ecrAccess.stop();
    }
  });

  it('dry run sends no request', async () => {
    const ecrAccess = fakeEcrAccess([[200, STATUS]]);
    const baseUrl = await ecrAccess.start();
    try {
      const ctx = await runAction(baseUrl, true);
      expect(ecrAccess.requests).toEqual([]);
      expect(ctx.output).toHaveBeenCalledWith(
        'summary',
        'Dry run: would check component:default/web',
      );
    } finally {
      await ecrAccess.stop();
    }
  });
});
