#!/usr/bin/env node
// Generates the Prisma client of every service (before TypeScript compiles them).
// `prisma generate` never runs the schema engine, but the CLI insists on finding one; without network access
// to Prisma's binary host it can't download it, so any existing file stands in for it.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const services = ['accounts', 'catalog', 'orders', 'payments'];
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath };
for (const service of services) {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'prisma', 'build', 'index.js'), 'generate', '--schema', join(root, 'prisma', service, 'schema.prisma')],
    { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}
console.log(`Prisma clients generated for ${services.join(', ')}`);
