/**
 * Status model, finding codes and human sentences of the ecr-access plugins
 * (isomorphic, no I/O).
 *
 * @packageDocumentation
 */

export * from './status';
export * from './findingCodes';
export * from './model';
export * from './describe';
export * from './permissions';
