import type { ServicePlan } from '../service/servicePlan';

/** app/: a tiny Node HTTP server with /healthz, and its Dockerfile. Text files only. */
export function renderApp(plan: ServicePlan): Record<string, string> {
  const server = `// ${plan.name}: replace with your service. Listens on $PORT (${plan.containerPort}).
const http = require('node:http');

const port = Number(process.env.PORT ?? ${plan.containerPort});

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok' }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('${plan.name} is running\\n');
});

server.listen(port, () => console.log(\`listening on \${port}\`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;
  const dockerfile = `# Build and push to the service's ECR repository; an isolated subnet pulls from nowhere else.
FROM node:22-alpine
WORKDIR /app
COPY package.json server.js ./
USER node
ENV PORT=${plan.containerPort}
EXPOSE ${plan.containerPort}
HEALTHCHECK --interval=30s --timeout=3s CMD wget -q -O- http://127.0.0.1:${plan.containerPort}/healthz || exit 1
CMD ["node", "server.js"]
`;
  const packageJson = `${JSON.stringify(
    {
      name: plan.name,
      version: '0.1.0',
      private: true,
      description: plan.description,
      main: 'server.js',
      scripts: { start: 'node server.js' },
    },
    null,
    2,
  )}\n`;
  return {
    'app/server.js': server,
    'app/Dockerfile': dockerfile,
    'app/package.json': packageJson,
  };
}
