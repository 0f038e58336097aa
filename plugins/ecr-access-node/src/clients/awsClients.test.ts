import { GetRoleCommand } from '@aws-sdk/client-iam';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SdkAwsClients } from './awsClients';

/** An endpoint that accepts connections and never answers, like a hung proxy. */
async function hungEndpoint(): Promise<{
  server: Server;
  url: string;
  requests: () => number;
}> {
  let requests = 0;
  const server = createServer(() => {
    requests++;
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, requests: () => requests };
}

describe('SdkAwsClients', () => {
  const endpointVariable = 'AWS_ENDPOINT_URL';
  let previous: string | undefined;
  let hung: Awaited<ReturnType<typeof hungEndpoint>>;

  beforeAll(async () => {
    hung = await hungEndpoint();
    previous = process.env[endpointVariable];
    process.env[endpointVariable] = hung.url;
  });

  afterAll(async () => {
    if (previous === undefined) delete process.env[endpointVariable];
    else process.env[endpointVariable] = previous;
    hung.server.closeAllConnections();
    await new Promise(resolve => hung.server.close(resolve));
  });

  it('gives up on an endpoint that never answers, after each attempt times out', async () => {
    const credentials = DefaultAwsCredentialsManager.fromConfig(
      new ConfigReader({
        aws: {
          accounts: [
            {
              accountId: '111122223333',
              accessKeyId: 'AKIAEXAMPLE',
              secretAccessKey: 'secret',
            },
          ],
        },
      }),
    );
    const clients = new SdkAwsClients(credentials, 'aws', {
      requestTimeoutMs: 100,
      maxAttempts: 2,
    });
    const iam = await clients.iam('111122223333');

    await expect(
      iam.send(new GetRoleCommand({ RoleName: 'payments' })),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    // Both attempts reached the endpoint: the timeout is per attempt and retried.
    expect(hung.requests()).toBe(2);
  });
});
