import { fargateEndpointsPlugin } from './plugin';
import { fargateEndpointsApiRef } from './api';

describe('fargateEndpointsPlugin (legacy frontend system)', () => {
  it('has the plugin id and provides the API on discovery and fetch', () => {
    expect(fargateEndpointsPlugin.getId()).toBe('fargate-endpoints');
    const factories = [...fargateEndpointsPlugin.getApis()];
    expect(factories.map(f => f.api.id)).toEqual([fargateEndpointsApiRef.id]);
    expect(Object.keys(factories[0].deps).sort()).toEqual([
      'discoveryApi',
      'fetchApi',
    ]);
  });
});
