import type { EntityStatusResponse } from '@ecr-access/plugin-ecr-access-common';
import type { Request, Response } from 'express';
import type { StoredEntityStatus } from '../database';

interface SerialisedBody {
  body: Buffer;
  etag?: string;
}

/**
 * Bodies serialised per stored status object. The store hands the same frozen object for as
 * long as the rows it was built from are unchanged (`database/storedStatusMemo.ts`), and a
 * new one when they change, so a body found here is that of what is stored now. Weak: a body
 * goes with its status when the store lets that go.
 */
const bodies = new WeakMap<StoredEntityStatus, SerialisedBody>();

/** As `res.json` would: the app's JSON settings, and its ETag function over the bytes. */
function serialise(req: Request, response: EntityStatusResponse) {
  const body = Buffer.from(
    JSON.stringify(
      response,
      req.app.get('json replacer'),
      req.app.get('json spaces'),
    ),
    'utf8',
  );
  const etagOf: ((body: Buffer) => string) | undefined = req.app.get('etag fn');
  return { body, etag: etagOf?.(body) };
}

/**
 * Sends the status as `res.json` does (same bytes, same ETag, a 304 when the client holds
 * it), serialising it and hashing it once per stored version rather than once per request:
 * they were a third of the status route's CPU. A status that is not frozen (one computed for
 * this request, such as "not yet checked") is serialised and not kept.
 */
export function sendStatus(
  req: Request,
  res: Response,
  stored: StoredEntityStatus,
  toResponse: (stored: StoredEntityStatus) => EntityStatusResponse,
) {
  let sent = bodies.get(stored);
  if (!sent) {
    sent = serialise(req, toResponse(stored));
    if (Object.isFrozen(stored)) bodies.set(stored, sent);
  }
  res.set('Content-Type', 'application/json; charset=utf-8');
  if (sent.etag) res.set('ETag', sent.etag);
  res.send(sent.body);
}
