// The portal as an assistant and a scorecard meet it: signed in as the guest, an MCP client
// of the official SDK lists the fargate-endpoints tools over Streamable HTTP and asks why
// orders-worker cannot start; Tech Insights, after its fact retriever has run on the app's
// cadence, has every example service's verdict and grades it with "Starts in a private
// subnet". Nothing is changed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { backendApi, guestToken, startPortal } from './portal.mjs';

/** The example services and what the card says of them (README). */
const EXAMPLES = {
  'payments-api': { verdict: 'ready', startsPrivate: true },
  'orders-worker': { verdict: 'not-ready', startsPrivate: false },
  'legacy-reports': { verdict: 'ready', startsPrivate: true },
  'analytics-api': { verdict: 'ready', startsPrivate: true },
  'media-worker': { verdict: 'ready', startsPrivate: true },
  // Not deployed: the pre-flight check of the network its annotations name.
  'checkout-preview': { verdict: 'not-ready', startsPrivate: false },
};
const RETRIEVER = 'fargate-endpoints-fact-retriever';
// The retriever's first run is 45 s after start, then every two minutes (app-config.yaml).
const FACTS_WAIT_MS = 180_000;

let portal;
let token;

before(async () => {
  portal = await startPortal();
  token = await guestToken();
});

after(async () => {
  await portal?.stop();
});

test('an MCP client signed in as the guest lists the tools and hears why orders-worker cannot start', async () => {
  const client = new Client({ name: 'e2e-assistant', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL('http://localhost:7007/api/mcp-actions/v1'),
      { requestInit: { headers: { Authorization: `Bearer ${token}` } } },
    ),
  );
  try {
    const { tools } = await client.listTools();
    const ours = tools
      .map(t => t.name)
      .filter(n => n.startsWith('fargate-endpoints.'));
    assert.deepEqual(ours.sort(), [
      'fargate-endpoints.can-service-start',
      'fargate-endpoints.finding-fix',
      'fargate-endpoints.list-not-ready-services',
      'fargate-endpoints.plan-impact',
    ]);
    const result = await client.callTool({
      name: 'fargate-endpoints.can-service-start',
      arguments: { entityRef: 'orders-worker' },
    });
    assert.equal(result.isError, undefined, JSON.stringify(result.content));
    const answer = result.structuredContent;
    assert.equal(answer.verdict, 'not-ready');
    assert.match(answer.summary, /^Not ready: .*no ecr\.api endpoint/);
    assert.equal(
      answer.portalUrl,
      'http://localhost:3000/catalog/default/component/orders-worker',
    );
    console.log(`# assistant hears: ${answer.summary}`);
  } finally {
    await client.close();
  }
});

test("Tech Insights has every example service's verdict and grades it", async () => {
  const deadline = Date.now() + FACTS_WAIT_MS;
  const factsOf = async name => {
    const latest = await backendApi(
      `/tech-insights/facts/latest?entity=component:default/${name}&ids[]=${RETRIEVER}`,
      { token },
    );
    return latest[RETRIEVER]?.facts;
  };
  for (const [name, expected] of Object.entries(EXAMPLES)) {
    let facts = await factsOf(name);
    while (!facts && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 5000));
      facts = await factsOf(name);
    }
    assert.ok(facts, `no facts for ${name} within ${FACTS_WAIT_MS / 1000} s`);
    assert.equal(facts.verdict, expected.verdict, name);
    const [check] = await backendApi(
      `/tech-insights/checks/run/default/component/${name}`,
      {
        token,
        method: 'POST',
        body: { checks: ['fargateStartsInPrivateSubnet'] },
      },
    );
    assert.equal(check.result, expected.startsPrivate, name);
    console.log(
      `# ${name}: ${facts.verdict}, ${facts.errorCount} errors, ${facts.ageSeconds} s old; starts in a private subnet: ${check.result}`,
    );
  }
});
