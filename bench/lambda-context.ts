import type { Context } from 'aws-lambda';

/** The Lambda `Context` the benchmarks (and, with overrides, the tests) invoke handlers with: a local invocation, fixed names, 60 s left. */
export function benchLambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'connect-analytics-agent-events',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-west-2:111122223333:function:connect-analytics-agent-events',
    memoryLimitInMB: '256',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: '/aws/lambda/connect-analytics-agent-events',
    logStreamName: '2026/11/21/[$LATEST]abcdef123456abcdef123456abcdef12',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
