import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An API server front that pages small and can compact between two pages, put between the
 * audit and one sandbox cluster. Real API servers may return fewer items than `limit` with a
 * `continue` token, and etcd compaction between two pages makes that token answer 410 Gone;
 * this makes both happen on demand, at a known request rather than at a lucky moment.
 */
export interface PagingApiServer {
  url: string;
  /** Before the next request that carries a `continue` token, run `compact` (once). */
  compactBeforeNextContinue(): void;
  /** Requests that carried a `continue` token. */
  continueRequests(): number;
  /** Compactions run so far. */
  compactions(): number;
  stop(): Promise<void>;
}

export async function startPagingApiServer(options: {
  upstream: string;
  pageSize: number;
  compact: () => void;
}): Promise<PagingApiServer> {
  const upstream = new URL(options.upstream);
  let armed = false;
  let continues = 0;
  let compactions = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', upstream);
    if (url.searchParams.has('limit')) {
      url.searchParams.set('limit', String(options.pageSize));
    }
    if (url.searchParams.has('continue')) {
      continues++;
      if (armed) {
        armed = false;
        compactions++;
        options.compact();
      }
    }
    const forward = http.request(
      url,
      { method: req.method, headers: { ...req.headers, host: upstream.host } },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    // Upstream gone (a down cluster): the client sees a dropped connection, as it would.
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    compactBeforeNextContinue: () => {
      armed = true;
    },
    continueRequests: () => continues,
    compactions: () => compactions,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
