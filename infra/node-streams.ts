/**
 * What `readable-stream` is in the Lambda bundles (infra/bundling.ts): Node's own `node:stream`.
 * readable-stream 3 is a copy of Node 10's streams, some 40 KB with its string decoder, that the
 * AWS Encryption SDK and duplexify import for `Transform`, `PassThrough`, `Duplex`, `Readable`,
 * `finished` and `pipeline`. Node's have the same members; one call differs: readable-stream's
 * `pipeline` takes its last argument as the callback only when it is a function, where Node's
 * requires one, and the SDK's encryption stream calls `pipeline(encryptStream, signatureStream)`.
 * So `pipeline` here is Node's, given readable-stream's default callback (one that ignores the
 * error, which the streams themselves emit). Locally and in tests, readable-stream is itself.
 */
import { pipeline as nodePipeline } from 'node:stream';

export { Duplex, finished, PassThrough, Readable, Stream, Transform, Writable } from 'node:stream';

type PipelineCallback = (error: NodeJS.ErrnoException | null) => void;
type PipedStream = NodeJS.ReadableStream | NodeJS.WritableStream | NodeJS.ReadWriteStream;

/** readable-stream's `pipeline(...streams, callback?)` on Node's own. */
export function pipeline(...args: (PipedStream | PipelineCallback)[]): NodeJS.WritableStream {
  const last = args.at(-1);
  const callback: PipelineCallback = typeof last === 'function' ? last : () => {};
  const streams = args.filter((arg): arg is PipedStream => typeof arg !== 'function');
  return nodePipeline(streams, callback);
}
