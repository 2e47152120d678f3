/**
 * Shared types, rule ids, needs vocabulary, partitions, ids, annotations and permissions of
 * the fargate-endpoints plugin. Browser-safe: no Node or AWS SDK client imports.
 *
 * @packageDocumentation
 */
export * from './rules';
export * from './needs';
export * from './consequences';
export * from './partitions';
export * from './arns';
export * from './report';
export * from './annotations';
export * from './ids';
export * from './permissions';
export * from './api';
export * from './preflight';
export * from './summary';
export * from './vpcFix';
export * from './consoleUrls';
