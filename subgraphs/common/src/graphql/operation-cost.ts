import {
  Kind,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  isTypeDefinitionNode,
  isTypeExtensionNode,
  parse,
  valueFromASTUntyped,
  type ArgumentNode,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * What a mutation costs before its fields: it writes, so it is worth more than a read of the same shape.
 * The value Apollo's demand control and Hive Gateway use.
 */
export const MUTATION_BASE_COST = 10;

/** `@listSize` of a field (IBM cost specification, as in Apollo's demand control). */
export interface ListSize {
  /** How many items to assume when no slicing argument says. */
  assumedSize?: number;
  /** Arguments whose value is the number of items returned (the largest given one counts). */
  slicingArguments: readonly string[];
  /** For a connection: the child fields (`edges`) the slicing argument sizes, instead of the field itself. */
  sizedFields: readonly string[];
}

/**
 * The `@cost` and `@listSize` directives of a schema, by `Type.field`, `Type.field(argument)` and type. A
 * composed supergraph keeps them (the subgraphs import them from the federation spec; composition links the
 * `cost` spec); the API schema a server validates against does not, so they are read from the SDL.
 */
export class CostDirectives {
  private constructor(
    private readonly typeWeights: ReadonlyMap<string, number>,
    private readonly fieldWeights: ReadonlyMap<string, number>,
    private readonly argumentWeights: ReadonlyMap<string, number>,
    private readonly listSizes: ReadonlyMap<string, ListSize>,
  ) {}

  /** No directives: every field costs its type's default weight and every list `defaultListSize`. */
  static none(): CostDirectives {
    return new CostDirectives(new Map(), new Map(), new Map(), new Map());
  }

  static fromSdl(sdl: string): CostDirectives {
    return CostDirectives.fromDocument(parse(sdl));
  }

  static fromDocument(document: DocumentNode): CostDirectives {
    const names = linkedCostDirectiveNames(document);
    const typeWeights = new Map<string, number>();
    const fieldWeights = new Map<string, number>();
    const argumentWeights = new Map<string, number>();
    const listSizes = new Map<string, ListSize>();
    for (const definition of document.definitions) {
      if (!isTypeDefinitionNode(definition) && !isTypeExtensionNode(definition)) continue;
      const typeName = definition.name.value;
      const typeWeight = weightOf(definition.directives, names.cost);
      if (typeWeight !== undefined) typeWeights.set(typeName, typeWeight);
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
        definition.kind !== Kind.INTERFACE_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_EXTENSION) continue;
      for (const field of definition.fields ?? []) {
        const key = `${typeName}.${field.name.value}`;
        const weight = weightOf(field.directives, names.cost);
        if (weight !== undefined) fieldWeights.set(key, weight);
        const listSize = listSizeOf(field.directives, names.listSize);
        if (listSize) listSizes.set(key, listSize);
        for (const argument of field.arguments ?? []) {
          const argumentWeight = weightOf(argument.directives, names.cost);
          if (argumentWeight !== undefined) argumentWeights.set(`${key}(${argument.name.value})`, argumentWeight);
        }
      }
    }
    return new CostDirectives(typeWeights, fieldWeights, argumentWeights, listSizes);
  }

  /** `@cost` of the field, else of its type, else 1 for objects, interfaces and unions and 0 for leaves. */
  weightOf(typeName: string, fieldName: string, returnType: GraphQLNamedType): number {
    return (
      this.fieldWeights.get(`${typeName}.${fieldName}`) ??
      this.typeWeights.get(returnType.name) ??
      (isCompositeType(returnType) ? 1 : 0)
    );
  }

  argumentWeightOf(typeName: string, fieldName: string, argumentName: string): number {
    return this.argumentWeights.get(`${typeName}.${fieldName}(${argumentName})`) ?? 0;
  }

  listSizeOf(typeName: string, fieldName: string): ListSize | undefined {
    return this.listSizes.get(`${typeName}.${fieldName}`);
  }
}

export interface CostOptions {
  /** Assumed length of a list that neither an argument nor `@listSize(assumedSize:)` sizes. */
  defaultListSize: number;
  /** The schema's `@cost` / `@listSize`; none by default. */
  directives?: CostDirectives;
  /** The request's variables, when known; slicing arguments given by variables are then exact. */
  variables?: Record<string, unknown> | null;
}

/**
 * The estimated cost of an operation, after the IBM cost specification as Apollo's demand control applies it:
 * a mutation starts at {@link MUTATION_BASE_COST}; each field costs its weight (`@cost`, else 1 for an object,
 * interface or union and 0 for a scalar or enum) plus its selection's cost, times the number of items it
 * returns, plus the `@cost` of the arguments it is given. A list's length is its largest slicing argument
 * (`@listSize(slicingArguments:)`, from the operation, the variables or the argument's default), else its
 * `assumedSize`, else `defaultListSize`; a connection's slicing argument sizes its `sizedFields` (`edges`)
 * instead. An item of an interface or union costs what its most expensive possible type selects.
 */
