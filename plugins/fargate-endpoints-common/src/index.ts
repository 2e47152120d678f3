/**
 * Shared types, rule ids, needs vocabulary, annotations and permissions of the
 * fargate-endpoints plugin. Browser-safe: no Node or AWS imports.
 *
 * @packageDocumentation
 */
export * from './rules';
export * from './needs';
export * from './report';
export * from './annotations';
export * from './ids';
export * from './permissions';
export * from './api';
