import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDepartment } from '#adapters/etalab-geography';
import { invokeBundle } from '#tests/helpers/aws-wire';
import {
  type BuiltFunction,
  bundleFolder,
  bundleFunction,
  bundleOptions,
  projectRoot,
} from '../../infra/bundle.ts';
import { DISPATCH_FAILED_METRIC } from '../../infra/lib/alarms.ts';
import { esbuildBundling } from '../../infra/lib/esbuild-bundling.ts';
import {
  ASL_FILE,
  bundleBudgetOf,
  functionCatalog,
  type TaskFunctionSpec,
} from '../../infra/lib/function-catalog.ts';
import { functionOfTask, type Json, taskStates } from './cfn.ts';

const catalog = functionCatalog();

/**
 * Runs an async function body in a plain Node.js process (no test transform of megabyte bundles), with
 * `pathToFileURL` in scope and `args` as `process.argv.slice(1)`; returns what the body returns, as JSON.
 */
const inNode = (body: string, args: string[]): unknown =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { pathToFileURL } from 'node:url';
         const run = async () => { ${body} };
         process.stdout.write(JSON.stringify(await run()));`,
        ...args,
      ],
      // stderr is kept for the error message when the process fails, and silent otherwise.
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );

/**
 * A stand-in for DynamoDB on a local port: answers every call with `status` and `body`, and counts the calls
 * (the SDK reaches it through AWS_ENDPOINT_URL_DYNAMODB).
 */
const dynamodbStandIn = async (status: number, body: unknown) => {
  let calls = 0;
  const server = createServer((request, response) => {
    request.resume().on('end', () => {
      calls += 1;
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** The error names a Task's Retry and Catch match that are our classes (not `States.*` or `Lambda.*`). */
const ownErrorNames = (asl: Json, placeholder: string): string[] => {
  const names = new Set<string>();
  for (const [, task] of taskStates(asl)) {
    if (functionOfTask(task) !== `\${${placeholder}}`) continue;
    for (const rule of [...(task.Retry ?? []), ...(task.Catch ?? [])]) {
      for (const name of rule.ErrorEquals as string[]) {
        if (!/^(States|Lambda)\./.test(name)) names.add(name);
      }
    }
  }
  return [...names];
};

describe('the function bundles', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'module7-bundles-'));
  const built = new Map<string, BuiltFunction>();

  beforeAll(async () => {
    for (const spec of catalog) {
      built.set(spec.entry, await bundleFunction(spec.entry, bundleFolder(outdir, spec.entry), '74'));
    }
  }, 120_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const bundleOf = (entry: string) => built.get(entry) as BuiltFunction;

  for (const spec of catalog) {
    it(`bundles ${spec.entry} under its size budget (${bundleBudgetOf(spec) / 1024} kB) minified`, () => {
      expect(bundleOf(spec.entry).bytes).toBeLessThanOrEqual(bundleBudgetOf(spec));
    });
  }

  it('bundles the Step Functions client into the functions that start, answer or fail workflows, and only those', () => {
    const withSfn = catalog
      .filter((spec) =>
        Object.keys(bundleOf(spec.entry).metafile.inputs).some((file) =>
          file.includes('node_modules/@aws-sdk/client-sfn/'),
        ),
      )
      .map((spec) => spec.id);
    expect(withSfn).toEqual(
      catalog
        .filter((spec) => spec.startsWorkflow || spec.answersTasks || spec.failsTasks)
        .map((spec) => spec.id),
    );
    expect(withSfn.sort()).toEqual(['AcknowledgeCell', 'CloseActivation', 'ConfirmAck', 'StartWorkflow']);
  });

  it('loads each bundle as an ES module that exports its handler', () => {
    const files = catalog.map((spec) => join(bundleOf(spec.entry).outdir, 'index.mjs'));
    const types = inNode(
      `const types = [];
       for (const file of process.argv.slice(1)) types.push(typeof (await import(pathToFileURL(file).href)).handler);
       return types;`,
      files,
    );
    expect(types).toEqual(catalog.map(() => 'function'));
  });

  it('names the errors each task can throw with the literals its Retry and Catch match', () => {
    // What each task's code can throw on purpose; minification keeps these names because each class names
    // itself in a literal (tests/unit/domain/errors.test.ts), and only what a task imports is bundled.
    const thrown: Record<string, string[]> = {
      PlanDispatch: ['NoRecipientsError', 'WorkflowInputError'],
      DispatchAudience: ['TransientDeliveryError', 'SendsInFlightError', 'WorkflowInputError'],
      CompleteDispatch: [
        'NoRecipientsError',
        'AudienceNotReachedError',
        'SendsInFlightError',
        'WorkflowInputError',
      ],
      CheckInforming: ['TransientDeliveryError', 'WorkflowInputError'],
    };
    const asl = JSON.parse(readFileSync(ASL_FILE, 'utf8'));
    const tasks = catalog.filter((spec): spec is TaskFunctionSpec => spec.kind === 'task');
    for (const task of tasks) {
      const matched = ownErrorNames(asl, task.placeholder);
      const names = thrown[task.id] ?? ['WorkflowInputError'];
      const text = readFileSync(join(bundleOf(task.entry).outdir, 'index.mjs'), 'utf8');
      for (const name of names) {
        expect(matched, `${task.id}: the ASL matches ${name}`).toContain(name);
        expect(text, `${task.id}: ${name}`).toMatch(new RegExp(`["']${name}["']`));
      }
    }
  });

  it('is what CDK deploys: its local bundling writes the same index.mjs, through a child process', () => {
    const entry = 'functions/handlers/tasks/record-dispatch-failure.ts';
    const assetDir = mkdtempSync(join(outdir, 'cdk-asset-'));
    const bundling = esbuildBundling(entry, '74');
    expect(bundling.local?.tryBundle(assetDir, bundling)).toBe(true);
    expect(readFileSync(join(assetDir, 'index.mjs'))).toEqual(
      readFileSync(join(bundleOf(entry).outdir, 'index.mjs')),
    );
  }, 60_000);

  describe('RecordDispatchFailure, as deployed', () => {
    const entry = 'functions/handlers/tasks/record-dispatch-failure.ts';
    const input = {
      activationId: 'act-00000000000000000042',
      audience: 'press',
      error: { Error: 'TransientDeliveryError', Cause: 'SNS throttled' },
    };

    /** Invokes the bundle in its own process against `endpoint`; its outcome and the EMF lines it printed. */
    const invoke = async (endpoint: string) => {
      const { error, emf } = await invokeBundle(
        join(bundleOf(entry).outdir, 'index.mjs'),
        input,
        {
          PATH: process.env['PATH'] ?? '',
          AWS_REGION: 'eu-west-3',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          POWERTOOLS_METRICS_DISABLED: 'false',
          POWERTOOLS_LOG_LEVEL: 'SILENT',
          TABLE_NAME: 'module7-test',
          AWS_ENDPOINT_URL_DYNAMODB: endpoint,
          AWS_MAX_ATTEMPTS: '1',
        },
        { functionName: 'RecordDispatchFailure', timeoutSeconds: 10 },
      );
      return { outcome: error ? `rejected: ${error.name}` : 'resolved', emf: emf as Json[] };
    };

    /** The one EMF record: the metric the DispatchFailedAlarm watches, with the activation and audience. */
    const expectDispatchFailed = (emf: Json[]) => {
      expect(emf).toHaveLength(1);
      const [record] = emf;
      expect(record._aws.CloudWatchMetrics).toEqual([
        {
          Namespace: DISPATCH_FAILED_METRIC.namespace,
          Dimensions: [Object.keys(DISPATCH_FAILED_METRIC.dimensionsMap)],
          Metrics: [{ Name: DISPATCH_FAILED_METRIC.metricName, Unit: 'Count' }],
        },
      ]);
      expect(record).toMatchObject({
        ...DISPATCH_FAILED_METRIC.dimensionsMap,
        [DISPATCH_FAILED_METRIC.metricName]: 1,
        activationId: input.activationId,
        audience: input.audience,
      });
    };

    it('emits DispatchFailed, the metric its alarm watches, when it records the failure', async () => {
      const table = await dynamodbStandIn(200, {});
      try {
        const { outcome, emf } = await invoke(table.endpoint);
        expect(outcome).toBe('resolved');
        expect(table.calls()).toBe(1);
        expectDispatchFailed(emf);
      } finally {
        await table.close();
      }
    });

    it('emits DispatchFailed even when the table refuses the record', async () => {
      const table = await dynamodbStandIn(400, {
        __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
        message: 'Requested resource not found',
      });
      try {
        const { outcome, emf } = await invoke(table.endpoint);
        expect(outcome).toBe('rejected: ResourceNotFoundException');
        expect(table.calls()).toBe(1);
        expectDispatchFailed(emf);
      } finally {
        await table.close();
      }
    });
  });

  it('rejects a malformed task input with an error the state machine recognizes by name', async () => {
    const file = join(bundleOf('functions/handlers/tasks/record-activation.ts').outdir, 'index.mjs');
    const { error } = await invokeBundle(
      file,
      {},
      { PATH: process.env['PATH'] ?? '', AWS_REGION: 'eu-west-3', POWERTOOLS_LOG_LEVEL: 'SILENT' },
      { functionName: 'RecordActivation', timeoutSeconds: 10 },
    );
    expect(error?.name).toBe('WorkflowInputError');
  });
});

