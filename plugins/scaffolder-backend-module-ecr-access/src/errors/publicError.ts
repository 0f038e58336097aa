import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  isError,
} from '@backstage/errors';
import { redactInternals } from './redactInternals';

/**
 * The errors whose name the scaffolder's router turns into a 4xx (by name: the task logger
 * copies name, message and stack only). Any other error is a fault of ours or of a service,
 * and stays a plain `Error`.
 */
const PUBLIC_KINDS = {
  InputError,
  ConflictError,
  NotAllowedError,
  NotFoundError,
} as const;

/**
 * The error an action throws to the scaffolder: the same kind (so a dry run still answers 400,
 * 403, 404 or 409), the message without URLs, IP addresses or file paths, and a stack of that
 * one line. The scaffolder writes `error.stack` into the task log as it is, in production too,
 * and a dry run's answer carries it in development: frames would show the backend's source
 * paths to whoever runs a template.
 */
export function publicError(error: unknown, workspacePath?: string): Error {
  const original = isError(error)
    ? error
    : new Error(`unknown error '${String(error)}'`);
  const message = redactInternals(original.message, workspacePath);
  const Kind =
    PUBLIC_KINDS[original.name as keyof typeof PUBLIC_KINDS] ?? Error;
  const result = new Kind(message);
  result.stack = `${result.name}: ${message}`;
  return result;
}

/** A new error of the same public kind as `cause` (see `publicError`), with `message`. */
export function errorLike(cause: unknown, message: string): Error {
  const name = isError(cause) ? cause.name : '';
  const Kind = PUBLIC_KINDS[name as keyof typeof PUBLIC_KINDS];
  return Kind ? new Kind(message) : new Error(message, { cause });
}

/**
 * Runs an action's handler body with every error it throws made public (`publicError`): the
 * one place each action of this module hands errors to the scaffolder.
 */
export async function withPublicErrors(
  ctx: { workspacePath: string },
  body: () => Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (error) {
    throw publicError(error, ctx.workspacePath);
  }
}
