// The REST API contract of the ecr-access backend: one file per concern.
export * from './parameters';
export * from './responses';
export * from './errors';