describe('the SES v2 client, as bundled (leanSdkClients)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'module7-ses-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  /** A stand-in for SES on a local port: answers each call in turn, and keeps what it was sent. */
  const sesStandIn = async (
    answers: { status: number; headers: Record<string, string>; body: unknown }[],
  ) => {
    const received: { method: string | undefined; url: string | undefined; body: Json }[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          method: request.method,
          url: request.url,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
        const answer = answers[received.length - 1] ?? { status: 500, headers: {}, body: {} };
        response
          .writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
          .end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      received,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  };

  it('keeps SendEmail alone of the SES model, and still sends it and reads its refusals as the SDK does', async () => {
    const result = await build({
      ...bundleOptions('74'),
      stdin: {
        contents:
          "export { SESv2Client } from '@aws-sdk/client-sesv2';\n" +
          "export { sesEmailMessenger } from './functions/adapters/ses-email-messenger.ts';",
        resolveDir: projectRoot,
        loader: 'ts',
        sourcefile: 'ses-entry.ts',
      },
      outfile: join(outdir, 'index.mjs'),
    });
    const text = readFileSync(join(outdir, 'index.mjs'), 'utf8');
    expect(text).toContain('/v2/email/outbound-emails');
    expect(text).not.toContain('/v2/email/outbound-bulk-emails');
    expect(Object.values(result.metafile?.outputs ?? {})[0]?.bytes).toBeLessThan(250 * 1024);

    const ses = await sesStandIn([
      { status: 200, headers: {}, body: { MessageId: 'mail-1' } },
      {
        status: 429,
        headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
        body: { message: 'Maximum sending rate exceeded.' },
      },
      {
        status: 400,
        headers: { 'x-amzn-errortype': 'MessageRejected' },
        body: { message: 'Address blacklisted.' },
      },
    ]);
    try {
      const outcome = await promisify(execFile)(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { pathToFileURL } from 'node:url';
           const { SESv2Client, sesEmailMessenger } = await import(pathToFileURL(process.argv[1]).href);
           const client = new SESv2Client({ region: 'eu-west-3', endpoint: process.argv[2], maxAttempts: 1,
             credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
           const messenger = sesEmailMessenger({ client, configurationSet: 'module7-74',
             from: { name: 'Préfecture de la Haute-Savoie', address: 'alerte@prefecture.example.org' } });
           const email = { activationId: 'act-1', audience: 'press', communes: ['74010'],
             recipient: { id: 'presse-1', audience: 'press', name: 'Rédaction', email: 'presse-1@example.org' },
             subject: 'Crue de l’Arve : évacuation à Cluses', body: 'Évitez les berges.', sentAt: '2026-03-10T10:05:00.000Z' };
           const sent = await messenger.sendEmail(email);
           const refused = await messenger.sendEmail(email).then(() => undefined, (error) => [error.name, error.cause?.name]);
           const rejected = await messenger.sendEmail(email).then(() => undefined, (error) => [error.name, error.cause?.name]);
           process.stdout.write(JSON.stringify({ sent, refused, rejected }));`,
          join(outdir, 'index.mjs'),
          ses.endpoint,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      );
      expect(JSON.parse(outcome.stdout)).toEqual({
        sent: { messageId: 'mail-1' },
        refused: ['TransientDeliveryError', 'TooManyRequestsException'],
        rejected: ['PermanentDeliveryError', 'MessageRejected'],
      });
      expect(ses.received[0]).toMatchObject({
        method: 'POST',
        url: '/v2/email/outbound-emails',
        body: {
          FromEmailAddress: expect.stringMatching(
            /^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <alerte@prefecture\.example\.org>$/,
          ),
          Destination: { ToAddresses: ['presse-1@example.org'] },
          Content: {
            Simple: { Subject: { Data: 'Crue de l’Arve : évacuation à Cluses', Charset: 'UTF-8' } },
          },
          ConfigurationSetName: 'module7-74',
          EmailTags: expect.arrayContaining([{ Name: 'activation', Value: 'act-1' }]),
        },
      });
    } finally {
      await ses.close();
    }
  }, 60_000);
});

describe('the department geography plugin', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'module7-geography-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('keeps exactly the department the national file describes, and nothing of the others', async () => {
    const entryPoints = { index: 'functions/adapters/etalab-geography.ts' };
    const kept = await build({ ...bundleOptions('74'), entryPoints, outdir: join(outdir, 'kept') });
    const bytes = Object.values(kept.metafile?.outputs ?? {})[0]?.bytes ?? Number.POSITIVE_INFINITY;
    expect(bytes).toBeLessThan(20 * 1024);
    const [department, neighbour] = inNode(
      `const { loadDepartment } = await import(pathToFileURL(process.argv[1] + '/index.mjs').href);
       const plain = (department) => JSON.stringify({ ...department, formerCommunes: [...department.formerCommunes] });
       let neighbour;
       try { loadDepartment('73'); neighbour = 'loaded'; } catch (error) { neighbour = error.message; }
       return [plain(loadDepartment('74')), neighbour];`,
      [join(outdir, 'kept')],
    ) as [string, string];
    const national = loadDepartment('74');
    expect(JSON.parse(department).communes.length).toBeGreaterThan(250);
    expect(department).toBe(JSON.stringify({ ...national, formerCommunes: [...national.formerCommunes] }));
    expect(neighbour).toMatch(/Unknown department 73/);
  });

  it('fails the build of a department without communes', async () => {
    await expect(
      build({
        ...bundleOptions('99'),
        entryPoints: { index: 'functions/adapters/etalab-geography.ts' },
        outdir,
        write: false,
        logLevel: 'silent',
      }),
    ).rejects.toThrow(/Department 99 has no record/);
  });
});
