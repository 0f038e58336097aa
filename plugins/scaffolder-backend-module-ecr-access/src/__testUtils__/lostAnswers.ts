import type { IAMClient } from '@aws-sdk/client-iam';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { SdkAwsClients } from '@ecr-access/plugin-ecr-access-node/clients';
import { Sandbox } from '@ecr-access/sandbox';
import { platformIamClient, sandboxConfig } from './sandbox';

/** AWS clients of the actions whose IAM client a test has changed (`change`: a middleware). */
export function awsWithIamClient(
  sandbox: Sandbox,
  change: (client: IAMClient) => void,
) {
  const client = platformIamClient(sandbox);
  change(client);
  const aws = SdkAwsClients.fromConfig(sandboxConfig(sandbox));
  return { iam: async () => client, eks: aws.eks.bind(aws) };
}

/**
 * AWS clients whose IAM client loses the first answer to a command after IAM acted on it, as
 * a reset connection does; the SDK's retry then meets what it did (CreateRole:
 * EntityAlreadyExists, DeleteRole: NoSuchEntity).
 */
export function losingIamAnswerTo(
  sandbox: Sandbox,
  command = 'CreateRoleCommand',
) {
  let lost = false;
  const aws = awsWithIamClient(sandbox, client =>
    client.middlewareStack.add(
      (next, context) => async args => {
        const answer = await next(args);
        if (context.commandName === command && !lost) {
          lost = true;
          throw Object.assign(new Error('socket hang up'), {
            code: 'ECONNRESET',
          });
        }
        return answer;
      },
      // below the retry middleware (finalizeRequest), so the SDK retries as for a real reset
      { step: 'deserialize', name: 'loseAnswer' },
    ),
  );
  return { aws, wasLost: () => lost };
}

/**
 * The cluster behind a proxy that passes the first ServiceAccount write (`method`) to the API
 * server and then resets the connection instead of answering, as a network failure can. With
 * `thenDown`, the network stays down: every later request is reset too.
 */
export async function losingServiceAccountAnswer(
  sandbox: Sandbox,
  cluster: string,
  method: 'POST' | 'PATCH',
  { thenDown = false } = {},
) {
  const target = sandbox.clusters.find(x => x.name === cluster)!;
  let lost = false;
  const proxy = http.createServer((req, res) => {
    if (lost && thenDown) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', async () => {
      const answer = await fetch(`${target.url}${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      const body = Buffer.from(await answer.arrayBuffer());
      if (
        !lost &&
        req.method === method &&
        req.url!.includes('/serviceaccounts')
      ) {
        lost = true;
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? '',
      });
      res.end(body);
    });
  });
  await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster,
        server: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'test', token: target.token }],
    contexts: [{ name: 'test', cluster, user: 'test' }],
    currentContext: 'test',
  });
  return {
    clusters: { coreV1: async () => kc.makeApiClient(CoreV1Api) },
    wasLost: () => lost,
    close: () =>
      new Promise(resolve => {
        proxy.closeAllConnections();
        proxy.close(resolve);
      }),
  };
}
