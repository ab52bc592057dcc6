import * as mariadb from 'mariadb';
import { readFileSync } from 'node:fs';
import { parseDatabaseUrl } from './database-url';
import { mariaDbConnectionConfig } from './mariadb-migrations';
import { namedList, namedValue, parsePrismaSchema, type ParsedField, type ParsedSchema } from './prisma-schema-parser';

/**
 * Drift check for MySQL/MariaDB services, whose migrations are written by hand: the tables, columns (type,
 * nullability, default, auto-increment), indexes and foreign keys schema.prisma implies under Prisma's MySQL
 * mapping, compared with the live database's information_schema.
 */
export interface ColumnShape {
  type: string;
  nullable: boolean;
  default: string | null;
  autoIncrement: boolean;
}

export interface TableShape {
  engine: string;
  collation: string;
  columns: Map<string, ColumnShape>;
  /** Includes `PRIMARY`. */
  indexes: Map<string, { unique: boolean; columns: string[] }>;
  foreignKeys: Map<
    string,
    { columns: string[]; referencedTable: string; referencedColumns: string[]; onDelete: string; onUpdate: string }
  >;
}

export type DatabaseShape = Map<string, TableShape>;

/** Differences between the live database at `url` and `schemaFile`, one readable line each; empty when they agree. */
export async function mysqlSchemaDrift(url: string, schemaFile: string): Promise<string[]> {
  const expected = expectedMysqlShape(parsePrismaSchema(readFileSync(schemaFile, 'utf8')));
  return compareShapes(expected, await describeMysqlDatabase(url));
}

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

/** What Prisma's MySQL connector creates for `schema` (default names, no `map:`). */
export function expectedMysqlShape(schema: ParsedSchema): DatabaseShape {
  if (schema.provider !== 'mysql') throw new Error(`Expected a mysql schema, got provider "${schema.provider}"`);
  const modelNames = new Set(schema.models.map((model) => model.name));
  const shape: DatabaseShape = new Map();
  for (const model of schema.models) {
    const scalars = model.fields.filter((field) => !modelNames.has(field.type));
    const table: TableShape = {
      engine: 'InnoDB',
      collation: 'utf8mb4_unicode_ci',
      columns: new Map(scalars.map((field) => [field.name, expectedColumn(field, schema.enums)])),
      indexes: new Map(),
      foreignKeys: new Map(),
    };
    const idFields = scalars.filter((field) => field.attributes.has('id')).map((field) => field.name);
    const compoundId = model.blockAttributes.find((attribute) => attribute.kind === 'id');
    table.indexes.set('PRIMARY', { unique: true, columns: compoundId ? compoundId.fields : idFields });
    for (const field of scalars.filter((f) => f.attributes.has('unique'))) {
      table.indexes.set(`${model.name}_${field.name}_key`, { unique: true, columns: [field.name] });
    }
    for (const attribute of model.blockAttributes.filter((a) => a.kind !== 'id')) {
      const suffix = attribute.kind === 'unique' ? 'key' : 'idx';
      table.indexes.set(`${model.name}_${attribute.fields.join('_')}_${suffix}`, {
        unique: attribute.kind === 'unique',
        columns: attribute.fields,
      });
    }
    for (const relation of model.fields.filter((field) => modelNames.has(field.type))) {
      const args = relation.attributes.get('relation') ?? '';
      const columns = namedList(args, 'fields');
      if (columns.length === 0) continue;
      const optional = columns.some((column) => table.columns.get(column)?.nullable);
      table.foreignKeys.set(`${model.name}_${columns.join('_')}_fkey`, {
        columns,
        referencedTable: relation.type,
        referencedColumns: namedList(args, 'references'),
        onDelete: REFERENTIAL_ACTIONS[namedValue(args, 'onDelete') ?? (optional ? 'SetNull' : 'Restrict')],
        onUpdate: REFERENTIAL_ACTIONS[namedValue(args, 'onUpdate') ?? 'Cascade'],
      });
    }
    shape.set(model.name, table);
  }
  return shape;
}

