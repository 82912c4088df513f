/**
 * Every Lambda function of the deployment, derived from the code rather than listed by hand: one per HTTP
 * route of `functions/shared/routes.ts` (local-only routes excepted), one per `${XFunctionArn}` placeholder
 * of the workflow's ASL file, and the consumers of the table's stream. What each one may touch is declared
 * here, once; a route or a task without a declaration stops the synth.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVATION_SORT_KEY, CIP_ORDER_SORT_KEY, MESSAGE_SORT_PREFIX } from '#adapters/dynamodb-keys';
import { type RouteName, type RouteSpec, routes } from '#shared/routes';
import { MAX_BUNDLE_BYTES, projectRoot } from '../bundle.ts';

export const ASL_FILE = join(projectRoot, 'workflows', 'module7.asl.json');

/** What a function may do to the domain table. */
export type TableAccess = 'none' | 'read' | 'readWrite';

export interface FunctionAccess {
  table: TableAccess;
  /** Starts executions of the state machine (`ENV.stateMachine`). */
  startsWorkflow?: true;
  /** Sends SMS straight to phone numbers (`ENV.senderId`). */
  sendsSms?: true;
  /** Sends e-mail through SES, from the prefecture's identity (`ENV.emailFrom`, `ENV.sesConfigurationSet`). */
  sendsEmail?: true;
  /** Answers the state machine's callback tasks (`states:SendTaskSuccess`): the acknowledgements. */
  answersTasks?: true;
  /**
   * Fails the state machine's callback tasks (`states:SendTaskFailure`): the end of the alert stops the pages
   * still waiting.
   */
  failsTasks?: true;
  /** Judges M7-3 against the deployment's exercise policy (`ENV.exercisesPerYear`, `ENV.exerciseMaxMonths`). */
  judgesExercises?: true;
  /** Puts the escalation delay of the pages in the executions it starts (`ENV.escalationSeconds`). */
  setsEscalation?: true;
  /**
   * Records the prefect's order of the CIP with the deployment's numéro unique, target and quorum
   * (`ENV.crisisNumber`, `ENV.cipTargetSeconds`, `ENV.cipQuorum`).
   */
  ordersCip?: true;
  /** Cuts the audiences in batches of the deployment's size (`ENV.dispatchBatchSize`). */
  plansDispatch?: true;
  /** Writes links to the API in its messages (`ENV.ackBaseUrl`, the acknowledgement links of the pages). */
  linksToApi?: true;
  /** Seconds; below the Task's `TimeoutSeconds` for tasks, below API Gateway's 30 s for routes. */
  timeoutSeconds: number;
  /**
   * Its own bundle budget in bytes, for a function off the crisis path that needs a parser (CSV, phone
   * numbers): an administrator's import can afford a slower cold start; an activation cannot.
   * @default MAX_BUNDLE_BYTES
   */
  bundleBudget?: number;
}

interface BaseSpec extends FunctionAccess {
  /** PascalCase construct id: `StartActivation`. */
  id: string;
  /** Handler file, relative to the project root. */
  entry: string;
}

export interface RouteFunctionSpec extends BaseSpec {
  kind: 'route';
  route: RouteName;
  spec: RouteSpec;
}

export interface TaskFunctionSpec extends BaseSpec {
  kind: 'task';
  /** The ASL placeholder this function's ARN replaces: `RecordActivationFunctionArn`. */
  placeholder: string;
}

/** A sort key (`ACTIVATION`), or what sort keys begin with (`{ prefix: 'MESSAGE#' }`). */
export type SortKeyMatch = string | { prefix: string };

export interface StreamFunctionSpec extends BaseSpec {
  kind: 'stream';
  /**
   * The sort keys of the items whose insertion invokes it: the event source mapping passes it the stream's
   * INSERT records of those items only, with their new image.
   */
  insertedSortKeys: readonly SortKeyMatch[];
}

export type FunctionSpec = RouteFunctionSpec | TaskFunctionSpec | StreamFunctionSpec;

/**
 * The budget of the administrator's directory functions, which bundle libphonenumber-js (38 kB) and, for the
 * import, csv-parse (30 kB): off the crisis path, measured 301–336 kB.
 */
const ADMIN_BUNDLE_BYTES = 340 * 1024;

/**
 * The budget of the two functions that send both SMS (SNS) and e-mail (SES) to people: DispatchAudience and
 * PageCell bundle both clients besides DynamoDB, each SDK client ~20–35 kB over the shared core: 310–312 kB
 * measured.
 */
const MESSAGING_BUNDLE_BYTES = 320 * 1024;

