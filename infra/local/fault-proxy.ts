/**
 * A fault-injecting HTTP proxy for DynamoDB Local, for `npm run faults`: on a chosen share of
 * the calls it answers what DynamoDB answers when it is overloaded or failing — a throttling
 * error as DynamoDB's JSON body with its `x-amzn-ErrorType`, a 500 InternalServerError — or it
 * lets the call time out, or drops the connection. A timeout and half of the dropped connections
 * happen after DynamoDB Local has done the work, as in AWS: the write landed, its answer did not.
 * Which calls fail, and how, follows from the seed alone (for calls made in the same order).
 */
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';

export const faultKinds = ['throttling', 'server-error', 'timeout', 'dropped'] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface FaultProxyOptions {
  /** DynamoDB Local's URL. */
  target: string;
  /** Share of the calls that fail, from 0 to 1. */
  rate: number;
  seed: number;
  /** How long a call that "times out" is held before its socket is closed (past the client's limit). */
  holdMs?: number;
}

export interface FaultProxy {
  endpoint: string;
  /** Faults are injected only while true; false lets every call through. */
  enabled: boolean;
  /** Calls seen while enabled, and the faults injected, by kind and by DynamoDB operation. */
  readonly tally: FaultTally;
  close(): Promise<void>;
}

export interface FaultTally {
  calls: number;
  faults: Record<FaultKind, number>;
  /** Faults per operation (`TransactWriteItems`, `Query`…). */
  byOperation: Record<string, number>;
}

/** A small seeded generator (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const throttlingErrors = [
  {
    type: 'ProvisionedThroughputExceededException',
    message:
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  {
    type: 'ThrottlingException',
    message: 'Throughput exceeds the current throughput limit for your account.',
  },
  {
    type: 'RequestLimitExceeded',
    message: 'Throughput exceeds the current throughput limit for your account.',
  },
];

/** DynamoDB's own error answer: JSON 1.0 with the fully qualified type, and the type header. */
function answerError(
  response: ServerResponse,
  status: number,
  type: string,
  namespace: string,
  message: string,
): void {
  const body = JSON.stringify({ __type: `${namespace}#${type}`, message });
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': `${type}:`,
    'x-amzn-requestid': `FAULT${Math.floor(Math.random() * 1e12)}`,
  });
  response.end(body);
}

async function bodyOf(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of message)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

interface Upstream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function forward(target: URL, incoming: IncomingMessage, body: Buffer): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        hostname: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        bodyOf(answer).then(
          (answered) =>
            resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: answered }),
          reject,
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Starts the proxy on a free port of 127.0.0.1. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const random = seededRandom(options.seed);
  const holdMs = options.holdMs ?? 5_000;
  const held = new Set<NodeJS.Timeout>();
  const tally: FaultTally = {
    calls: 0,
    faults: { throttling: 0, 'server-error': 0, timeout: 0, dropped: 0 },
    byOperation: {},
  };
  const proxy: { enabled: boolean } = { enabled: false };

  const decide = (): { kind: FaultKind; variant: number } | undefined => {
    // Two draws per call whatever happens, so one call's fate never shifts the next one's.
    const draw = random();
    const pick = random();
    if (draw >= options.rate) return undefined;
    const index = Math.floor(pick * faultKinds.length * 6);
    const kind = faultKinds[Math.floor(index / 6)] ?? 'throttling';
    return { kind, variant: index % 6 };
  };

  const server = createServer((incoming, response) => {
    const handle = async () => {
      const body = await bodyOf(incoming);
      const operation = String(incoming.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
      const fault = proxy.enabled ? decide() : undefined;
      if (proxy.enabled) tally.calls += 1;
      if (fault !== undefined) {
        tally.faults[fault.kind] += 1;
        tally.byOperation[operation] = (tally.byOperation[operation] ?? 0) + 1;
      }
      switch (fault?.kind) {
        case 'throttling': {
          const error = throttlingErrors[fault.variant % throttlingErrors.length];
          if (error === undefined) break;
          answerError(response, 400, error.type, 'com.amazonaws.dynamodb.v20120810', error.message);
          return;
        }
        case 'server-error':
          answerError(
            response,
            500,
            'InternalServerError',
            'com.amazonaws.dynamodb.v20120810',
            'Internal server error',
          );
          return;
        case 'dropped':
          // Half before DynamoDB saw the call, half after it did the work.
          if (fault.variant % 2 === 0) {
            incoming.socket.destroy();
            return;
          }
          await forward(target, incoming, body);
          incoming.socket.destroy();
          return;
        case 'timeout': {
          await forward(target, incoming, body);
          // No answer: the client gives up first; the socket is closed afterwards.
          const timer = setTimeout(() => {
            held.delete(timer);
            incoming.socket.destroy();
          }, holdMs);
          held.add(timer);
          return;
        }
        case undefined:
          break;
      }
      const upstream = await forward(target, incoming, body);
      response.writeHead(upstream.status, upstream.headers);
      response.end(upstream.body);
    };
    handle().catch(() => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  const { port } = address;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get enabled() {
      return proxy.enabled;
    },
    set enabled(value: boolean) {
      proxy.enabled = value;
    },
    tally,
    close: async () => {
      for (const timer of held) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
