/**
 * Test fixtures of the engine: healthy isolated VPC snapshots and service specs to build
 * failing variants from.
 *
 * @packageDocumentation
 */
export * from './testing/fixtures';
