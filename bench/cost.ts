/**
 * Cost per activation on AWS (issue 9): one activation run to its end on the embedded runtime, counting what
 * AWS would bill, then priced with the public eu-west-3 (Paris) prices of `bench/prices-eu-west-3.json`.
 *   - Step Functions: the state transitions of the execution (each state entered, each retry), from the event
 *     log of aws-local-stepfunctions, which runs the same ASL;
 *   - Lambda: every invocation the runtime performs in a function's place (each Task's handler, each HTTP
 *     route's handler, the table stream's consumer), with its duration here, at the memory and architecture
 *     the CDK construct gives every function (`infra/lib/module7-function.ts`);
 *   - DynamoDB: the request units the store reports (`ReturnConsumedCapacity`, set by an SDK middleware on the
 *     runtime's client), the outbox's writes excepted (on AWS they are SNS and SES calls); a refused
 *     conditional write counts one write unit, as on AWS;
 *   - API Gateway (HTTP API): the requests; SES: the e-mails; SMS: the parts, priced apart.
 * The run is the nominal one: the activation is accepted, its three audiences informed, the communication
 * cell paged and acknowledged by the first person paged through the link of their SMS (the link's page, then
 * its button), then the activation's clock jumps to T0 + 60 so that the warning and the verdicts run at once
 * (with every audience informed, the T0 + 45 check sends nothing), and the first hour is settled. Not counted:
 * the dashboard's reads while people watch, CloudWatch Logs and X-Ray, data transfer, free tiers. Durations are
 * this machine's against an in-process store: on Lambda each call to DynamoDB takes a few milliseconds more.
 */
import { readFileSync } from 'node:fs';
import { dynamodbActivationStore } from '#adapters/dynamodb-activation-store';
import { workflowInputOf } from '#domain/activation';
import type { Messenger } from '#domain/ports';
import { signToken } from '#local/auth';
import type { WaitableClock } from '#local/clock';
import { startRuntime } from '#local/runtime';
import { MODULE7_ASL } from '#local/state-machine';

type Prices = Record<string, { usd: number; unit: string; source: string }>;
interface PriceFile {
  date: string;
  region: string;
  currency: string;
  note: string;
  prices: Prices;
}

export interface CostResult {
  area: string;
  prices: { file: string; date: string; region: string; currency: string };
  lambda: { memoryMb: number; architecture: string };
  counts: {
    executionStatus: string;
    stateTransitions: number;
    lambdaInvocations: number;
    lambdaGbSeconds: number;
    /** Invocations, milliseconds in all and per invocation, by function. */
    byFunction: Record<string, { invocations: number; milliseconds: number }>;
    dynamodbRequests: number;
    dynamodbWriteUnits: number;
    dynamodbReadUnits: number;
    httpApiRequests: number;
    emails: number;
    smsMessages: number;
    smsParts: number;
  };
  usd: {
    stepFunctions: number;
    lambda: number;
    dynamodb: number;
    httpApi: number;
    ses: number;
    /** Everything but the SMS. */
    perActivationExcludingSms: number;
    smsPerPart: number;
    smsPerActivation: number;
  };
}

export const PRICES_FILE = new URL('prices-eu-west-3.json', import.meta.url);
const FUNCTION_CONSTRUCT = new URL('../infra/lib/module7-function.ts', import.meta.url);

/** The memory and architecture every function gets from the CDK construct (none of them overrides it). */
const lambdaShape = () => {
  const source = readFileSync(FUNCTION_CONSTRUCT, 'utf8');
  const memoryMb = Number(/memorySize: props\.memorySize \?\? (\d+)/.exec(source)?.[1]);
  const architecture = /architecture: lambda\.Architecture\.(\w+)/.exec(source)?.[1];
  if (!memoryMb || !architecture)
    throw new Error(`No memory size or architecture found in ${FUNCTION_CONSTRUCT}`);
  return { memoryMb, architecture };
};

