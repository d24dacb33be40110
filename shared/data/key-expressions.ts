import { tableDefinition } from './table.ts';

export const tablePartitionKey = tableDefinition.partitionKey;
export const indexPartitionKeys = new Map<string, string>(
  Object.values(tableDefinition.indexes).map((index) => [index.name, index.partitionKey]),
);
/** The partition-key attributes of the table and of every index. */
export const partitionAttributes: ReadonlySet<string> = new Set([
  tablePartitionKey,
  ...indexPartitionKeys.values(),
]);

/**
 * The index partitions a write is checked for: those of the table and of the listing indexes.
 * The due-date and purge indexes are left out: their partitions (`DUE#<time zone>#<shard>`,
 * `PURGE#<shard>`) are shared by every tenant's items, only system jobs (the sweep, retention)
 * read them, and putting an item there reveals nothing.
 */
const sharedIndexes: ReadonlySet<string> = new Set([
  tableDefinition.indexes.byDueDate.name,
  tableDefinition.indexes.byPurgeDate.name,
]);
export const writtenIndexPartitionKeys: readonly string[] = Object.values(tableDefinition.indexes)
  .filter((index) => !sharedIndexes.has(index.name))
  .map((index) => index.partitionKey);
export const writtenPartitionAttributes: ReadonlySet<string> = new Set([
  tablePartitionKey,
  ...writtenIndexPartitionKeys,
]);

/** A request whose partition keys cannot be read with certainty: refused, never guessed. */
export class UnreadableRequest extends Error {
  override readonly name = 'UnreadableRequest';
}

interface Token {
  kind: 'name' | 'value' | 'word' | 'number' | 'symbol';
  text: string;
}

interface Expression {
  tokens: Token[];
  names: Record<string, unknown>;
  values: Record<string, unknown>;
}

const tokenPattern =
  /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_]*)|([0-9]+)|(<>|<=|>=|[=<>(),.[\]+-]))/y;

export function expressionOf(request: Record<string, unknown>, text: unknown): Expression {
  if (typeof text !== 'string') throw new UnreadableRequest('an expression is not a string');
  const { ExpressionAttributeNames: names = {}, ExpressionAttributeValues: values = {} } = request;
  return {
    tokens: tokenize(text),
    names: record(names, 'ExpressionAttributeNames'),
    values: record(values, 'ExpressionAttributeValues'),
  };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = 0;
  while (tokenPattern.lastIndex < text.length) {
    const start = tokenPattern.lastIndex;
    const match = tokenPattern.exec(text);
    if (match === null) {
      if (text.slice(start).trim() === '') break;
      throw new UnreadableRequest('an expression holds characters the guard does not know');
    }
    const [, name, value, word, number, symbol] = match;
    if (name !== undefined) tokens.push({ kind: 'name', text: name });
    else if (value !== undefined) tokens.push({ kind: 'value', text: value });
    else if (word !== undefined) tokens.push({ kind: 'word', text: word });
    else if (number !== undefined) tokens.push({ kind: 'number', text: number });
    else if (symbol !== undefined) tokens.push({ kind: 'symbol', text: symbol });
  }
  return tokens;
}

/** The attribute a token names when it stands alone (not inside a path like `a.PK` or `PK[0]`). */
function topLevelAttribute(expression: Expression, index: number): string | undefined {
  const { tokens } = expression;
  const token = tokens[index];
  if (token === undefined || (token.kind !== 'name' && token.kind !== 'word')) return undefined;
  const pathAround = [tokens[index - 1]?.text, tokens[index + 1]?.text];
  if (pathAround.includes('.') || tokens[index + 1]?.text === '[') return undefined;
  return attributeName(expression, token);
}

function attributeName(expression: Expression, token: Token): string {
  if (token.kind !== 'name') return token.text;
  const name = expression.names[token.text];
  if (typeof name !== 'string') throw new UnreadableRequest(`${token.text} is not defined`);
  return name;
}

function placeholderValue(
  expression: Expression,
  token: Token | undefined,
  attribute: string,
): string {
  if (token?.kind !== 'value') {
    throw new UnreadableRequest(`${attribute} is compared with, or set to, something not a value`);
  }
  return requiredString(expression.values[token.text], attribute);
}

