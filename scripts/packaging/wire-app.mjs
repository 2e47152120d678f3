// Wires the packed plugins into an app made by @backstage/create-app, the way the root
// README tells a platform team to: dependencies on the released versions (resolved to the
// tarballs until the packages are on a registry), two `backend.add` lines, the frontend
// plugin discovered by `app.packages: all`, and, in the legacy app, the card on the entity
// page. Also writes the app-config.local.yaml that points the app at other ports than this
// repository's portal and lists the sandbox's services.
//
// usage: node wire-app.mjs <appDir> <legacyAppDir> <tarballDir> <frontendPort> <backendPort>
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

const [appDir, legacyDir, tarballDir, frontendPort, backendPort] = process.argv
  .slice(2)
  .map((a, i) => (i < 3 ? resolve(a) : a));
if (!backendPort) {
  console.error(
    'usage: wire-app.mjs <appDir> <legacyAppDir> <tarballDir> <frontendPort> <backendPort>',
  );
  process.exit(2);
}

const readJson = file => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file, value) =>
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
function edit(file, change) {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`${file}: nothing changed`);
  writeFileSync(file, after);
}

// The tarballs, by package name (read from each tarball's name: <scope>-<name>-<version>.tgz).
const tarballs = {};
for (const file of readdirSync(tarballDir).filter(f => f.endsWith('.tgz'))) {
  const m = /^@fargate-endpoints-(.+)-(\d+\.\d+\.\d+[^]*)\.tgz$/.exec(file);
  if (!m) throw new Error(`unexpected tarball name ${file}`);
  tarballs[`@fargate-endpoints/${m[1]}`] = {
    version: m[2],
    path: join(tarballDir, file),
  };
}
const need = name => {
  if (!tarballs[name])
    throw new Error(`no tarball for ${name} in ${tarballDir}`);
  return `^${tarballs[name].version}`;
};
const BACKEND = '@fargate-endpoints/plugin-fargate-endpoints-backend';
const MODULE =
  '@fargate-endpoints/plugin-scaffolder-backend-module-fargate-endpoints';
const FRONTEND = '@fargate-endpoints/plugin-fargate-endpoints';

// The legacy app's frontend package joins the new app's workspace as packages/app-legacy, so
// that one install serves both frontend systems (same Backstage release, same backend).
const legacyTarget = join(appDir, 'packages/app-legacy');
if (!existsSync(legacyTarget)) {
  renameSync(join(legacyDir, 'packages/app'), legacyTarget);
}
const legacyPkg = readJson(join(legacyTarget, 'package.json'));
legacyPkg.name = 'app-legacy';
writeJson(join(legacyTarget, 'package.json'), legacyPkg);

// Root: until the packages are on a registry, every @fargate-endpoints package (the ones
// the app depends on and the ones they depend on) resolves to its tarball.
const rootPkg = readJson(join(appDir, 'package.json'));
rootPkg.resolutions = { ...rootPkg.resolutions };
for (const [name, { path }] of Object.entries(tarballs)) {
  if (name === '@fargate-endpoints/cli') continue;
  rootPkg.resolutions[name] = `file:${path}`;
}
writeJson(join(appDir, 'package.json'), rootPkg);

function addDependencies(pkgDir, names) {
  const file = join(appDir, pkgDir, 'package.json');
  const pkg = readJson(file);
  for (const name of names) pkg.dependencies[name] = need(name);
  writeJson(file, pkg);
}
addDependencies('packages/backend', [BACKEND, MODULE]);
addDependencies('packages/app', [FRONTEND]);
addDependencies('packages/app-legacy', [FRONTEND]);

edit(join(appDir, 'packages/backend/src/index.ts'), src =>
  src.replace(
    /\nbackend\.start\(\);/,
    `
// fargate-endpoints: the report API and the golden-path template's actions
backend.add(import('${BACKEND}'));
backend.add(import('${MODULE}'));

backend.start();`,
  ),
);

// The new frontend system: nothing to write; app.packages: all discovers the plugin.
// The legacy frontend system: the card on the service entity page's overview.
edit(join(legacyTarget, 'src/components/catalog/EntityPage.tsx'), src =>
  src
    .replace(/^/, `import { EntityFargateEndpointsCard } from '${FRONTEND}';\n`)
    .replace(
      /(const overviewContent = \([\s\S]*?<EntityAboutCard \/>\s*<\/Grid>)/,
      `$1
    <Grid item md={6} xs={12}>
      <EntityFargateEndpointsCard />
    </Grid>`,
    ),
);

const templatePath = `../../node_modules/${MODULE}/templates/fargate-private-service/template.yaml`;
const fixTemplatePath = `../../node_modules/${MODULE}/templates/fix-vpc-endpoints/template.yaml`;
writeFileSync(
  join(appDir, 'examples/fargate-services.yaml'),
  `# Components linked to the AWS sandbox's example services
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  annotations:
    aws.amazon.com/amazon-ecs-service-arn: arn:aws:ecs:eu-west-1:111111111111:service/shop/payments-api
spec:
  type: service
  lifecycle: production
  owner: guests
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders-worker
  annotations:
    aws.amazon.com/amazon-ecs-service-arn: arn:aws:ecs:eu-west-1:111111111111:service/shop/orders-worker
spec:
  type: service
  lifecycle: production
  owner: guests
`,
);

writeFileSync(
  join(appDir, 'app-config.local.yaml'),
  `# Written by fargate-endpoints' scripts/test-packaging: other ports than the repository's
# portal, the sandbox's services, the template shipped in the scaffolder module's package.
app:
  baseUrl: http://localhost:${frontendPort}
backend:
  baseUrl: http://localhost:${backendPort}
  listen:
    port: ${backendPort}
  cors:
    origin: http://localhost:${frontendPort}
    methods: [GET, HEAD, PATCH, POST, PUT, DELETE]
    credentials: true
  database:
    client: better-sqlite3
    connection: ':memory:'
fargateEndpoints:
  allowedAccountIds: ['111111111111']
catalog:
  locations:
    - type: file
      target: ../../examples/entities.yaml
    - type: file
      target: ../../examples/org.yaml
      rules:
        - allow: [User, Group]
    - type: file
      target: ../../examples/fargate-services.yaml
    - type: file
      target: ${templatePath}
      rules:
        - allow: [Template]
    - type: file
      target: ${fixTemplatePath}
      rules:
        - allow: [Template]
`,
);
console.log(
  `wired ${
    Object.keys(tarballs).length
  } packages into ${appDir} (packages/app: new frontend system, packages/app-legacy: legacy)`,
);
