import { provisionDatabaseUsers } from '../db/database-users';
import { Supervisor } from './supervisor';
import { prepareSystem } from './start-system';

/**
 * The one-shot setup of a deployment (compose's `setup` service, the Kubernetes migrations Job): a database
 * user per service (when POSTGRES_ADMIN_URL / MARIADB_ADMIN_URL are given), then databases, migrations and
 * seeds, each run as the service's own user.
 */
async function setup(): Promise<void> {
  for (const { service, user, database } of await provisionDatabaseUsers(process.env)) {
    console.log(`Database user ${user} owns ${database} (${service}).`);
  }
  const supervisor = new Supervisor({ env: process.env, log: (line) => console.log(line) });
  await prepareSystem(process.env, supervisor);
}

setup().then(
  () => console.log('Databases migrated and seeded.'),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
