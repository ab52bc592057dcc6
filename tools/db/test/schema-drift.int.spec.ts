import * as mariadb from 'mariadb';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@test/databases';
import { mariaDbConnectionConfig } from '../mariadb-migrations';
import { migrationsDir, schemaPath } from '../migration-files';
import { mysqlSchemaDrift } from '../mysql-drift';
import { postgresClientConfig } from '../postgres-migrations';
import { diffDatabaseWithSchema, migrationList, NO_FILTER, withSchemaEngine } from '../schema-engine';

// The committed migrations must build exactly the database schema.prisma describes.
describe('schema drift of the committed migrations', () => {
  describe.each(['accounts', 'catalog', 'orders'] as const)('%s (PostgreSQL)', (service) => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(service);
    });

    afterAll(async () => {
      await database.drop();
    });

    it("leaves nothing for Prisma's schema engine to change", async () => {
      await expect(diffDatabaseWithSchema(database.url, schemaPath(service))).resolves.toBe('');
    });

    it("is a history Prisma's schema engine sees as complete", async () => {
      const diagnosis = await withSchemaEngine({ schemaPath: schemaPath(service), url: database.url }, ({ engine }) =>
        engine.diagnoseMigrationHistory({
          migrationsList: migrationList(migrationsDir(service)),
          optInToShadowDatabase: false,
          filters: NO_FILTER,
        }),
      );
      expect(diagnosis).toMatchObject({
        hasMigrationsTable: true,
        history: null,
        failedMigrationNames: [],
        editedMigrationNames: [],
      });
    });
  });

  it('reports a PostgreSQL database that differs from schema.prisma', async () => {
    const database = await createTestDatabase('accounts');
    try {
      const client = new Client(postgresClientConfig(database.url));
      await client.connect();
      await client.query('DROP INDEX "RefreshToken_familyId_idx"');
      await client.end();

      await expect(diffDatabaseWithSchema(database.url, schemaPath('accounts'))).resolves.toContain(
        'CREATE INDEX "RefreshToken_familyId_idx"',
      );
    } finally {
      await database.drop();
    }
  });

  describe('payments (MariaDB, hand-written migrations)', () => {
    let database: TestDatabase;

    beforeEach(async () => {
      database = await createTestDatabase('payments');
    });

    afterEach(async () => {
      await database.drop();
    });

    it('has the tables, columns, indexes and foreign keys schema.prisma declares', async () => {
      await expect(mysqlSchemaDrift(database.url, schemaPath('payments'))).resolves.toEqual([]);
    });

    it('reports a column, an index and a foreign key that differ from schema.prisma', async () => {
      const connection = await mariadb.createConnection(mariaDbConnectionConfig(database.url));
      await connection.query('ALTER TABLE `Payment` MODIFY `declineReason` VARCHAR(191) NOT NULL');
      await connection.query('ALTER TABLE `Payment` DROP INDEX `Payment_customerId_idx`');
      await connection.query('ALTER TABLE `PaymentEvent` DROP FOREIGN KEY `PaymentEvent_paymentId_fkey`');
      await connection.end();

      const drift = await mysqlSchemaDrift(database.url, schemaPath('payments'));

      expect(drift).toEqual([
        expect.stringMatching(/^table Payment: column declineReason is .*"nullable":false/),
        expect.stringMatching(/^table Payment: index Payment_customerId_idx is missing/),
        expect.stringMatching(/^table PaymentEvent: foreign key PaymentEvent_paymentId_fkey is missing/),
      ]);
    });
  });
});
