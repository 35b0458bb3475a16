import { OnesValidationError } from '../errors/errors.js';

/** Throws the error for a bad argument, naming the parameter: `"deviceId" must be a non-empty string`. */
export function failArgument(parameter: string, requirement: string): never {
  throw new OnesValidationError('ERR_VALIDATION_ARGUMENT', `"${parameter}" ${requirement}`);
}
