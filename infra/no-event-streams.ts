/**
 * What `@smithy/core/event-streams` is in the Lambda bundles (infra/bundling.ts): nothing. The SDK
 * loads it (a dynamic import) only for an operation with an event-stream member, and none of the
 * clients Appui bundles has one (test/infra/bundles.test.ts checks each of their operations);
 * some 15 KB per function. Were one to appear, its first call fails with this message.
 */
throw new Error(
  'Event streams are left out of the Lambda bundles (infra/no-event-streams.ts): no client of Appui had any.',
);
