/**
 * AWS on the wire, for tests that run the function bundles as deployed: a stand-in for SNS (Publish, AWS query
 * protocol), SES v2 (SendEmail, REST-JSON) and Step Functions (StartExecution, JSON 1.0) on one local port,
 * which keeps every request as it came and answers what the SDK expects; and the invocation of a bundle's
 * handler in its own Node.js process, as Lambda would, with the environment it is given and nothing else.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { lambdaContext } from './lambda.ts';

/** The fixed credentials the bundles read from their environment (`environmentCredentials`). */
export const TEST_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDMODULE7TEST', AWS_SECRET_ACCESS_KEY: 'test' };
export const TEST_REGION = 'eu-west-3';
export const TEST_ACCOUNT = '111122223333';

/** One request as the stand-in received it, with the SigV4 scope it was signed for. */
export interface WireRequest {
  /** The service of the signature's scope (`sns`, `ses`, `states`), or undefined when unsigned. */
  service: string | undefined;
  region: string | undefined;
  accessKeyId: string | undefined;
  /** What the request asks: `Publish`, `SendEmail`, `StartExecution`, or `METHOD /path` when unknown. */
  operation: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body's bytes. */
  body: Buffer;
}

/** `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, …` */
const SIGV4_SCOPE = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

/** What the request asks, read from its protocol: the query `Action`, the REST path, the JSON target. */
const operationOf = (method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): string => {
  if (String(headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
    return new URLSearchParams(body.toString('utf8')).get('Action') ?? 'query without Action';
  }
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.replace(/^.*\./, '');
  if (method === 'POST' && path === '/v2/email/outbound-emails') return 'SendEmail';
  return `${method} ${path}`;
};

/** The answer each service gives to the one operation the functions call; anything else is refused. */
const answerOf = (
  request: WireRequest,
): { status: number; headers: Record<string, string>; body: string } => {
  const id = randomUUID();
  if (request.service === 'sns' && request.operation === 'Publish') {
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body:
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">' +
        `<PublishResult><MessageId>${id}</MessageId></PublishResult>` +
        `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    };
  }
  if (request.service === 'ses' && request.operation === 'SendEmail') {
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
      body: JSON.stringify({ MessageId: `0100${id}-000000` }),
    };
  }
  if (request.service === 'states' && request.operation === 'StartExecution') {
    const { stateMachineArn, name } = JSON.parse(request.body.toString('utf8')) as Record<string, string>;
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() },
      body: JSON.stringify({
        executionArn: `${String(stateMachineArn).replace(':stateMachine:', ':execution:')}:${name}`,
        startDate: Date.now() / 1_000,
      }),
    };
  }
  return {
    status: 400,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'UnknownOperationException' },
    body: JSON.stringify({ message: `The stand-in does not answer ${request.operation}` }),
  };
};

/**
 * SNS, SES v2 and Step Functions on one local port, told apart by the service each request is signed for.
 * The SDK reaches it through AWS_ENDPOINT_URL_SNS, AWS_ENDPOINT_URL_SESV2 and AWS_ENDPOINT_URL_SFN.
 */
export const startAwsStandIn = async () => {
  const requests: WireRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const method = request.method ?? '';
      const path = request.url ?? '';
      const scope = SIGV4_SCOPE.exec(String(request.headers.authorization ?? ''));
      const received: WireRequest = {
        service: scope?.[3],
        region: scope?.[2],
        accessKeyId: scope?.[1],
        operation: operationOf(method, path, request.headers, body),
        method,
        path,
        headers: request.headers,
        body,
      };
      requests.push(received);
      const answer = answerOf(received);
      response.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const of = (service: string, operation: string) =>
    requests.filter((request) => request.service === service && request.operation === operation);
  return {
    endpoint,
    requests,
    /** Every SMS published: its number, text and message attributes, from the query form. */
    sms: () =>
      of('sns', 'Publish').map((request) => {
        const form = new URLSearchParams(request.body.toString('utf8'));
        const attributes: Record<string, string | null> = {};
        for (let entry = 1; form.has(`MessageAttributes.entry.${entry}.Name`); entry++) {
          attributes[form.get(`MessageAttributes.entry.${entry}.Name`) ?? ''] = form.get(
            `MessageAttributes.entry.${entry}.Value.StringValue`,
          );
        }
        return { phoneNumber: form.get('PhoneNumber'), message: form.get('Message'), attributes };
      }),
    /** Every SendEmail body, read as UTF-8 JSON. */
    // biome-ignore lint/suspicious/noExplicitAny: the wire's JSON is read field by field in the assertions.
    emails: () => of('ses', 'SendEmail').map((request) => JSON.parse(request.body.toString('utf8')) as any),
    /** Every StartExecution body. */
    executions: () =>
      of('states', 'StartExecution').map(
        (request) =>
          JSON.parse(request.body.toString('utf8')) as {
            stateMachineArn: string;
            name: string;
            input: string;
          },
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

export type AwsStandIn = Awaited<ReturnType<typeof startAwsStandIn>>;

/** The line the invocation's outcome is written on, among whatever else the function prints. */
const OUTCOME_MARK = '@@outcome ';

/** What an invocation ended with, and the EMF records (Powertools metrics) it printed. */
export interface Invocation<T = unknown> {
  result?: T;
  error?: { name: string; message: string };
  emf: Record<string, unknown>[];
}

/**
 * Invokes a bundle's `handler` with `event` in a plain Node.js process (no test transform), the way Lambda
 * runs `index.handler`: a fresh environment holding `env` only, a context, and the outcome returned. Not
 * synchronous: the stand-in above answers from this process meanwhile.
 */
export const invokeBundle = async <T = unknown>(
  file: string,
  event: unknown,
  env: Record<string, string>,
  options: { functionName: string; timeoutSeconds: number },
): Promise<Invocation<T>> => {
  const context = JSON.stringify({
    ...lambdaContext(),
    functionName: options.functionName,
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: undefined,
  });
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { pathToFileURL } from 'node:url';
       const { handler } = await import(pathToFileURL(process.argv[1]).href);
       const deadline = Date.now() + ${options.timeoutSeconds * 1_000};
       const context = { ...${context}, getRemainingTimeInMillis: () => deadline - Date.now() };
       const outcome = await handler(JSON.parse(process.argv[2]), context).then(
         (result) => ({ result }),
         (error) => ({ error: { name: error.name, message: error.message } }));
       process.stdout.write('\\n${OUTCOME_MARK}' + JSON.stringify(outcome) + '\\n');`,
      file,
      JSON.stringify(event),
    ],
    { encoding: 'utf8', env, maxBuffer: 16 * 1024 * 1024 },
  );
  const lines = stdout.split('\n');
  const outcome = lines.find((line) => line.startsWith(OUTCOME_MARK));
  if (!outcome) throw new Error(`${options.functionName} printed no outcome:\n${stdout.slice(-2_000)}`);
  return {
    ...(JSON.parse(outcome.slice(OUTCOME_MARK.length)) as Omit<Invocation<T>, 'emf'>),
    emf: lines
      .filter((line) => line.startsWith('{') && line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
};
