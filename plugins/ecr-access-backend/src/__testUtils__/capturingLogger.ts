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

class CapturingLogger implements LoggerService {
  constructor(
    private readonly lines: LogLine[],
    private readonly fields: Record<string, unknown> = {},
  ) {}

  private write(level: LogLine['level'], message: string, meta?: unknown) {
    const extra =
      meta instanceof Error
        ? { error: `${meta.name}: ${meta.message}` }
        : (meta as Record<string, unknown> | undefined);
    this.lines.push({ level, message, meta: { ...this.fields, ...extra } });
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
    return new CapturingLogger(this.lines, { ...this.fields, ...meta });
  }
}

/**
 * A root logger that keeps every line of every plugin and service of a test backend, at every
 * level, so that a test can read all of them (`plugin` names the emitter).
 */
export function capturingRootLogger() {
  const lines: LogLine[] = [];
  const factory = createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => new CapturingLogger(lines),
  });
  return { lines, factory };
}
