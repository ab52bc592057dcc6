/**
 * A parser for the subset of the Prisma schema language our schemas use (models, enums, scalar and relation
 * fields, @id/@unique/@default/@updatedAt/@db.*, @relation, @@id/@@unique/@@index). Enough to derive the tables a
 * migration must create; anything outside the subset is an error rather than a silent guess.
 */
export interface ParsedField {
  name: string;
  type: string;
  optional: boolean;
  list: boolean;
  /** Attribute name (`id`, `unique`, `default`, `db.Char`, `relation`, ...) to its raw argument text. */
  attributes: Map<string, string>;
}

export interface ParsedModel {
  name: string;
  fields: ParsedField[];
  /** `@@id`, `@@unique`, `@@index` with their field lists, in declaration order. */
  blockAttributes: Array<{ kind: 'id' | 'unique' | 'index'; fields: string[] }>;
}

export interface ParsedSchema {
  provider: string;
  models: ParsedModel[];
  enums: Map<string, string[]>;
}

const SUPPORTED_BLOCK_ATTRIBUTES = new Set(['id', 'unique', 'index']);
const SUPPORTED_FIELD_ATTRIBUTES = /^(id|unique|default|updatedAt|relation|db\.\w+)$/;

export function parsePrismaSchema(source: string): ParsedSchema {
  const text = source.replace(/\/\/.*$/gm, '');
  const enums = new Map<string, string[]>();
  const models: ParsedModel[] = [];
  let provider = '';
  for (const block of text.matchAll(/^\s*(model|enum|datasource|generator)\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm)) {
    const [, kind, name, body] = block;
    const lines = body
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (kind === 'enum') enums.set(name, lines);
    if (kind === 'datasource') provider = /provider\s*=\s*"(\w+)"/.exec(body)?.[1] ?? '';
    if (kind === 'model') models.push(parseModel(name, lines));
  }
  return { provider, models, enums };
}

function parseModel(name: string, lines: string[]): ParsedModel {
  const model: ParsedModel = { name, fields: [], blockAttributes: [] };
  for (const line of lines) {
    if (line.startsWith('@@')) {
      const match = /^@@(\w+)\(\[([^\]]*)\]\s*\)$/.exec(line);
      if (!match || !SUPPORTED_BLOCK_ATTRIBUTES.has(match[1])) throw new Error(`Unsupported in ${name}: ${line}`);
      model.blockAttributes.push({ kind: match[1] as 'id' | 'unique' | 'index', fields: splitList(match[2]) });
      continue;
    }
    const match = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
    if (!match) throw new Error(`Unsupported line in model ${name}: ${line}`);
    const [, fieldName, type, list, optional, rest] = match;
    const attributes = parseAttributes(rest, name);
    model.fields.push({ name: fieldName, type, list: !!list, optional: !!optional, attributes });
  }
  return model;
}

function parseAttributes(text: string, model: string): Map<string, string> {
  const attributes = new Map<string, string>();
  let index = 0;
  while (index < text.length) {
    if (/\s/.test(text[index])) {
      index += 1;
      continue;
    }
    const match = /^@([\w.]+)/.exec(text.slice(index));
    if (!match) throw new Error(`Unsupported attribute text in model ${model}: ${text}`);
    if (!SUPPORTED_FIELD_ATTRIBUTES.test(match[1])) throw new Error(`Unsupported attribute @${match[1]} in ${model}`);
    index += match[0].length;
    let args = '';
    if (text[index] === '(') {
      const end = closingParen(text, index);
      args = text.slice(index + 1, end);
      index = end + 1;
    }
    attributes.set(match[1], args.trim());
  }
  return attributes;
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"' && text[i - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (char === '(') depth += 1;
    if (char === ')' && --depth === 0) return i;
  }
  throw new Error(`Unbalanced parentheses in ${text}`);
}

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** `fields: [a, b]` style named list argument of an attribute. */
export function namedList(args: string, name: string): string[] {
  const match = new RegExp(`${name}\\s*:\\s*\\[([^\\]]*)\\]`).exec(args);
  return match ? splitList(match[1]) : [];
}

/** `onDelete: Cascade` style named argument. */
export function namedValue(args: string, name: string): string | undefined {
  return new RegExp(`${name}\\s*:\\s*(\\w+)`).exec(args)?.[1];
}