const ROUTE_ACCESS: Record<RouteName, FunctionAccess> = {
  // Stores the activation only: its workflow is started from the table's stream (StartWorkflow).
  startActivation: { table: 'readWrite', timeoutSeconds: 15 },
  // Each activation of the page with its timeline, for its verdicts.
  listActivations: { table: 'read', timeoutSeconds: 10 },
  // The area and the directory's recipients counted as the dispatch would select them: reads only.
  previewActivation: { table: 'read', timeoutSeconds: 10 },
  // The department's geography, bundled with the function.
  getGeography: { table: 'none', timeoutSeconds: 10 },
  getActivation: { table: 'read', timeoutSeconds: 10 },
  getTimeline: { table: 'read', timeoutSeconds: 10 },
  // The activation's ledger and timeline, the audiences' contacts: reads only.
  listRecipients: { table: 'read', timeoutSeconds: 10 },
  getReadiness: { table: 'read', timeoutSeconds: 10 },
  listContacts: { table: 'read', timeoutSeconds: 10 },
  getContact: { table: 'read', timeoutSeconds: 10 },
  createContact: { table: 'readWrite', timeoutSeconds: 10, bundleBudget: ADMIN_BUNDLE_BYTES },
  updateContact: { table: 'readWrite', timeoutSeconds: 10, bundleBudget: ADMIN_BUNDLE_BYTES },
  deactivateContact: { table: 'readWrite', timeoutSeconds: 10 },
  // A department's officials (300 rows and more) in batches of 12 contacts with their events: under API
  // Gateway's 30 s.
  importDirectory: { table: 'readWrite', timeoutSeconds: 25, bundleBudget: ADMIN_BUNDLE_BYTES },
  listDirectoryAudit: { table: 'read', timeoutSeconds: 10 },
  listRosters: { table: 'read', timeoutSeconds: 10 },
  // Writes the roster, then its audit event (the directory's writes).
  updateRoster: { table: 'readWrite', timeoutSeconds: 10 },
  getRosterCoverage: { table: 'read', timeoutSeconds: 10 },
  // The acknowledgements: only these two functions may answer a page's wait (SendTaskSuccess).
  acknowledgeCell: {
    table: 'readWrite',
    answersTasks: true,
    timeoutSeconds: 10,
  },
  confirmAck: {
    table: 'readWrite',
    answersTasks: true,
    timeoutSeconds: 10,
  },
  // Stores the order with the deployment's CIP settings: its execution is started from the table's stream.
  orderCip: { table: 'readWrite', ordersCip: true, timeoutSeconds: 10 },
  // Stores the message only: its execution is started from the table's stream.
  postMessage: { table: 'readWrite', timeoutSeconds: 15 },
  // The end of the alert: the pages still waiting end with a failure (SendTaskFailure), never a success. The
  // fin d'alerte is a message whose execution the table's stream starts.
  closeActivation: {
    table: 'readWrite',
    failsTasks: true,
    timeoutSeconds: 15,
  },
  // The message templates: one partition of the table (at most 12 items), read or written whole.
  listTemplates: { table: 'read', timeoutSeconds: 10 },
  getTemplate: { table: 'read', timeoutSeconds: 10 },
  updateTemplate: { table: 'readWrite', timeoutSeconds: 10 },
  // The year's activations and their timelines (tens a year): reads only.
  getCommitmentsReport: { table: 'read', judgesExercises: true, timeoutSeconds: 25 },
  // Shows a link's page: reads, changes nothing.
  getAckPage: { table: 'read', timeoutSeconds: 10 },
  getOpenapi: { table: 'none', timeoutSeconds: 10 },
};

/**
 * Keyed by the task's name in its placeholder (`${DispatchAudienceFunctionArn}` → `DispatchAudience`). Only the
 * tasks the ASL names become functions: an entry ahead of its Task is unused.
 */
const TASK_ACCESS: Record<string, FunctionAccess> = {
  RecordActivation: { table: 'readWrite', timeoutSeconds: 25 },
  // Warns the cabinet by SMS only.
  CheckInforming: { table: 'readWrite', sendsSms: true, timeoutSeconds: 25 },
  EvaluateCommitments: { table: 'readWrite', timeoutSeconds: 25 },
  // The Task allows 300 s: the function stops first, so that its own timeout is the error the Task sees.
  // Both stay within SEND_LEASE_SECONDS (functions/domain/delivery.ts, 300 s): a send claimed longer ago than
  // the lease then belongs to an invocation that has ended, and may be resent (tests/infra/stateless-stack.test.ts).
  DispatchAudience: {
    table: 'readWrite',
    sendsSms: true,
    sendsEmail: true,
    timeoutSeconds: 240,
    bundleBudget: MESSAGING_BUNDLE_BYTES,
  },
  PlanDispatch: { table: 'read', plansDispatch: true, timeoutSeconds: 25 },
  CompleteDispatch: { table: 'readWrite', timeoutSeconds: 50 },
  RecordDispatchFailure: { table: 'readWrite', timeoutSeconds: 25 },
  // Pages one escalation step of a crisis cell (SMS and e-mail with the acknowledgement link), keeps the task
  // token. The callback Task's timeout is the escalation delay (at least 60 s): the function stops well before.
  PageCell: {
    table: 'readWrite',
    sendsSms: true,
    sendsEmail: true,
    linksToApi: true,
    timeoutSeconds: 50,
    bundleBudget: MESSAGING_BUNDLE_BYTES,
  },
  // Every step unanswered: alerts the cabinet by SMS only.
  AlertCellUnanswered: { table: 'readWrite', sendsSms: true, timeoutSeconds: 50 },
  // After the first hour's branches: the final verdicts, and the activation settled.
  SettleCommitments: { table: 'readWrite', timeoutSeconds: 25 },
  // The CIP is operational: stores the numéro unique's message, which its own execution sends; sends nothing.
  AnnounceCrisisNumber: { table: 'readWrite', timeoutSeconds: 25 },
  // M7-4's due time: revises the verdicts.
  JudgeCip: { table: 'readWrite', timeoutSeconds: 25 },
};

