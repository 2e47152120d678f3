/**
 * The fargate-endpoints engine: the network model, AWS collection, rule evaluation and cost.
 *
 * @packageDocumentation
 */
export * from './model';
export * from './aws';
