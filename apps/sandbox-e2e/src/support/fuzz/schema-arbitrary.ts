import fc from 'fast-check';
import { anyJson, hostileText } from './hostile-values';

/** A JSON Schema node of an OpenAPI document, as far as the arbitraries need it. */
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

/** Follows local `$ref`s (`#/components/...`) of `document`. */
export function resolve(document: object, node: Schema): Schema {
  let current = node;
  while (current.$ref) {
    current = current.$ref.slice(2).split('/').reduce<Record<string, unknown>>((at, key) => at[key] as Record<string, unknown>, document as Record<string, unknown>) as Schema;
  }
  return current;
}

/** Beyond this depth a schema's value is `{}` (the OB schemas nest deeply and a few recursively). */
const MAX_DEPTH = 7;

/** Values that match `schema` in shape, type, pattern and length: what a careful client would send. */
export function validishValue(document: object, node: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(document, node);
  if (depth > MAX_DEPTH) return fc.constant({});
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) return fc.oneof(...variants.map((variant) => validishValue(document, variant, depth + 1)));
  if (schema.allOf) return fc.tuple(...schema.allOf.map((part) => validishValue(document, part, depth + 1))).map((parts) => Object.assign({}, ...parts.filter((part) => part && typeof part === 'object')));
  switch (schema.type) {
    case 'string':
      return stringFor(schema);
    case 'number':
      return fc.double({ min: 0, max: 1e6, noNaN: true });
    case 'integer':
      return fc.integer({ min: 0, max: 1000 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validishValue(document, schema.items ?? {}, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, 2) });
    default: {
      const properties = Object.entries(schema.properties ?? {});
      if (properties.length === 0) return fc.constant({});
      const required = new Set(schema.required ?? []);
      return fc.record(
        Object.fromEntries(properties.map(([name, property]) => [name, validishValue(document, property, depth + 1)])),
        { requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name)) },
      );
    }
  }
}

function stringFor(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString());
  if (schema.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  if (schema.pattern) {
    const matching = fc.stringMatching(new RegExp(schema.pattern));
    return schema.maxLength === undefined ? matching : matching.filter((text) => text.length <= (schema.maxLength as number) && text.length >= (schema.minLength ?? 0));
  }
  return fc.string({ unit: 'grapheme-ascii', minLength: Math.min(schema.minLength ?? 0, maxLength), maxLength });
}

type Mutation = 'replace' | 'delete' | 'add' | 'wrong-root';

/** The places of a JSON value a mutation may hit: [container, key] pairs. */
function places(value: unknown, into: Array<[Record<string, unknown> | unknown[], string | number]> = []) {
  if (value && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) {
      into.push([value as Record<string, unknown>, Array.isArray(value) ? Number(key) : key]);
      places(member, into);
    }
  }
  return into;
}

/** One hostile change to a value: a member of the wrong type or content, a missing member, an extra one, or no object at all. */
function mutate(value: unknown, mutation: Mutation, pick: number, replacement: unknown, extraName: string): unknown {
  const copy = structuredClone(value);
  const spots = places(copy);
  if (mutation === 'wrong-root' || spots.length === 0) return replacement;
  const [container, key] = spots[pick % spots.length];
  if (mutation === 'replace') (container as Record<string | number, unknown>)[key] = replacement;
  else if (mutation === 'delete') Array.isArray(container) ? container.splice(key as number, 1) : delete container[key as string];
  else if (!Array.isArray(container)) container[extraName] = replacement;
  return copy;
}

/** Values of `schema`: valid-ish ones, and the same with one or two hostile changes. */
export function schemaValue(document: object, schema: Schema): fc.Arbitrary<unknown> {
  const validish = validishValue(document, schema);
  const mutated = (base: fc.Arbitrary<unknown>) =>
    fc.tuple(base, fc.constantFrom<Mutation>('replace', 'replace', 'delete', 'add', 'wrong-root'), fc.nat(), anyJson, hostileText)
      .map(([value, mutation, pick, replacement, extraName]) => mutate(value, mutation, pick, replacement, extraName));
  return fc.oneof({ arbitrary: validish, weight: 2 }, { arbitrary: mutated(validish), weight: 3 }, { arbitrary: mutated(mutated(validish)), weight: 1 });
}