interface AslState {
  Type?: string;
  Resource?: string;
  Parameters?: { FunctionName?: string };
  Branches?: { States: Record<string, AslState> }[];
  ItemProcessor?: { States: Record<string, AslState> };
  Iterator?: { States: Record<string, AslState> };
}

/** The function behind each Task state of the ASL (`${DispatchAudienceFunctionArn}` → `DispatchAudience`). */
const functionsOfTasks = (states: Record<string, AslState>): [string, string][] =>
  Object.entries(states).flatMap(([name, state]) => {
    const placeholder = state.Parameters?.FunctionName ?? state.Resource ?? '';
    const fn = /^\$\{(\w+)FunctionArn\}$/.exec(placeholder)?.[1];
    return [
      ...(state.Type === 'Task' && fn ? [[name, fn] as [string, string]] : []),
      ...(state.Branches ?? []).flatMap((branch) => functionsOfTasks(branch.States)),
      ...(state.ItemProcessor ? functionsOfTasks(state.ItemProcessor.States) : []),
      ...(state.Iterator ? functionsOfTasks(state.Iterator.States) : []),
    ];
  });

/** Real time, plus what the bench skips: the activation's waits end once it jumps past their instant. */
const skippingClock = () => {
  let skipped = 0;
  const now = () => new Date(Date.now() + skipped);
  const clock: WaitableClock = {
    now,
    async until(target, signal) {
      while (now().getTime() < Date.parse(target) && !signal.aborted) {
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(50, Date.parse(target) - now().getTime())),
        );
      }
    },
  };
  return {
    clock,
    jumpTo: (instant: string) => (skipped = Math.max(skipped, Date.parse(instant) - Date.now())),
  };
};

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const READ_COMMANDS = /^(Get|BatchGet|Query|Scan|TransactGet)/;

