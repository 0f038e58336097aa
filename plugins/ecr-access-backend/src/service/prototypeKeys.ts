import { InputError } from '@backstage/errors';
import { RequestHandler } from 'express';

/**
 * Names of the query string, and each bracketed part of them (`a[b]=c` → `a`, `b`), as the
 * client sent them, before Express's `qs` parses them.
 */
function rawNames(url: string): string[] {
  const search = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  return search
    .split('&')
    .filter(Boolean)
    .flatMap(pair => {
      const raw = pair.split('=')[0].replace(/\+/g, ' ');
      let name: string;
      try {
        name = decodeURIComponent(raw);
      } catch {
        name = raw;
      }
      return name.split(/[[\]]/).filter(Boolean);
    });
}

/**
 * `qs` silently drops query names of `Object.prototype` (`__proto__`, `constructor`,
 * `toString`…, its `allowPrototypes: false`), so the route's strict schema never sees them
 * and the request would be served as if they were not there. They are no parameter of this
 * API and only a probe sends them: refused with a 400 that names them.
 */
export function rejectPrototypeKeys(): RequestHandler {
  return (req, _res, next) => {
    const names = rawNames(req.originalUrl ?? req.url).filter(
      n => n in Object.prototype,
    );
    if (names.length) {
      throw new InputError(
        `Unknown query parameter(s): ${[...new Set(names)]
          .slice(0, 10)
          .join(', ')}`,
      );
    }
    next();
  };
}
