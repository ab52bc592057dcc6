import { Supervisor } from './supervisor';
import { prepareSystem } from './start-system';

/** The one-shot setup of a deployment (docker compose's `setup` service): databases, migrations, seeds. */
const supervisor = new Supervisor({ env: process.env, log: (line) => console.log(line) });
prepareSystem(process.env, supervisor).then(
  () => console.log('Databases migrated and seeded.'),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
