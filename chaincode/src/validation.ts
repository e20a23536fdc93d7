// Reading untrusted JSON (client input or ledger state) so that every failure names the field and the rule.
import { ValidationError } from './errors';

/** A rule for one field: the text a client reads when it fails, and the test. */
export interface Rule<T> {
  readonly text: string;
  readonly test: (value: unknown) => value is T;
}

export function matching(pattern: RegExp, text: string): Rule<string> {
  return { text, test: (value): value is string => typeof value === 'string' && pattern.test(value) };
}

export function oneOf<const T extends string>(values: readonly T[]): Rule<T> {
  return {
    text: `must be one of ${values.join(', ')}`,
    test: (value): value is T => (values as readonly unknown[]).includes(value),
  };
}

export function integerBetween(min: number, max: number, unit: string): Rule<number> {
  return {
    text: `must be a whole number of ${unit} from ${min} to ${max}`,
    test: (value): value is number => Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
  };
}

/** For values the chaincode derives itself, read back from the ledger. */
export function equalTo<const T>(expected: T, text: string): Rule<T> {
  return { text, test: (value): value is T => value === expected };
}

export function parseJson(json: string, field: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new ValidationError(field, 'must be valid JSON');
  }
}

export interface FieldReader {
  /** The object's fields as given, for passing on to a state object that validates them itself. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The name errors use for a field of this object, e.g. `organisations[2].kind`. */
  path(key: string): string;
  required<T>(key: string, rule: Rule<T>): T;
  optional<T>(key: string, rule: Rule<T>): T | undefined;
}

/**
 * Checks that `value` is a JSON object holding no field outside `known`, and returns a reader for its fields.
 * Errors name the object `name` and its fields `prefix + key` (the prefix defaults to `name.`).
 */
export function readObject(value: unknown, name: string, known: readonly string[], prefix = `${name}.`): FieldReader {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(name, 'must be a JSON object');
  }
  const object = value as Record<string, unknown>;
  const path = (key: string): string => `${prefix}${key}`;
  const unknownKey = Object.keys(object).find((key) => !known.includes(key));
  if (unknownKey !== undefined) {
    throw new ValidationError(path(unknownKey), `is not a known field (known fields: ${known.join(', ')})`);
  }
  const check = <T>(key: string, rule: Rule<T>): T => {
    const field = object[key];
    if (!rule.test(field)) {
      throw new ValidationError(path(key), rule.text);
    }
    return field;
  };
  return {
    values: object,
    path,
    required(key, rule) {
      if (object[key] === undefined) {
        throw new ValidationError(path(key), `is required; it ${rule.text}`);
      }
      return check(key, rule);
    },
    optional: (key, rule) => (object[key] === undefined ? undefined : check(key, rule)),
  };
}