/**
 * The consumers of the domain table's stream, keyed by id (`StartWorkflow` →
 * `functions/handlers/streams/start-workflow.ts`). They get no table name: the records carry the items.
 */
const STREAM_CONSUMERS: Record<string, FunctionAccess & Pick<StreamFunctionSpec, 'insertedSortKeys'>> = {
  // Starts the execution named after each new activation, CIP order and follow-up message (StartExecution is
  // idempotent by name); an activation's and a CIP order's pages escalate after the deployment's delay.
  StartWorkflow: {
    table: 'none',
    startsWorkflow: true,
    setsEscalation: true,
    timeoutSeconds: 30,
    insertedSortKeys: [ACTIVATION_SORT_KEY, CIP_ORDER_SORT_KEY, { prefix: MESSAGE_SORT_PREFIX }],
  },
};

const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

const handlerFile = (folder: 'http' | 'tasks' | 'streams', name: string) => {
  const entry = `functions/handlers/${folder}/${kebab(name)}.ts`;
  if (!existsSync(join(projectRoot, entry))) throw new Error(`${name} has no handler file ${entry}`);
  return entry;
};

/** The `${...}` placeholders of an ASL text, in order of appearance, without duplicates. */
export const aslPlaceholders = (asl: string): string[] => [
  ...new Set([...asl.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((match) => match[1] ?? '')),
];

export const routeFunctions = (): RouteFunctionSpec[] =>
  (Object.entries(routes) as [RouteName, RouteSpec][])
    .filter(([, spec]) => !spec.localOnly)
    .map(([route, spec]) => ({
      kind: 'route',
      id: pascal(route),
      entry: handlerFile('http', route),
      route,
      spec,
      ...ROUTE_ACCESS[route],
    }));

export const taskFunctions = (asl = readFileSync(ASL_FILE, 'utf8')): TaskFunctionSpec[] =>
  aslPlaceholders(asl).map((placeholder) => {
    const name = /^(\w+)FunctionArn$/.exec(placeholder)?.[1];
    if (!name) throw new Error(`ASL placeholder \${${placeholder}} does not name a function (XFunctionArn)`);
    const access = TASK_ACCESS[name];
    if (!access) throw new Error(`Task ${name} has no access declared in infra/lib/function-catalog.ts`);
    return { kind: 'task', id: name, entry: handlerFile('tasks', name), placeholder, ...access };
  });

export const streamFunctions = (): StreamFunctionSpec[] =>
  Object.entries(STREAM_CONSUMERS).map(([id, access]) => ({
    kind: 'stream',
    id,
    entry: handlerFile('streams', id),
    ...access,
  }));

/** What a function is, as its description says and as the on-call team reads it in an alarm. */
export const describeFunction = (spec: FunctionSpec): string => {
  switch (spec.kind) {
    case 'route':
      return `Module 7 API ${spec.spec.method} ${spec.spec.path}`;
    case 'task':
      return `Module 7 workflow task ${spec.id}`;
    case 'stream': {
      const items = spec.insertedSortKeys.map((key) => (typeof key === 'string' ? key : `${key.prefix}*`));
      return `Module 7 table stream consumer ${spec.id} (inserts of ${items.join(', ')} items)`;
    }
  }
};

/** Every function of the deployment: the routes', then the tasks', then the stream consumers'. */
export const functionCatalog = (): FunctionSpec[] => [
  ...routeFunctions(),
  ...taskFunctions(),
  ...streamFunctions(),
];

/** The bundle budget of a function: its own, or the default of every function. */
export const bundleBudgetOf = (spec: FunctionAccess) => spec.bundleBudget ?? MAX_BUNDLE_BYTES;
