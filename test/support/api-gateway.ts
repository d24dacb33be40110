import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';

/** An API Gateway HTTP API (payload 2.0) event, as the `$default` stage sends it to a function. */
export function anHttpApiEvent(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string; query?: string } = {},
): LambdaEvent {
  const headers = { host: 'api.appui.test', 'user-agent': 'vitest', ...options.headers };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers,
    requestContext: {
      accountId: '123456789012',
      authentication: null,
      authorizer: {},
      apiId: 'api',
      domainName: headers.host,
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: '$default',
      stage: '$default',
      time: '23/Nov/2026:09:00:00 +0000',
      timeEpoch: Date.parse('2026-11-23T09:00:00Z'),
    },
    body: options.body ?? null,
    isBase64Encoded: false,
  };
}

export const aLambdaContext: LambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'appui-api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-3:123456789012:function:appui-api',
  memoryLimitInMB: '1024',
  awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/appui-api',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 10_000,
};
