import { InputError } from '@backstage/errors';
import { ErrorRequestHandler } from 'express';

/** The parameters of `/entities/:kind/:namespace/:name/…`, by path segment. */
const ENTITY_PATH = ['', 'entities', 'kind', 'namespace', 'name'];

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * Express answers a path segment that is not valid percent-encoded UTF-8 (`%E0%A4%A`) with a
 * bare URIError ("Failed to decode param"), before any handler runs. This turns it into an
 * InputError that names the parameter, like every other bad input of the API.
 */
export function pathDecodeErrors(): ErrorRequestHandler {
  return (error, req, _res, next) => {
    if (!(error instanceof URIError)) {
      next(error);
      return;
    }
    const segments = req.path.split('/');
    const position = segments.findIndex(s => !decodes(s));
    const parameter =
      segments[1] === ENTITY_PATH[1] ? ENTITY_PATH[position] : undefined;
    next(
      new InputError(
        `Invalid path parameter '${
          parameter || 'path'
        }': not valid percent-encoded UTF-8`,
      ),
    );
  };
}
