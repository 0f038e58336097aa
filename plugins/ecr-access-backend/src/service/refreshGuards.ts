import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import express, { RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';

/** How often refreshes may be asked for (`ecrAccess.refresh`). */
export interface RefreshLimits {
  /** Refreshes one caller may ask for in a minute. */
  perCallerPerMinute: number;
  /** Refreshes this backend instance accepts in a minute, all callers together. */
  perMinute: number;
}

/**
 * A person pressing the button now and then is far below these; a script looping over the
 * catalog is not. Each accepted refresh reads every cluster (a few label-selected lists each)
 * and AWS, so the global bound is what protects the API servers and IAM's quota.
 */
const DEFAULT_LIMITS: RefreshLimits = { perCallerPerMinute: 10, perMinute: 60 };

/** Refresh takes no body: anything larger than this is refused before it is read whole. */
const BODY_LIMIT = '1kb';

export function readRefreshLimits(config?: Config): RefreshLimits {
  const refresh = config?.getOptionalConfig('ecrAccess.refresh');
  return {
    perCallerPerMinute:
      refresh?.getOptionalNumber('perCallerPerMinute') ??
      DEFAULT_LIMITS.perCallerPerMinute,
    perMinute:
      refresh?.getOptionalNumber('perMinute') ?? DEFAULT_LIMITS.perMinute,
  };
}

/** Backstage's error body (`ErrorResponseBody`), as every other error of the API. */
function tooManyRequests(message: string): RequestHandler {
  return (_req, res) => {
    res.status(429).json({
      error: { name: 'TooManyRequestsError', message },
      response: { statusCode: 429 },
    });
  };
}

const STARTED = 'ecrAccessRefreshStarted';

/** Marks the request as one that reached the refresher: the limits count only those. */
export function markRefreshStarted(res: Response): void {
  res.locals[STARTED] = true;
}

function minuteLimiter(
  limit: number,
  key: (req: express.Request) => Promise<string> | string,
  message: string,
): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    // RateLimit and RateLimit-Policy on every answer; Retry-After on a 429.
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: key,
    // Counted: the refreshes that reached the refresher (clusters and AWS were asked). A
    // 400, 403 or 404 cost nothing upstream and leaves the caller's allowance alone.
    skipFailedRequests: true,
    requestWasSuccessful: (_req, res) => res.locals[STARTED] === true,
    handler: tooManyRequests(message),
  });
}

/** What runs before a refresh, in two places (see {@link refreshGuards}). */
export interface RefreshGuards {
  /** First: the body, none or an empty JSON object (over 1 KB a 413, else a 400). */
  body: RequestHandler[];
  /**
   * After the path and query are validated, so that a malformed request is a 400 and not
   * counted: a per-caller and a global rate limit (429 with `Retry-After`). In memory, per
   * backend instance: with several replicas, each allows its share.
   */
  rate: RequestHandler[];
}

export function refreshGuards(
  httpAuth: HttpAuthService,
  limits: RefreshLimits,
): RefreshGuards {
  const noBody: RequestHandler = (req, _res, next) => {
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    if (body.trim() !== '' && body.trim() !== '{}') {
      throw new InputError(
        'Refresh takes no request body: send none (or {}); the entity is named by the path',
      );
    }
    next();
  };
  const caller = async (req: express.Request) => {
    const { principal } = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    return principal.type === 'user'
      ? `user:${principal.userEntityRef}`
      : `service:${principal.subject}`;
  };
  return {
    body: [express.raw({ type: () => true, limit: BODY_LIMIT }), noBody],
    rate: [
      minuteLimiter(
        limits.perCallerPerMinute,
        caller,
        `Too many refreshes: at most ${limits.perCallerPerMinute} a minute per caller; the scheduled audit keeps every status current`,
      ),
      minuteLimiter(
        limits.perMinute,
        () => 'every caller',
        `Too many refreshes on this backend: at most ${limits.perMinute} a minute; try again shortly`,
      ),
    ],
  };
}
