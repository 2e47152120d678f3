import { FARGATE_ENDPOINTS_FACT_RETRIEVER_ID } from './factRetriever';

/**
 * "Starts in a private subnet", a check for the community JSON rules engine fact checker
 * (`@backstage-community/plugin-tech-insights-backend-module-jsonfc`): the service's latest
 * check is ready (no finding stops its tasks, every check ran) and its task subnets are
 * private, reaching AWS through VPC endpoints only (isolated) or a NAT gateway, not an
 * internet gateway. Put it under `techInsights.factChecker.checks` (README).
 *
 * @public
 */
export const fargateStartsInPrivateSubnetCheck = {
  id: 'fargateStartsInPrivateSubnet',
  type: 'json-rules-engine',
  name: 'Starts in a private subnet',
  description:
    'The ECS Fargate service can start its tasks in private subnets: its latest network check is Ready and its subnets reach AWS through VPC endpoints or a NAT gateway, not an internet gateway.',
  factIds: [FARGATE_ENDPOINTS_FACT_RETRIEVER_ID],
  rule: {
    conditions: {
      all: [
        { fact: 'verdict', operator: 'equal', value: 'ready' },
        { fact: 'path', operator: 'in', value: ['isolated', 'nat'] },
      ],
    },
  },
};
