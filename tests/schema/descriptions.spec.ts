import { readFileSync } from 'node:fs';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';
import { apiSchemaOf } from '@retail/tools/schema/api-schema';
import { SUPERGRAPH_SCHEMA_PATH } from '@retail/tools/schema/supergraph-config';

/** Every public type, field, argument, input field and enum value without a description, by coordinate. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (coordinate: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    // The built-in scalars and introspection types are described by the GraphQL specification itself.
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const argument of field.args) check(`${type.name}.${field.name}(${argument.name}:)`, argument.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  return missing.sort();
}

describe('the public API schema', () => {
  const schema = apiSchemaOf(readFileSync(SUPERGRAPH_SCHEMA_PATH, 'utf8'));

  it('describes every type, field, argument, input field and enum value', () => {
    expect(undescribed(schema)).toEqual([]);
  });

  it('says that money is in minor units of an ISO 4217 currency', () => {
    const money = schema.getType('Money');
    if (!isObjectType(money)) throw new Error('Money is not an object type');
    expect(money.getFields().amount.description).toMatch(/minor units/);
    expect(money.getFields().currency.description).toMatch(/ISO 4217/);
  });

  it('documents the test card tokens where a shop developer looks: placeOrder`s payment token', () => {
    const input = schema.getType('PlaceOrderInput');
    if (!isInputObjectType(input)) throw new Error('PlaceOrderInput is not an input type');
    const description = input.getFields().paymentToken.description ?? '';
    for (const token of ['tok_visa', 'tok_chargeDeclined', 'tok_processingError']) expect(description).toContain(token);
  });

  it('types order and payment history events as enums', () => {
    const order = schema.getType('OrderEvent');
    const payment = schema.getType('PaymentEvent');
    if (!isObjectType(order) || !isObjectType(payment)) throw new Error('event types missing');
    expect(String(order.getFields().type.type)).toBe('OrderEventType!');
    expect(String(payment.getFields().type.type)).toBe('PaymentEventType!');
  });
});