export const runCost = async ({ department }: { department: boolean }): Promise<CostResult> => {
  const priceFile = JSON.parse(readFileSync(PRICES_FILE, 'utf8')) as PriceFile;
  const price = (name: string) => {
    const entry = priceFile.prices[name];
    if (!entry) throw new Error(`${name} is missing from ${PRICES_FILE}`);
    return entry.usd;
  };
  const shape = lambdaShape();
  const taskFunctions = new Map(
    functionsOfTasks(JSON.parse(readFileSync(MODULE7_ASL, 'utf8')).States as Record<string, AslState>),
  );
  let counting = false;
  const byFunction: CostResult['counts']['byFunction'] = {};
  const invoked = (fn: string, milliseconds: number) => {
    if (!counting) return;
    const entry = byFunction[fn] ?? { invocations: 0, milliseconds: 0 };
    entry.invocations += 1;
    entry.milliseconds += milliseconds;
    byFunction[fn] = entry;
  };
  let httpApiRequests = 0;
  const messages = { emails: 0, smsMessages: 0, smsParts: 0 };
  const ackCodes: string[] = [];
  const counted = (outbox: Messenger): Messenger => ({
    async sendSms(message) {
      const sent = await outbox.sendSms(message);
      if (counting) {
        messages.smsMessages += 1;
        messages.smsParts += message.parts;
        const code = /\/ack\/([\w-]+)/.exec(message.text)?.[1];
        if (message.audience === 'onCall' && code) ackCodes.push(code);
      }
      return sent;
    },
    async sendEmail(message) {
      const sent = await outbox.sendEmail(message);
      if (counting) messages.emails += 1;
      return sent;
    },
  });
  const { clock, jumpTo } = skippingClock();
  /** The audiences whose dispatch completed (the runtime runs this one activation only). */
  const dispatched = new Set<string>();
  const runtime = await startRuntime({
    port: 0,
    log: () => {},
    messenger: counted,
    clockFor: () => clock,
    observe: {
      task: (state, milliseconds) => invoked(taskFunctions.get(state) ?? state, milliseconds),
      request: (route, milliseconds) => {
        if (counting) httpApiRequests += 1;
        invoked(pascal(route), milliseconds);
      },
      streamConsumer: (milliseconds) => invoked('StartWorkflow', milliseconds),
      timelineEvent: (event) => {
        if (event.type === 'dispatch.completed' && event.audience) dispatched.add(event.audience);
      },
    },
  });
  const dynamodb = { requests: 0, writeUnits: 0, readUnits: 0 };
  runtime.table.client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Item?: { pk?: unknown }; ReturnConsumedCapacity?: string };
      const pk = input.Item?.pk;
      const outbox = String((pk as { S?: string })?.S ?? pk).startsWith('OUTBOX#');
      if (!counting || outbox) return next(args);
      dynamodb.requests += 1;
      const read = READ_COMMANDS.test(context.commandName ?? '');
      input.ReturnConsumedCapacity = 'TOTAL';
      try {
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        const units = [consumed ?? []]
          .flat()
          .reduce(
            (sum: number, entry) => sum + ((entry as { CapacityUnits?: number }).CapacityUnits ?? 0),
            0,
          );
        if (read) dynamodb.readUnits += units;
        else dynamodb.writeUnits += units;
        return result;
      } catch (error) {
        // A refused conditional write is billed one write unit (for an item under 1 KB).
        if (!read) dynamodb.writeUnits += 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'benchCost' },
  );
  try {
    const token = await signToken(runtime.key, 'duty-officer');
    const area = department ? { department: true } : { communes: ['74010'] };
    counting = true;
    const response = await fetch(`${runtime.url}/activations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `bench-cost-${Date.now()}`,
      },
      body: JSON.stringify({
        mode: 'exercise',
        eventType: 'flood',
        title: 'Crue de l’Arve',
        synergiRef: 'BENCH-COST',
        decidedAt: new Date(Date.now() - 60_000).toISOString(),
        area,
        message: {
          // An apostrophe and accents of the GSM 7-bit alphabet (a typographic ’ would make it UCS-2).
          sms: "Crue de l'Arve : vigilance rouge. Évitez les berges et tout déplacement près de l'eau, suivez les consignes de votre mairie.",
          email: {
            subject: 'Crue de l’Arve : vigilance rouge',
            body: 'Évitez les berges et tout déplacement près de l’eau. Point de situation à venir.',
          },
        },
      }),
    });
    if (response.status !== 202) throw new Error(`POST answered ${response.status}`);
    const { id } = (await response.json()) as { id: string };
    counting = false;
    const activation = await dynamodbActivationStore(runtime.table).get(id);
    if (!activation) throw new Error(`Activation ${id} not stored`);
    counting = true;
    // The first person paged opens the link of their SMS, then presses its button.
    while (ackCodes.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    for (const method of ['GET', 'POST']) {
      const answer = await fetch(`${runtime.url}/ack/${ackCodes[0]}`, { method });
      if (answer.status !== 200) throw new Error(`${method} /ack answered ${answer.status}`);
      await answer.arrayBuffer();
    }
    // Every audience informed before the clock jumps: the T0 + 45 check then warns nobody.
    const audiences = workflowInputOf(activation).audiences;
    while (!audiences.every((audience) => dispatched.has(audience)))
      await new Promise((resolve) => setTimeout(resolve, 10));
    jumpTo(activation.deadline);
    await runtime.machine.settled(activation.executionName);
    counting = false;
    const execution = runtime.machine.execution(activation.executionName);
    const stateTransitions =
      execution?.events.filter((event) => event.type === 'StateEntered' || event.type === 'StateRetried')
        .length ?? 0;
    const invocations = Object.values(byFunction);
    const lambdaInvocations = invocations.reduce((sum, entry) => sum + entry.invocations, 0);
    // Lambda bills each invocation's duration rounded up to the millisecond.
    const lambdaGbSeconds =
      invocations.reduce((sum, entry) => sum + Math.ceil(entry.milliseconds), 0) /
      1_000 /
      (1024 / shape.memoryMb);
    const gbSecondPrice = price(
      shape.architecture === 'ARM_64' ? 'lambdaArm64PerGbSecond' : 'lambdaX86PerGbSecond',
    );
    const usd = {
      stepFunctions: stateTransitions * price('stepFunctionsStandardPerStateTransition'),
      lambda: lambdaInvocations * price('lambdaPerRequest') + lambdaGbSeconds * gbSecondPrice,
      dynamodb:
        dynamodb.writeUnits * price('dynamodbOnDemandPerWriteRequestUnit') +
        dynamodb.readUnits * price('dynamodbOnDemandPerReadRequestUnit'),
      httpApi: httpApiRequests * price('httpApiPerRequest'),
      ses: messages.emails * price('sesPerEmail'),
    };
    return {
      area: department
        ? `the whole department (${runtime.department.code}), demo directory`
        : 'one commune (74010)',
      prices: {
        file: 'bench/prices-eu-west-3.json',
        date: priceFile.date,
        region: priceFile.region,
        currency: priceFile.currency,
      },
      lambda: shape,
      counts: {
        executionStatus: execution?.status ?? 'UNKNOWN',
        stateTransitions,
        lambdaInvocations,
        lambdaGbSeconds,
        byFunction,
        dynamodbRequests: dynamodb.requests,
        dynamodbWriteUnits: dynamodb.writeUnits,
        dynamodbReadUnits: dynamodb.readUnits,
        httpApiRequests,
        ...messages,
      },
      usd: {
        ...usd,
        perActivationExcludingSms: usd.stepFunctions + usd.lambda + usd.dynamodb + usd.httpApi + usd.ses,
        smsPerPart: price('smsFrancePerPart'),
        smsPerActivation: messages.smsParts * price('smsFrancePerPart'),
      },
    };
  } finally {
    await runtime.close();
  }
};

/** Dollars to the cent from $1, to three significant digits below. */
const dollars = (usd: number) => `$${usd >= 1 ? usd.toFixed(2) : usd.toPrecision(3)}`;

/** The results as the README quotes them: what was counted, then what it costs. */
export const costTable = (result: CostResult) => {
  const { counts, usd } = result;
  const functions = Object.entries(counts.byFunction)
    .sort(([, a], [, b]) => b.milliseconds - a.milliseconds)
    .map(([fn, entry]) => `${fn} ${entry.invocations}× ${entry.milliseconds.toFixed(0)} ms`)
    .join(', ');
  return [
    '| item | counted in one activation | cost (USD) |',
    '| :--- | ---: | ---: |',
    `| Step Functions (Standard) | ${counts.stateTransitions} state transitions | ${dollars(usd.stepFunctions)} |`,
    `| Lambda (${result.lambda.memoryMb} MB, ${result.lambda.architecture}) | ${counts.lambdaInvocations} invocations, ${counts.lambdaGbSeconds.toFixed(2)} GB-s | ${dollars(usd.lambda)} |`,
    `| DynamoDB (on demand) | ${counts.dynamodbRequests} requests: ${counts.dynamodbWriteUnits} WRU, ${counts.dynamodbReadUnits} RRU | ${dollars(usd.dynamodb)} |`,
    `| API Gateway (HTTP API) | ${counts.httpApiRequests} requests | ${dollars(usd.httpApi)} |`,
    `| SES | ${counts.emails} e-mails | ${dollars(usd.ses)} |`,
    `| **per activation, SMS excluded** | | **${dollars(usd.perActivationExcludingSms)}** |`,
    `| SMS (France) | ${counts.smsParts} parts (${counts.smsMessages} SMS) at ${dollars(usd.smsPerPart)} a part | ${dollars(usd.smsPerActivation)} |`,
    '',
    `Area: ${result.area}; execution ${counts.executionStatus}; prices of ${result.prices.date} (${result.prices.file}, to be checked). Lambda time by function: ${functions}.`,
  ].join('\n');
};
