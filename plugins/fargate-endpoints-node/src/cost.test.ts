import { estimateCost } from './cost';

describe('estimateCost', () => {
  it('reproduces the DOMAIN example: ecr.api + ecr.dkr + logs in 2 AZs', () => {
    const cost = estimateCost({ interfaceEndpoints: 3, availabilityZones: 2 });
    expect(cost).toMatchObject({
      currency: 'USD',
      interfaceEndpointAzHours: 6,
      endpointsMonthly: 43.8,
      natMonthly: 36.5,
      natPerAzMonthly: 73,
      endpointPerGb: 0.01,
      natPerGb: 0.045,
    });
    expect(cost.summary).toBe(
      '3 interface endpoints in 2 AZs cost about $43.80 a month plus $0.01/GB, against $36.50 for one NAT gateway or $73.00 for one in each of 2 AZs plus $0.045/GB (us-east-1 list prices, before traffic; the S3 gateway endpoint is free).',
    );
  });

  it('prices one endpoint in one AZ at $7.30', () => {
    const cost = estimateCost({ interfaceEndpoints: 1, availabilityZones: 1 });
    expect(cost.endpointsMonthly).toBe(7.3);
    expect(cost.natPerAzMonthly).toBe(36.5);
    expect(cost.summary).toMatch(
      /^1 interface endpoint in 1 AZ costs about \$7\.30/,
    );
  });
});
