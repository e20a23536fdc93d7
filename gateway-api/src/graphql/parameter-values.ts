// A process step's critical parameter values: the chaincode keeps them as one object of name → number, GraphQL carries
// them as a list of { name, value } (a schema cannot type an object of free keys). Both ways in one place.
import type { ProcessStep } from '@plasma/chaincode';
import { validationError } from '../errors';

export interface ParameterValue {
  readonly name: string;
  readonly value: number;
}

/**
 * The chaincode's object of `values`, refusing a name given twice (which the object would silently keep once). Built from
 * entries, so every name is an own field, `__proto__` too (for the chaincode to refuse by its name rule).
 */
export function parameterObject(values: readonly ParameterValue[], field: string): Record<string, number> {
  const seen = new Set<string>();
  for (const [index, { name }] of values.entries()) {
    if (seen.has(name)) throw validationError(`${field}[${index}].name`, `repeats ${name}; each parameter is given once`);
    seen.add(name);
  }
  return Object.fromEntries(values.map(({ name, value }) => [name, value]));
}

/** A step's input as the chaincode reads it: its parameters, when given, as the object (null, as GraphQL allows, as not given). */
export function processStepInput(step: unknown): unknown {
  if (typeof step !== 'object' || step === null || !('parameters' in step)) return step;
  const { parameters, ...rest } = step;
  if (parameters === null || parameters === undefined) return rest;
  return Array.isArray(parameters) ? { ...rest, parameters: parameterObject(parameters as ParameterValue[], 'step.parameters') } : step;
}

/** A step as GraphQL answers it: its parameters, when it has them, as the list, in name order. */
export function withParameterList<T extends Pick<ProcessStep, 'parameters'>>(
  step: T,
): Omit<T, 'parameters'> & { parameters?: ParameterValue[] } {
  const { parameters, ...rest } = step;
  return parameters === undefined
    ? rest
    : {
        ...rest,
        parameters: Object.keys(parameters)
          .sort()
          .map((name) => ({ name, value: parameters[name]! })),
      };
}
