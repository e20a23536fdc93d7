// Reading untrusted JSON (client input or ledger state) so that every failure names the field and the rule.
import { ValidationError } from './errors';
import { hasControlCharacter, identifierRule } from './identifiers/identifier';
import type { Rule } from './rule';

export type { Rule };

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

/** Free text of 1 to `max` characters, without leading or trailing spaces or control characters (tab and line breaks allowed). */
export function text(max: number): Rule<string> {
  const shape = new RegExp(`^\\S(?:[\\s\\S]{0,${max - 2}}\\S)?$`);
  return {
    text: `must be 1 to ${max} characters, without leading or trailing spaces or control characters`,
    test: (value): value is string => typeof value === 'string' && shape.test(value) && !hasControlCharacter(value),
  };
}

/** An identifier chosen by the organisation that creates the object (shipment, lot, deviation...). */
export const IDENTIFIER_RULE = identifierRule('code');

export const SHA256_HEX_RULE = matching(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest: 64 lowercase hex characters');

export const BOOLEAN_RULE: Rule<boolean> = {
  text: 'must be true or false',
  test: (value): value is boolean => typeof value === 'boolean',
};

/** A finite number from `min` to `max`, with at most one decimal (a thermometer's precision). */
export function temperatureBetween(min: number, max: number): Rule<number> {
  return {
    text: `must be a temperature in °C from ${min} to ${max}, with at most one decimal`,
    test: (value): value is number =>
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= min &&
      value <= max &&
      Math.abs(value * 10 - Math.round(value * 10)) < 1e-9,
  };
}

export function numberBetween(min: number, max: number, unit: string): Rule<number> {
  return {
    text: `must be a number of ${unit} from ${min} to ${max}`,
    test: (value): value is number => typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max,
  };
}

export const OBJECT_RULE: Rule<Record<string, unknown>> = {
  text: 'must be a JSON object',
  test: (value): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value),
};

export const ARRAY_RULE: Rule<unknown[]> = { text: 'must be a JSON array', test: Array.isArray };

export interface ListLimits {
  readonly min?: number;
  readonly max: number;
  /** Refuse an item that appears twice (compared as given). */
  readonly unique?: boolean;
}

/** Checks a JSON array item by item; errors name the item, e.g. `dins[3]`. */
export function readList<T>(value: unknown, name: string, item: Rule<T>, { min = 0, max, unique = false }: ListLimits): T[] {
  if (!Array.isArray(value)) {
    throw new ValidationError(name, `must be a JSON array of ${min} to ${max} items`);
  }
  if (value.length < min || value.length > max) {
    throw new ValidationError(name, `must hold ${min} to ${max} items; it holds ${value.length}`);
  }
  const seen = new Set<unknown>();
  return value.map((entry: unknown, index) => {
    if (!item.test(entry)) {
      throw new ValidationError(`${name}[${index}]`, item.text);
    }
    if (unique) {
      if (seen.has(entry)) {
        throw new ValidationError(`${name}[${index}]`, `repeats ${String(entry)}; each item may appear once`);
      }
      seen.add(entry);
    }
    return entry;
  });
}

/** A rule that accepts any value and leaves checking to the caller (for nested objects read with readObject). */
export const ANY_RULE: Rule<unknown> = { text: 'is required', test: (value): value is unknown => value !== undefined };

/** The object without its undefined fields, so optional fields are absent rather than undefined. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
