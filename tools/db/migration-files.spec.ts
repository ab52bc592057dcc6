import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checksumOf, lockfileContent, migrationFolderName, readMigrations, writeMigration } from './migration-files';

describe('migration files', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'retail-migration-files-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('names folders with a UTC timestamp and a snake_case name, like Prisma', () => {
    expect(migrationFolderName('Add order notes!', new Date('2025-03-04T05:06:07.890Z'))).toBe(
      '20250304050607_add_order_notes',
    );
  });

  it('rejects a name with nothing usable in it', () => {
    expect(() => migrationFolderName('  --  ')).toThrow(/not a usable migration name/);
  });

  it('reads migration folders in name order with the sha256 of their script', () => {
    writeMigration(dir, '20250102000000_b', 'SELECT 2;', 'mysql');
    writeMigration(dir, '20250101000000_a', 'SELECT 1;', 'mysql');

    expect(readMigrations(dir)).toEqual([
      { name: '20250101000000_a', script: 'SELECT 1;', checksum: checksumOf('SELECT 1;') },
      { name: '20250102000000_b', script: 'SELECT 2;', checksum: checksumOf('SELECT 2;') },
    ]);
    expect(checksumOf('SELECT 1;')).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, 'migration_lock.toml'), 'utf8')).toBe(lockfileContent('mysql'));
  });

  it('refuses a folder without migration.sql and an existing migration folder', () => {
    writeMigration(dir, '20250101000000_a', 'SELECT 1;', 'postgresql');
    expect(() => writeMigration(dir, '20250101000000_a', 'SELECT 2;', 'postgresql')).toThrow(/already exists/);

    mkdirSync(join(dir, '20250102000000_empty'));
    writeFileSync(join(dir, 'README.md'), 'not a migration');
    expect(() => readMigrations(dir)).toThrow(/20250102000000_empty has no migration.sql/);
  });
});
