/**
 * A stored item: an entity with its key, its index keys, a `type` tag and the version of its
 * shape. Each entity declares how it is laid out (shared/<feature>/<entity>.ts); the seed and
 * the stores both write through those declarations, so an item has one shape.
 */
export type Item = Record<string, unknown> & {
  PK: string;
  SK: string;
  type: string;
  /** The version of the entity's stored shape; records that are not entities have none. */
  schemaVersion?: number;
};
