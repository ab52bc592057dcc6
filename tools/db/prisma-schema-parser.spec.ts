import { namedList, namedValue, parsePrismaSchema } from './prisma-schema-parser';

const SCHEMA = `
datasource db {
  provider = "mysql"
}

enum Status {
  OPEN
  CLOSED
}

/// A thing.
model Thing {
  id     String  @id @default(uuid()) @db.Char(36) // trailing comment
  code   String  @unique
  status Status  @default(OPEN)
  note   String?
  ownerId String @db.Char(36)
  owner  Owner   @relation(fields: [ownerId], references: [id], onDelete: Cascade)

  @@index([ownerId, code])
}
`;

describe(parsePrismaSchema.name, () => {
  it('reads the provider, enums, fields with their attributes and block attributes', () => {
    const schema = parsePrismaSchema(SCHEMA);

    expect(schema.provider).toBe('mysql');
    expect(schema.enums.get('Status')).toEqual(['OPEN', 'CLOSED']);
    const [thing] = schema.models;
    expect(thing.fields.map((field) => field.name)).toEqual(['id', 'code', 'status', 'note', 'ownerId', 'owner']);
    expect(Object.fromEntries(thing.fields[0].attributes)).toEqual({ id: '', default: 'uuid()', 'db.Char': '36' });
    expect(thing.fields[3].optional).toBe(true);
    expect(thing.blockAttributes).toEqual([{ kind: 'index', fields: ['ownerId', 'code'] }]);
    const relation = thing.fields[5].attributes.get('relation') ?? '';
    expect(namedList(relation, 'fields')).toEqual(['ownerId']);
    expect(namedValue(relation, 'onDelete')).toBe('Cascade');
  });

  it('fails on schema features it does not understand instead of guessing', () => {
    expect(() => parsePrismaSchema('model A {\n  id Int @id\n  @@map("a")\n}\n')).toThrow(/Unsupported/);
    expect(() => parsePrismaSchema('model A {\n  id Int @id @map("x")\n}\n')).toThrow(/Unsupported attribute @map/);
  });
});