function expectedColumn(field: ParsedField, enums: Map<string, string[]>): ColumnShape {
  if (field.list) throw new Error(`Scalar lists are not supported on MySQL (${field.name})`);
  const defaultArgs = field.attributes.get('default');
  return {
    type: expectedType(field, enums),
    nullable: field.optional,
    default: defaultArgs === undefined || field.type === 'Json' ? null : expectedDefault(defaultArgs),
    autoIncrement: defaultArgs === 'autoincrement()',
  };
}

function expectedType(field: ParsedField, enums: Map<string, string[]>): string {
  const native = [...field.attributes.keys()].find((key) => key.startsWith('db.'));
  if (native) {
    const args = field.attributes.get(native);
    const nativeTypes: Record<string, string> = {
      'db.Char': `char(${args})`,
      'db.VarChar': `varchar(${args})`,
      'db.Text': 'text',
      'db.DateTime': `datetime(${args || '0'})`,
    };
    const type = nativeTypes[native];
    if (!type) throw new Error(`Unsupported native type @${native} on ${field.name}`);
    return type;
  }
  const values = enums.get(field.type);
  if (values) return `enum(${values.map((value) => `'${value}'`).join(',')})`;
  const types: Record<string, string> = {
    String: 'varchar(191)',
    Int: 'int',
    BigInt: 'bigint',
    Boolean: 'tinyint(1)',
    DateTime: 'datetime(3)',
    Json: 'json',
    Float: 'double',
    Decimal: 'decimal(65,30)',
  };
  const type = types[field.type];
  if (!type) throw new Error(`Unsupported type ${field.type} on ${field.name}`);
  return type;
}

function expectedDefault(args: string): string | null {
  if (args === 'autoincrement()' || args === 'uuid()' || args === 'cuid()') return null;
  if (args === 'now()') return 'current_timestamp(3)';
  if (args === 'true' || args === 'false') return args === 'true' ? '1' : '0';
  if (/^-?\d+(\.\d+)?$/.test(args)) return args;
  if (/^"(.*)"$/.test(args)) return `'${args.slice(1, -1)}'`;
  if (/^\w+$/.test(args)) return `'${args}'`;
  throw new Error(`Unsupported default ${args}`);
}

/** The live shape of the database at `url`, from information_schema. */
export async function describeMysqlDatabase(url: string): Promise<DatabaseShape> {
  const database = parseDatabaseUrl(url).database;
  const connection = await mariadb.createConnection(mariaDbConnectionConfig(url));
  try {
    const query = <T>(sql: string): Promise<T[]> => connection.query(sql, [database]);
    const tables = await query<{ name: string; engine: string; collation: string }>(
      `SELECT TABLE_NAME AS name, ENGINE AS engine, TABLE_COLLATION AS collation FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> '_prisma_migrations'`,
    );
    const columns = await query<{
      tableName: string;
      name: string;
      type: string;
      nullable: string;
      defaultValue: string | null;
      extra: string;
    }>(
      `SELECT TABLE_NAME AS tableName, COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable,
              COLUMN_DEFAULT AS defaultValue, EXTRA AS extra
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    );
    const jsonChecks = await query<{ tableName: string; clause: string }>(
      `SELECT TABLE_NAME AS tableName, CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS
        WHERE CONSTRAINT_SCHEMA = ?`,
    );
    const indexColumns = await query<{ tableName: string; name: string; nonUnique: number | bigint; column: string }>(
      `SELECT TABLE_NAME AS tableName, INDEX_NAME AS name, NON_UNIQUE AS nonUnique, COLUMN_NAME AS \`column\`
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    );
    const foreignKeys = await query<{
      tableName: string;
      name: string;
      referencedTable: string;
      onDelete: string;
      onUpdate: string;
    }>(
      `SELECT TABLE_NAME AS tableName, CONSTRAINT_NAME AS name, REFERENCED_TABLE_NAME AS referencedTable,
              DELETE_RULE AS onDelete, UPDATE_RULE AS onUpdate
         FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`,
    );
    const keyColumns = await query<{ name: string; tableName: string; column: string; referencedColumn: string }>(
      `SELECT CONSTRAINT_NAME AS name, TABLE_NAME AS tableName, COLUMN_NAME AS \`column\`,
              REFERENCED_COLUMN_NAME AS referencedColumn
         FROM information_schema.KEY_COLUMN_USAGE
        WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY ORDINAL_POSITION`,
    );

    const shape: DatabaseShape = new Map();
    for (const table of tables) {
      shape.set(table.name, {
        engine: table.engine,
        collation: table.collation,
        columns: new Map(),
        indexes: new Map(),
        foreignKeys: new Map(),
      });
    }
    for (const column of columns) {
      const table = shape.get(column.tableName);
      if (!table) continue;
      const isJson = jsonChecks.some(
        (check) =>
          check.tableName === column.tableName &&
          check.clause.replace(/\s/g, '') === `json_valid(\`${column.name}\`)`,
      );
      table.columns.set(column.name, {
        type: isJson && column.type === 'longtext' ? 'json' : normalizeType(column.type),
        nullable: column.nullable === 'YES',
        default: normalizeDefault(column.defaultValue),
        autoIncrement: column.extra.toLowerCase().includes('auto_increment'),
      });
    }
    for (const row of indexColumns) {
      const table = shape.get(row.tableName);
      if (!table) continue;
      const index = table.indexes.get(row.name) ?? { unique: Number(row.nonUnique) === 0, columns: [] };
      index.columns.push(row.column);
      table.indexes.set(row.name, index);
    }
    for (const fk of foreignKeys) {
      const keyRows = keyColumns.filter((row) => row.name === fk.name && row.tableName === fk.tableName);
      shape.get(fk.tableName)?.foreignKeys.set(fk.name, {
        columns: keyRows.map((row) => row.column),
        referencedTable: fk.referencedTable,
        referencedColumns: keyRows.map((row) => row.referencedColumn),
        onDelete: fk.onDelete,
        onUpdate: fk.onUpdate,
      });
    }
    return shape;
  } finally {
    await connection.end();
  }
}