export function estimateOperationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  options: CostOptions,
): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const estimator = new CostEstimator(schema, fragments, operation, options);
  const base = operation.operation === 'mutation' ? MUTATION_BASE_COST : 0;
  return base + estimator.selectionCost(operation.selectionSet, root, NO_SIZED_FIELDS);
}

/** The fragments of a parsed document, by name. */
export function fragmentsOfDocument(definitions: readonly { kind: Kind }[]): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      const fragment = definition as FragmentDefinitionNode;
      fragments[fragment.name.value] = fragment;
    }
  }
  return fragments;
}

/** Sizes a parent connection gives some of its child fields (`edges` → its `first`). */
type SizedFields = ReadonlyMap<string, number>;
const NO_SIZED_FIELDS: SizedFields = new Map();

class CostEstimator {
  private readonly directives: CostDirectives;
  private readonly variableDefaults: Record<string, unknown>;
  /** A field node is reached once per possible type of an abstract parent; its cost is computed once. */
  private readonly fieldCosts = new Map<FieldNode, Map<string, number>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    operation: OperationDefinitionNode,
    private readonly options: CostOptions,
  ) {
    this.directives = options.directives ?? CostDirectives.none();
    this.variableDefaults = {};
    for (const definition of operation.variableDefinitions ?? []) {
      if (definition.defaultValue) this.variableDefaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
    }
  }

  /** One item's cost: for an abstract type, the most expensive of its possible types. */
  selectionCost(selectionSet: SelectionSetNode, parentType: GraphQLNamedType, sized: SizedFields): number {
    if (isAbstractType(parentType)) {
      const possible = this.schema.getPossibleTypes(parentType);
      if (possible.length === 0) return 0;
      return Math.max(...possible.map((runtimeType) => this.costFor(selectionSet, runtimeType, sized, new Set())));
    }
    return isObjectType(parentType) ? this.costFor(selectionSet, parentType, sized, new Set()) : 0;
  }

  /** The cost of the selections that apply to an item of `runtimeType`. */
  private costFor(selectionSet: SelectionSetNode, runtimeType: GraphQLObjectType, sized: SizedFields, visiting: Set<string>): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += this.fieldCost(selection, runtimeType, sized);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!selection.typeCondition || this.applies(selection.typeCondition.name.value, runtimeType)) {
          total += this.costFor(selection.selectionSet, runtimeType, sized, visiting);
        }
      } else {
        // Fragment cycles are reported by graphql-js's NoFragmentCycles; `visiting` only keeps this walk finite.
        const fragment = this.fragments[selection.name.value];
        if (!fragment || visiting.has(fragment.name.value)) continue;
        if (!this.applies(fragment.typeCondition.name.value, runtimeType)) continue;
        visiting.add(fragment.name.value);
        total += this.costFor(fragment.selectionSet, runtimeType, sized, visiting);
        visiting.delete(fragment.name.value);
      }
    }
    return total;
  }

  private fieldCost(node: FieldNode, parentType: GraphQLObjectType, sized: SizedFields): number {
    const name = node.name.value;
    if (name.startsWith('__')) return 0;
    const key = `${parentType.name}|${sized.get(name) ?? ''}`;
    const known = this.fieldCosts.get(node)?.get(key);
    if (known !== undefined) return known;

    const costs = this.fieldCosts.get(node) ?? new Map<string, number>();
    this.fieldCosts.set(node, costs);
    // Reached again while being estimated: a fragment cycle, which validation reports; counts nothing more.
    costs.set(key, 0);

    const field = parentType.getFields()[name] ?? this.interfaceField(parentType, name);
    let cost = 0;
    if (field) {
      const returnType = getNamedType(field.type);
      const listSize = this.directives.listSizeOf(parentType.name, name) ?? this.interfaceListSize(parentType, name);
      const slicedSize = this.slicedSize(field, node.arguments ?? [], listSize);
      const sizesChildren = listSize !== undefined && listSize.sizedFields.length > 0;
      const childSized: SizedFields = sizesChildren ? new Map(listSize.sizedFields.map((child) => [child, slicedSize])) : NO_SIZED_FIELDS;
      const items = sized.get(name) ?? (isListType(getNullableType(field.type)) && !sizesChildren ? slicedSize : 1);
      const itemCost =
        this.directives.weightOf(parentType.name, name, returnType) +
        (node.selectionSet ? this.selectionCost(node.selectionSet, returnType, childSized) : 0);
      const argumentsCost = (node.arguments ?? []).reduce(
        (sum, argument) => sum + this.directives.argumentWeightOf(parentType.name, name, argument.name.value),
        0,
      );
      cost = items * itemCost + argumentsCost;
    }
    costs.set(key, cost);
    return cost;
  }

  /** The largest slicing argument given (or defaulted), else `assumedSize`, else `defaultListSize`. */
  private slicedSize(field: GraphQLField<unknown, unknown>, args: readonly ArgumentNode[], listSize: ListSize | undefined): number {
    let largest: number | undefined;
    for (const name of listSize?.slicingArguments ?? []) {
      const given = args.find((argument) => argument.name.value === name);
      // An argument absent, or given by a variable without a value, takes the schema's default at execution.
      const value = (given ? this.valueOf(given) : undefined) ?? field.args.find((argument) => argument.name === name)?.defaultValue;
      if (typeof value === 'number' && Number.isFinite(value)) largest = Math.max(largest ?? 0, Math.max(0, Math.floor(value)));
    }
    return largest ?? listSize?.assumedSize ?? this.options.defaultListSize;
  }

  private valueOf(argument: ArgumentNode): unknown {
    if (argument.value.kind !== Kind.VARIABLE) return valueFromASTUntyped(argument.value);
    const name = argument.value.name.value;
    return this.options.variables?.[name] ?? this.variableDefaults[name];
  }

  private applies(typeCondition: string, runtimeType: GraphQLObjectType): boolean {
    if (typeCondition === runtimeType.name) return true;
    const condition = this.schema.getType(typeCondition);
    return condition !== undefined && isAbstractType(condition) && this.schema.isSubType(condition, runtimeType);
  }

  /** A field an object gets from an interface it implements (always declared on the object in valid schemas). */
  private interfaceField(type: GraphQLObjectType, name: string): GraphQLField<unknown, unknown> | undefined {
    return type.getInterfaces().map((iface) => iface.getFields()[name]).find((field) => field !== undefined);
  }

  /** `@listSize` written on an interface's field applies to the implementing objects' field. */
  private interfaceListSize(type: GraphQLObjectType, name: string): ListSize | undefined {
    for (const iface of type.getInterfaces()) {
      if (!isInterfaceType(iface)) continue;
      const listSize = this.directives.listSizeOf(iface.name, name);
      if (listSize) return listSize;
    }
    return undefined;
  }
}

