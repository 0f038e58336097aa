/**
 * Status model, finding codes, permissions, human sentences and the REST API contract of the
 * ecr-access plugins (isomorphic, no I/O).
 *
 * @packageDocumentation
 */

// Whole modules: a named re-export of an @internal helper breaks the published types, from
// which the CLI's `stripInternal` removes the helper's declaration (API Extractor cannot
// analyze the dangling name).
export * from './status';
export * from './findingCodes';
export * from './model';
export * from './describe';
export * from './timedText';
export * from './timedFindings';
export * from './permissions';
export * from './api';
