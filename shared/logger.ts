import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The attributes that hold a person's identity, contact or story wherever they appear in a log
 * line (an entity, a stream record's image, an error's attributes): their value never reaches
 * the log. Compared case-insensitively, without separators (`first_name` is `firstName`).
 */
export const personalFields: readonly string[] = [
  // identity and contact (people followed, and users)
  'person',
  'firstName',
  'lastName',
  'birthDate',
  'email',
  'phone',
  'postalCode',
  'city',
  // their situation and story: special-category data (health, addiction, justice…)
  'situation',
  'barriers',
  'specificPublics',
  'summary',
  'privateNote',
  'note',
  'notes',
  'reason',
  'text',
  'justification',
  'decisionReason',
  'objectives',
  'personCommitments',
  'structureCommitments',
  'decline',
  // an alert's label names the person (first name) for the digest
  'label',
  // a rectification's history line: the values it replaced, and the new ones
  'changes',
  'previous',
];

/** What a redacted value is replaced with. */
export const redacted = '[redacted]';

const normalise = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const personalKeys: ReadonlySet<string> = new Set(personalFields.map(normalise));
/** An e-mail address inside any text (an error message, a key): replaced, whatever the field. */
const emailAddress = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

/**
 * The logger's JSON replacer (Powertools' `jsonReplacerFn`, called for every key of a log line
 * before Powertools' own rules): a personal attribute's value is replaced, whatever its depth or
 * type, and an e-mail address in any text is masked.
 */
export function redactPersonalData(key: string, value: unknown): unknown {
  if (key !== '' && personalKeys.has(normalise(key)) && value !== undefined && value !== null) {
    return redacted;
  }
  if (typeof value === 'string' && value.includes('@')) {
    return value.replace(emailAddress, '[e-mail]');
  }
  return value;
}

/**
 * An error as a log line may show it: its name, where it was thrown, its causes, never its
 * message (an unexpected error's message may quote what it was given: a request body, an item).
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: typeof error };
  const frames =
    typeof error.stack === 'string'
      ? error.stack
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line.startsWith('at '))
      : [];
  return {
    name: error.name,
    frames,
    ...(error.cause === undefined ? {} : { cause: describeError(error.cause) }),
  };
}

/** One logger per process. Log identifiers, not people: what slips through is redacted above. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'appui',
  jsonReplacerFn: redactPersonalData,
});