interface CostDirectiveNames {
  cost: string;
  listSize: string;
}

/**
 * The names a schema gives `@cost` and `@listSize`: a supergraph links the `cost` spec, a subgraph imports
 * them from the federation spec; either may rename them with `as` / `{ name, as }`.
 */
function linkedCostDirectiveNames(document: DocumentNode): CostDirectiveNames {
  const names: CostDirectiveNames = { cost: 'cost', listSize: 'listSize' };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'link') continue;
      const url = argumentValue(directive, 'url');
      if (typeof url !== 'string' || !/\/(cost|federation)\/v[\d.]+$/.test(url)) continue;
      const imports = argumentValue(directive, 'import');
      for (const entry of Array.isArray(imports) ? imports : []) {
        if (typeof entry !== 'object' || entry === null) continue;
        const { name, as } = entry as { name?: unknown; as?: unknown };
        if (name === '@cost' && typeof as === 'string') names.cost = as.replace(/^@/, '');
        if (name === '@listSize' && typeof as === 'string') names.listSize = as.replace(/^@/, '');
      }
      const as = argumentValue(directive, 'as');
      if (typeof as === 'string' && url.includes('/cost/')) names.cost = as;
    }
  }
  return names;
}

function weightOf(directives: readonly ConstDirectiveNode[] | undefined, name: string): number | undefined {
  const directive = directives?.find((candidate) => candidate.name.value === name);
  const weight = directive ? argumentValue(directive, 'weight') : undefined;
  return typeof weight === 'number' ? weight : undefined;
}

function listSizeOf(directives: readonly ConstDirectiveNode[] | undefined, name: string): ListSize | undefined {
  const directive = directives?.find((candidate) => candidate.name.value === name);
  if (!directive) return undefined;
  const assumedSize = argumentValue(directive, 'assumedSize');
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return {
    assumedSize: typeof assumedSize === 'number' ? assumedSize : undefined,
    slicingArguments: strings(argumentValue(directive, 'slicingArguments')),
    sizedFields: strings(argumentValue(directive, 'sizedFields')),
  };
}

function argumentValue(directive: ConstDirectiveNode, name: string): unknown {
  const argument = directive.arguments?.find((candidate) => candidate.name.value === name);
  return argument ? valueFromASTUntyped(argument.value) : undefined;
}
