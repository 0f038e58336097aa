import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';

/** One line a backend logged, with the fields of the logger it came from. */
export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta: Record<string, unknown>;
}

// Deep enough for an SDK error's $response.body or a Kubernetes error's response.body and
// their causes; deeper is a socket's internals, not something a log line would print.
const MAX_DEPTH = 8;

/**
 * A logged value as plain JSON, holding at least what Backstage's root logger writes of it:
 * WinstonLogger copies an Error's own enumerable fields (`body`, `response`, `$response`,
 * `code`…) next to its message and stack, and JSON-serialises every field, nested. This keeps
 * all of that and more (an Error's `cause` chain even when not enumerable, a Buffer's text),
 * so that a secret check over the captured lines sees every secret a real log could show.
 */
export function serializeForLog(
  value: unknown,
  depth = 0,
  seen: WeakSet<object> = new WeakSet(),
): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'bigint' || typeof value === 'symbol') {
    return String(value);
  }
  if (typeof value === 'function') return undefined;
  if (typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Too deep]';
  // `seen` holds the objects on the path to this one: a cycle, not an object met twice.
  seen.add(value);
  try {
    return serializeObject(value, v => serializeForLog(v, depth + 1, seen));
  } finally {
    seen.delete(value);
  }
}

function serializeObject(
  value: object,
  nested: (v: unknown) => unknown,
): unknown {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return Buffer.from(value).toString('utf8');
  }
  if (Array.isArray(value)) return value.map(nested);
  if (value instanceof Map) return nested(Object.fromEntries(value));
  if (value instanceof Set) return nested([...value]);
  const fields: Record<string, unknown> = {};
  if (value instanceof Error) {
    fields.name = value.name;
    fields.message = value.message;
    fields.stack = value.stack;
    if ('cause' in value) fields.cause = nested(value.cause);
  }
  for (const key of Object.keys(value)) {
    if (!(key in fields)) {
      fields[key] = nested((value as Record<string, unknown>)[key]);
    }
  }
  // What JSON.stringify would write instead (a Headers object, a Date, a URL).
  const { toJSON } = value as { toJSON?: unknown };
  if (typeof toJSON === 'function') {
    try {
      fields.toJSON = nested(toJSON.call(value));
    } catch {
      // A toJSON that throws makes the logger write nothing of it either.
    }
  }
  return fields;
}

/** What to do with each line besides keeping it. */
export interface CaptureOptions {
  /** Called with each line as it is logged (a replica in a child process sends it on). */
  onLine?: (line: LogLine) => void;
  /** A logger that also gets every line as logged (when a test watches one of its own). */
  forward?: LoggerService;
}

class CapturingLogger implements LoggerService {
  constructor(
    private readonly kept: LogLine[],
    private readonly fields: Record<string, unknown> = {},
    private readonly options: CaptureOptions = {},
  ) {}

  private write(level: LogLine['level'], message: string, meta?: unknown) {
    // An Error under `error` (WinstonLogger spreads its fields on the line: the same text).
    const extra =
      meta instanceof Error
        ? { error: serializeForLog(meta) }
        : (serializeForLog(meta) as Record<string, unknown> | undefined);
    const line = { level, message, meta: { ...this.fields, ...extra } };
    this.kept.push(line);
    this.options.onLine?.(line);
    this.options.forward?.[level](message, meta as Error | undefined);
  }

  error(message: string, meta?: Error | object) {
    this.write('error', message, meta);
  }
  warn(message: string, meta?: Error | object) {
    this.write('warn', message, meta);
  }
  info(message: string, meta?: Error | object) {
    this.write('info', message, meta);
  }
  debug(message: string, meta?: Error | object) {
    this.write('debug', message, meta);
  }
  child(meta: Record<string, unknown>): LoggerService {
    return new CapturingLogger(
      this.kept,
      { ...this.fields, ...(serializeForLog(meta) as Record<string, unknown>) },
      this.options,
    );
  }
}

/**
 * A logger that keeps every line, its children's too, as the root logger would serialise
 * them (`serializeForLog`): for a scaffolder action's context or a class under test.
 */
export function capturingLogger(
  options: CaptureOptions = {},
): LoggerService & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return Object.assign(new CapturingLogger(lines, {}, options), { lines });
}

/**
 * A root logger that keeps every line of every plugin and service of a test backend, at every
 * level, so that a test can read all of them (`plugin` names the emitter). Metadata and
 * errors are kept as the root logger would serialise them (`serializeForLog`).
 */
export function capturingRootLogger(
  options: Pick<CaptureOptions, 'onLine'> = {},
) {
  const logger = capturingLogger(options);
  const lines = logger.lines;
  const factory = createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => logger,
  });
  return { lines, logger, factory };
}
