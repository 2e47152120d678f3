import { estimateCost } from './cost';

describe('estimateCost', () => {
  it('reproduces the example of docs/domain.md#cost: ecr.api + ecr.dkr + logs in 2 AZs', () => {
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

  it("prices nothing, and compares with no NAT, when every interface endpoint is a hub VPC's", () => {
    const cost = estimateCost({
      interfaceEndpoints: 0,
      sharedInterfaceEndpoints: 3,
      availabilityZones: 2,
    });
    expect(cost.endpointsMonthly).toBe(0);
    expect(cost.sharedInterfaceEndpoints).toBe(3);
    expect(cost.summary).toBe(
      'No interface endpoint of its own to pay for: it uses 3 interface endpoints shared from a hub VPC, whose account pays for them (the S3 gateway endpoint is free).',
    );
  });

  it('names the shared endpoints after the priced ones, and says nothing of them when there are none', () => {
    const mixed = estimateCost({
      interfaceEndpoints: 1,
      sharedInterfaceEndpoints: 1,
      availabilityZones: 2,
    });
    expect(mixed.endpointsMonthly).toBe(14.6);
    expect(mixed.summary).toMatch(
      /^1 interface endpoint in 2 AZs costs about \$14\.60 .* It also uses 1 interface endpoint shared from a hub VPC, whose account pays for it\.$/,
    );
    const none = estimateCost({ interfaceEndpoints: 0, availabilityZones: 1 });
    expect(none.sharedInterfaceEndpoints).toBeUndefined();
    expect(none.summary).toBe(
      'No interface endpoint of its own to pay for (the S3 gateway endpoint is free).',
    );
  });
});
