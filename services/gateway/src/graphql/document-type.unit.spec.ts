import { coerceInputValue, GraphQLEnumType, valueFromAST, parseValue } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createGatewaySchema } from './schema.js';

const enumType = () => {
  const type = createGatewaySchema().getType('DocumentType');
  if (!(type instanceof GraphQLEnumType)) throw new Error('DocumentType is not an enum');
  return type;
};

describe('DocumentType in the schema', () => {
  it('lists the ten document types, each with its default minimum, and names the settings', () => {
    const type = enumType();
    expect(type.getValues().map((v) => v.name)).toEqual([
      'law',
      'ordinance',
      'resolution',
      'decree',
      'decision',
      'circular',
      'provincial_resolution',
      'provincial_decision',
      'commune_resolution',
      'commune_decision',
    ]);
    for (const value of type.getValues()) expect(value.description).toMatch(/\[\d+ days\]\.$/);
    expect(type.description).toContain('DOCUMENT_TYPES');
    expect(type.description).toContain('CONSULTATION_MINIMUMS');
  });

  it('still takes the draft service spelling in variables and literals, and refuses others', () => {
    const type = enumType();
    expect(coerceInputValue('provincial_decision', type)).toBe('provincial_decision');
    expect(valueFromAST(parseValue('provincial_decision'), type)).toBe('provincial_decision');
    for (const bad of [
      'PROVINCIAL_DECISION',
      'memo',
      '',
      'law; drop',
      '__proto__',
      'x'.repeat(10_000),
    ])
      expect(() => coerceInputValue(bad, type), bad).toThrow();
  });
});