/** `attribute = :value` (either way round) for every partition-key attribute of a condition. */
export function partitionEqualities(expression: Expression): [string, string][] {
  const equalities: [string, string][] = [];
  expression.tokens.forEach((token, index) => {
    if (token.text !== '=' || token.kind !== 'symbol') return;
    for (const [side, other] of [
      [index - 1, index + 1],
      [index + 1, index - 1],
    ] as const) {
      const attribute = topLevelAttribute(expression, side);
      if (attribute === undefined || !partitionAttributes.has(attribute)) continue;
      const operand = expression.tokens[other];
      const afterOperand = expression.tokens[other + 1]?.text;
      if (side === index - 1 && (afterOperand === '+' || afterOperand === '-')) {
        throw new UnreadableRequest(`${attribute} is compared with a computed value`);
      }
      equalities.push([attribute, placeholderValue(expression, operand, attribute)]);
    }
  });
  return equalities;
}

const updateClauses = new Set(['SET', 'REMOVE', 'ADD', 'DELETE']);

/** The values an update expression gives to partition-key attributes (`SET GSI1PK = :inbox`). */
export function assignedPartitions(expression: Expression): string[] {
  const partitions: string[] = [];
  let clause: string | undefined;
  let action: Token[] = [];
  let depth = 0;
  const endAction = (): void => {
    if (action.length === 0) return;
    if (clause === undefined) throw new UnreadableRequest('an update action precedes its clause');
    if (clause === 'SET') partitions.push(...setPartitions(expression, action));
    else if (clause !== 'REMOVE') refuseIfPartition(expression, action, clause);
    action = [];
  };
  for (const token of expression.tokens) {
    const keyword = token.text.toUpperCase();
    if (token.kind === 'word' && depth === 0 && updateClauses.has(keyword)) {
      endAction();
      clause = keyword;
    } else if (token.text === ',' && depth === 0) {
      endAction();
    } else {
      if (token.text === '(') depth += 1;
      if (token.text === ')') depth -= 1;
      action.push(token);
    }
  }
  endAction();
  return partitions;
}

function setPartitions(expression: Expression, action: Token[]): string[] {
  const equals = action.findIndex((token) => token.kind === 'symbol' && token.text === '=');
  const [target] = action;
  if (equals < 1 || target === undefined) throw new UnreadableRequest('a SET action has no target');
  if (target.kind !== 'name' && target.kind !== 'word') {
    throw new UnreadableRequest('a SET action has no target');
  }
  const attribute = attributeName(expression, target);
  if (!writtenPartitionAttributes.has(attribute)) return [];
  if (equals !== 1) throw new UnreadableRequest(`a SET action writes inside ${attribute}`);
  const value = action.slice(2);
  if (value.length === 1) return [placeholderValue(expression, value[0], attribute)];
  // `SET GSI1PK = if_not_exists(GSI1PK, :inbox)` keeps or writes `:inbox`: the value to check.
  const [fn, open, self, comma, fallback, close, ...rest] = value;
  const keepsItself =
    fn?.text === 'if_not_exists' &&
    open?.text === '(' &&
    self !== undefined &&
    (self.kind === 'name' || self.kind === 'word') &&
    attributeName(expression, self) === attribute &&
    comma?.text === ',' &&
    close?.text === ')' &&
    rest.length === 0;
  if (!keepsItself) throw new UnreadableRequest(`${attribute} is set to a computed value`);
  return [placeholderValue(expression, fallback, attribute)];
}

function refuseIfPartition(expression: Expression, action: Token[], clause: string): void {
  const [target] = action;
  if (target === undefined || (target.kind !== 'name' && target.kind !== 'word')) return;
  const attribute = attributeName(expression, target);
  if (writtenPartitionAttributes.has(attribute)) {
    throw new UnreadableRequest(`${clause} on the key attribute ${attribute}`);
  }
}

// Values: a document client's plain strings, or marshalled `{ S: '…' }` attribute values.

export function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.S === 'string' && Object.keys(value).length === 1) {
    return value.S;
  }
  return undefined;
}

export function requiredString(value: unknown, attribute: string): string {
  const text = stringOf(value);
  if (text === undefined) throw new UnreadableRequest(`${attribute} is not a readable string`);
  return text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw new UnreadableRequest(`${what} is not an object`);
  return value;
}

export function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new UnreadableRequest(`${what} is not a list`);
  return value;
}