function normalizeType(type: string): string {
  // Display widths (`int(11)`) carry no meaning and differ between MySQL and MariaDB versions.
  const [, name, rest] = /^(\w+)(.*)$/s.exec(type) ?? ['', type, ''];
  return `${name.toLowerCase()}${rest}`
    .replace(/^(int|bigint|smallint|mediumint)\(\d+\)/, '$1')
    .replace(/',\s+'/g, "','");
}

function normalizeDefault(value: string | null): string | null {
  if (value === null || value === 'NULL') return null;
  return value.toLowerCase() === 'current_timestamp(3)' ? 'current_timestamp(3)' : value;
}

/** Readable differences from `expected` to `actual`. */
export function compareShapes(expected: DatabaseShape, actual: DatabaseShape): string[] {
  const problems: string[] = [];
  for (const name of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(name);
    const have = actual.get(name);
    if (!want || !have) {
      problems.push(want ? `table ${name} is missing` : `table ${name} is not in schema.prisma`);
      continue;
    }
    if (have.engine !== want.engine) problems.push(`table ${name}: engine ${have.engine}, expected ${want.engine}`);
    if (have.collation !== want.collation) {
      problems.push(`table ${name}: collation ${have.collation}, expected ${want.collation}`);
    }
    // MySQL adds an index named after a foreign key whose columns no other index covers.
    const implicitIndexes = new Set([...have.foreignKeys.keys()].filter((fk) => !want.indexes.has(fk)));
    compareMaps(`table ${name}: column`, want.columns, have.columns, problems);
    compareMaps(
      `table ${name}: index`,
      want.indexes,
      new Map([...have.indexes].filter(([index]) => !implicitIndexes.has(index))),
      problems,
    );
    compareMaps(`table ${name}: foreign key`, want.foreignKeys, have.foreignKeys, problems);
  }
  return problems;
}

function compareMaps<T>(label: string, want: Map<string, T>, have: Map<string, T>, problems: string[]): void {
  for (const key of new Set([...want.keys(), ...have.keys()])) {
    const expected = want.get(key);
    const actual = have.get(key);
    if (expected === undefined) problems.push(`${label} ${key} is not in schema.prisma: ${JSON.stringify(actual)}`);
    else if (actual === undefined) problems.push(`${label} ${key} is missing: expected ${JSON.stringify(expected)}`);
    else if (JSON.stringify(expected) !== JSON.stringify(actual)) {
      problems.push(`${label} ${key} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    }
  }
}
