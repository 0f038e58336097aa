import {
  createServer,
  IncomingMessage,
  RequestListener,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/** Small helpers around node:http shared by the simulated APIs. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string>,
): void {
  res.writeHead(status, {
    ...headers,
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/**
 * A listener for an async handler. An error the handler did not answer itself gets the
 * simulator's last-resort answer, unless the response has already begun.
 */
export function asyncListener(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  answerError: (res: ServerResponse, error: unknown) => void,
): RequestListener {
  return (req, res) => {
    handle(req, res).catch(error => {
      if (!res.headersSent) answerError(res, error);
    });
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(body), {
    'content-type': 'application/json',
    ...headers,
  });
}

/**
 * An HTTP server that can be taken down and brought back on the same port:
 * while down nothing listens, so clients get a real ECONNREFUSED, and open
 * keep-alive sockets are destroyed so pooled connections fail too.
 */
export class RestartableServer {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private boundPort = 0;

  constructor(
    private readonly handler: RequestListener,
    private readonly host = '127.0.0.1',
  ) {}

  get port(): number {
    return this.boundPort;
  }

  get listening(): boolean {
    return Boolean(this.server);
  }

  async start(port = this.boundPort): Promise<number> {
    if (this.server) return this.boundPort;
    const server = createServer(this.handler);
    // Longer than a client's pause between requests (a throttled SDK backs off for seconds):
    // AWS and kube-apiserver keep idle connections about a minute, and Node's 5 s default
    // races the client's reuse of the socket, surfacing as "socket hang up".
    server.keepAliveTimeout = 65_000;
    server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => resolve());
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    return this.boundPort;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }
}
