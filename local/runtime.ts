/**
 * The embedded runtime: the whole system in one Node.js process, with no AWS account and no network. It
 * composes the local adapters (dynalite, outbox, state-machine runner, signing key) with the same use cases
 * and HTTP handlers as the Lambda functions.
 */
import { randomBytes } from 'node:crypto';
import { readDirectoryFile } from '#adapters/csv-directory-file';
import { dynamodbActivationStore } from '#adapters/dynamodb-activation-store';
import { dynamodbDirectoryStore } from '#adapters/dynamodb-directory-store';
import { dynamodbDispatchLedger } from '#adapters/dynamodb-dispatch-ledger';
import { dynamodbPagingStore } from '#adapters/dynamodb-paging-store';
import { dynamodbTemplateStore } from '#adapters/dynamodb-template-store';
import { dynamodbTimelineStore } from '#adapters/dynamodb-timeline-store';
import { loadDepartment } from '#adapters/etalab-geography';
import { mobileParserFor } from '#adapters/libphonenumber-mobile-parser';
import { DEFAULT_SMS_PARTS_PER_SECOND, MAX_DISPATCH_BATCH_SIZE } from '#domain/delivery';
import type { Department } from '#domain/geography';
import type { DirectoryStore, Messenger, TemplateStore } from '#domain/ports';
import type { ExercisePolicy } from '#domain/report';
import { createAcknowledgeCellHandler } from '#handlers/http/acknowledge-cell';
import { createCloseActivationHandler } from '#handlers/http/close-activation';
import { createConfirmAckHandler } from '#handlers/http/confirm-ack';
import { createCreateContactHandler } from '#handlers/http/create-contact';
import { createDeactivateContactHandler } from '#handlers/http/deactivate-contact';
import { createGetAckPageHandler } from '#handlers/http/get-ack-page';
import { createGetActivationHandler } from '#handlers/http/get-activation';
import { createGetCommitmentsReportHandler } from '#handlers/http/get-commitments-report';
import { createGetContactHandler } from '#handlers/http/get-contact';
import { createGetGeographyHandler } from '#handlers/http/get-geography';
import { createGetOpenapiHandler } from '#handlers/http/get-openapi';
import { createGetReadinessHandler } from '#handlers/http/get-readiness';
import { createGetRosterCoverageHandler } from '#handlers/http/get-roster-coverage';
import { createGetTemplateHandler } from '#handlers/http/get-template';
import { createGetTimelineHandler } from '#handlers/http/get-timeline';
import { createImportDirectoryHandler } from '#handlers/http/import-directory';
import { createListActivationsHandler } from '#handlers/http/list-activations';
import { createListContactsHandler } from '#handlers/http/list-contacts';
import { createListDirectoryAuditHandler } from '#handlers/http/list-directory-audit';
import { createListRecipientsHandler } from '#handlers/http/list-recipients';
import { createListRostersHandler } from '#handlers/http/list-rosters';
import { createListTemplatesHandler } from '#handlers/http/list-templates';
import { createOrderCipHandler } from '#handlers/http/order-cip';
import { createPostMessageHandler } from '#handlers/http/post-message';
import { createPreviewActivationHandler } from '#handlers/http/preview-activation';
import { createStartActivationHandler } from '#handlers/http/start-activation';
import { createUpdateContactHandler } from '#handlers/http/update-contact';
import { createUpdateRosterHandler } from '#handlers/http/update-roster';
import { createUpdateTemplateHandler } from '#handlers/http/update-template';
import { createStartWorkflowHandler } from '#handlers/streams/start-workflow';
import { DEMO_CRISIS_NUMBER } from '#shared/contract';
import { routes } from '#shared/routes';
import { loggedTimeline } from '#shared/state-log';
import type { AcknowledgeDeps } from '#use-cases/acknowledge-page';
import type { CloseDeps } from '#use-cases/close-activation';
import type { CipSettings } from '#use-cases/order-cip';
import { pacedMessenger, REAL_TIME } from '#use-cases/paced-messenger';
import { startExecutionOf, startWorkflow } from '#use-cases/start-workflow';
import { signingKeyIn } from './auth.ts';
import { acceleratedClock, realClock, type WaitableClock } from './clock.ts';
import { demoDirectory, provideDemoRosters } from './demo-directory.ts';
import { guardDepartment } from './department-guard.ts';
import { observeConsumer, observeRoutes, observeTimeline, type RuntimeObserver } from './observe.ts';
import { createListOutboxHandler, outboxMessenger, outboxResponses, outboxRoute } from './outbox.ts';
import { type LocalRoute, startServer } from './server.ts';
import { createDemoSessionHandler, demoSessionRoute, localSite } from './site.ts';
import { localStateMachine } from './state-machine.ts';
import { type LocalStore, startStore } from './store.ts';
import { localTableStream } from './stream.ts';
import { module7Tasks } from './tasks.ts';

export interface RuntimeOptions {
  /** @default 3000; 0 picks a free port */
  port?: number;
  host?: string;
  /** Where the data lives; in memory when absent. */
  dataDir?: string;
  /** @default 1 */
  clockSpeed?: number;
  /** @default '74' */
  department?: string;
  /** Wraps the outbox messenger (tests inject failures with it). */
  messenger?: (outbox: Messenger) => Messenger;
  /** M7-3's policy for the yearly review. @default two exercises a year, nine months at most between two */
  exercisePolicy?: ExercisePolicy;
  /** Paces the SMS as on AWS (`SMS_PARTS_PER_SECOND`); unpaced by default: the outbox has no rate. */
  smsPartsPerSecond?: number;
  /** The largest dispatch batch (`DISPATCH_BATCH_SIZE`). @default MAX_DISPATCH_BATCH_SIZE */
  dispatchBatchSize?: number;
  /** The activation clocks; accelerated real time by default (tests pass a manual clock). */
  clockFor?: (acceptedAt: string) => WaitableClock;
  /** Seconds a page waits for an acknowledgement before the next person on call is paged. @default 600 */
  escalationSeconds?: number;
  /** Where the pages' acknowledgement links point. @default the server's URL */
  ackBaseUrl?: string;
  /** M7-4's target and quorum, and the numéro unique. @default one hour, 2, a number of the fiction range */
  cip?: Partial<CipSettings>;
  /** Milliseconds between retries, by state name; the ASL's intervals otherwise. */
  retryIntervalOverrides?: Record<string, number>;
  /** Announces what happens (re-armed activations, failed executions). @default console.error */
  log?: (line: string) => void;
  /** The benchmarks' instrumentation (`local/observe.ts`): nothing is wrapped when absent. */
  observe?: RuntimeObserver;
}

/**
 * Re-arms unsettled activations whose T0 is at most this old: T0 is at most 24 h old at activation and the
 * first hour lasts an hour after it. An older one is not re-armed: its message would no longer be news.
 */
const IN_FLIGHT_WINDOW_MS = 26 * 3_600_000;

export const startRuntime = async (options: RuntimeOptions = {}) => {
  const log = options.log ?? ((line: string) => console.error(line));
  const speed = options.clockSpeed ?? 1;
  if (!(speed >= 1 && speed <= 100_000))
    throw new Error(`CLOCK_SPEED must be between 1 and 100000, not ${speed}`);
  const department = loadDepartment(options.department ?? '74');
  const store = await startStore(options.dataDir ? { dataDir: options.dataDir } : {});
  try {
    return await compose(options, { log, speed, department, store });
  } catch (error) {
    await store.close();
    throw error;
  }
};

const compose = async (
  options: RuntimeOptions,
  {
    log,
    speed,
    department,
    store,
  }: { log: (line: string) => void; speed: number; department: Department; store: LocalStore },
) => {
  const startedAt = new Date();
  const stream = localTableStream(store.table.client, { log });
  const key = options.dataDir ? signingKeyIn(options.dataDir) : new Uint8Array(randomBytes(32));
  const activations = dynamodbActivationStore(store.table);
  const timeline = observeTimeline(
    loggedTimeline(dynamodbTimelineStore(store.table)),
    options.observe?.timelineEvent,
  );
  const directory = dynamodbDirectoryStore(store.table);
  if (options.dataDir) await guardDepartment(options.dataDir, department, directory);
  if (await directory.isEmpty()) await directory.putAll(demoDirectory(department));
  // The rosters of both cells, with the on-call people they name, unless an administrator wrote one.
  await provideDemoRosters(directory, new Date());

  const outbox = outboxMessenger(store.table);
  const provided = options.messenger ? options.messenger(outbox.messenger) : outbox.messenger;
  // Paced as on AWS when a rate is given: each batch at its audience's share, the other senders at the rate.
  const messenger = options.smsPartsPerSecond
    ? pacedMessenger(provided, { partsPerSecond: options.smsPartsPerSecond, ...REAL_TIME })
    : provided;
  const pacedAt = options.smsPartsPerSecond
    ? (partsPerSecond: number) => pacedMessenger(provided, { partsPerSecond, ...REAL_TIME })
    : undefined;
  const dispatching = {
    partsPerSecond: options.smsPartsPerSecond ?? DEFAULT_SMS_PARTS_PER_SECOND,
    maxBatchSize: options.dispatchBatchSize ?? MAX_DISPATCH_BATCH_SIZE,
  };
  const clockFor = options.clockFor ?? acceleratedClock(speed);
  const pages = dynamodbPagingStore(store.table);
  // The links point at this server, whose port is known once it listens (below).
  let ackBaseUrl = options.ackBaseUrl ?? '';
  const workflowSettings = options.escalationSeconds ? { escalationSeconds: options.escalationSeconds } : {};
  const machine = localStateMachine({
    tasks: module7Tasks(
      {
        store: activations,
        timeline,
        directory,
        // Claims made before this start belong to a process that is gone (the folder's lock proves it).
        ledger: dynamodbDispatchLedger(store.table, { staleBefore: startedAt }),
        messenger,
        ...(pacedAt ? { pacedAt } : {}),
        pages,
      },
      () => ({ ackBaseUrl }),
      () => dispatching,
    ),
    clockOf: (input) => clockFor(String(input['acceptedAt'])),
    ...(options.retryIntervalOverrides ? { retryIntervalOverrides: options.retryIntervalOverrides } : {}),
    onFailure: (execution) => log(`Execution ${execution.name} failed: ${execution.error}`),
    ...(options.observe?.task ? { observeTask: options.observe.task } : {}),
  });

  // The local counterpart of the table's stream on AWS: a new activation starts its workflow through the
  // same StartWorkflow consumer.
  stream.subscribe(
    observeConsumer(
      createStartWorkflowHandler(
        () => ({ engine: machine }),
        () => workflowSettings,
      ),
      options.observe?.streamConsumer,
    ),
  );

  const localRoutes: LocalRoute[] = [
    {
      name: 'startActivation',
      spec: routes.startActivation,
      handler: createStartActivationHandler(() => ({
        store: activations,
        clock: realClock,
        department,
      })),
    },
    {
      name: 'listActivations',
      spec: routes.listActivations,
      handler: createListActivationsHandler(() => ({ store: activations, timeline, clockFor })),
    },
    {
      name: 'previewActivation',
      spec: routes.previewActivation,
      handler: createPreviewActivationHandler(() => ({ directory, department })),
    },
    ...templateRoutes(dynamodbTemplateStore(store.table)),
    {
      name: 'getCommitmentsReport',
      spec: routes.getCommitmentsReport,
      handler: createGetCommitmentsReportHandler(
        () => ({ store: activations, timeline, clock: realClock }),
        () => (options.exercisePolicy ? { policy: options.exercisePolicy } : {}),
      ),
    },
    {
      name: 'getGeography',
      spec: routes.getGeography,
      handler: createGetGeographyHandler(() => ({ department })),
    },
    {
      name: 'getActivation',
      spec: routes.getActivation,
      handler: createGetActivationHandler(() => ({ store: activations, timeline, clockFor })),
    },
    {
      name: 'getTimeline',
      spec: routes.getTimeline,
      handler: createGetTimelineHandler(() => ({ store: activations, timeline })),
    },
    {
      name: 'listRecipients',
      spec: routes.listRecipients,
      handler: createListRecipientsHandler(() => ({
        store: activations,
        ledger: dynamodbDispatchLedger(store.table),
        directory,
        timeline,
      })),
    },
    {
      name: 'getReadiness',
      spec: routes.getReadiness,
      handler: createGetReadinessHandler(() => ({ directory, department })),
    },
    ...directoryRoutes({ directory, department }),
    ...acknowledgementRoutes({ store: activations, timeline, directory, pages, engine: machine, clockFor }),
    ...crisisRoutes(
      { store: activations, timeline, pages, engine: machine, clockFor },
      { crisisNumber: DEMO_CRISIS_NUMBER, ...options.cip },
    ),
    {
      name: 'getOpenapi',
      spec: routes.getOpenapi,
      handler: createGetOpenapiHandler({
        includeLocalRoutes: true,
        extraRoutes: { listOutbox: { spec: outboxRoute, responses: outboxResponses } },
      }),
    },
    { name: 'listOutbox', spec: outboxRoute, handler: createListOutboxHandler(outbox.list) },
    { name: 'demoSession', spec: demoSessionRoute, handler: createDemoSessionHandler(key) },
  ];
  const server = await startServer({
    port: options.port ?? 3000,
    ...(options.host ? { host: options.host } : {}),
    key,
    routes: observeRoutes(localRoutes, options.observe?.request),
    site: localSite(),
    dataDir: options.dataDir,
  });
  ackBaseUrl ||= server.url;

  // Re-armed once the server listens: a page sent by a re-armed step carries a link that works.
  const inFlight = await activations.listInFlight(new Date(Date.now() - IN_FLIGHT_WINDOW_MS).toISOString());
  for (const activation of inFlight) await startWorkflow(activation, { engine: machine }, workflowSettings);
  if (inFlight.length > 0) log(`Re-armed ${inFlight.length} activation(s) in flight.`);
  // The CIP orders and follow-up messages of the recent activations, settled or not: each of their executions
  // is idempotent, so one that had ended replays to the same end without sending anything again.
  const recent = await activations.list({
    decidedFrom: new Date(Date.now() - IN_FLIGHT_WINDOW_MS).toISOString(),
    limit: 100,
  });
  for (const activation of recent.items) {
    const order = await activations.getCipOrder(activation.id);
    if (order) await startExecutionOf({ kind: 'cip', order }, { engine: machine }, workflowSettings);
    for (const message of await activations.listMessages(activation.id)) {
      await startExecutionOf({ kind: 'message', message }, { engine: machine }, workflowSettings);
    }
  }

  return {
    url: server.url,
    key,
    department,
    machine,
    table: store.table,
    clockFor,
    /** Stops in order: no new request, then the workflows (their sends in flight confirmed), then the store. */
    async close() {
      await server.close();
      await stream.close();
      await machine.close();
      await store.close();
    },
  };
};

export type Runtime = Awaited<ReturnType<typeof compose>>;

/** The directory's routes and the rosters', on the runtime's store: the same handlers as the Lambda functions. */
const directoryRoutes = ({
  directory,
  department,
}: {
  directory: DirectoryStore;
  department: Department;
}): LocalRoute[] => {
  const writes = () => ({
    directory,
    clock: realClock,
    department,
    parseMobile: mobileParserFor(department.code),
  });
  return [
    {
      name: 'listContacts',
      spec: routes.listContacts,
      handler: createListContactsHandler(() => ({ directory })),
    },
    { name: 'getContact', spec: routes.getContact, handler: createGetContactHandler(() => ({ directory })) },
    { name: 'createContact', spec: routes.createContact, handler: createCreateContactHandler(writes) },
    { name: 'updateContact', spec: routes.updateContact, handler: createUpdateContactHandler(writes) },
    {
      name: 'deactivateContact',
      spec: routes.deactivateContact,
      handler: createDeactivateContactHandler(() => ({ directory, clock: realClock })),
    },
    {
      name: 'importDirectory',
      spec: routes.importDirectory,
      handler: createImportDirectoryHandler(() => ({ ...writes(), readFile: readDirectoryFile })),
    },
    {
      name: 'listDirectoryAudit',
      spec: routes.listDirectoryAudit,
      handler: createListDirectoryAuditHandler(() => ({ directory })),
    },
    {
      name: 'listRosters',
      spec: routes.listRosters,
      handler: createListRostersHandler(() => ({ directory, clock: realClock })),
    },
    {
      name: 'updateRoster',
      spec: routes.updateRoster,
      handler: createUpdateRosterHandler(() => ({ directory, clock: realClock })),
    },
    {
      name: 'getRosterCoverage',
      spec: routes.getRosterCoverage,
      handler: createGetRosterCoverageHandler(() => ({ directory, clock: realClock })),
    },
  ];
};

/** The acknowledgements of the pages: the link's page and its button (public), and a `comms` user's in the API. */
const acknowledgementRoutes = (deps: AcknowledgeDeps): LocalRoute[] => [
  {
    name: 'acknowledgeCell',
    spec: routes.acknowledgeCell,
    handler: createAcknowledgeCellHandler(() => deps),
  },
  { name: 'getAckPage', spec: routes.getAckPage, handler: createGetAckPageHandler(() => deps) },
  { name: 'confirmAck', spec: routes.confirmAck, handler: createConfirmAckHandler(() => deps) },
];

/** The prefect's and the cabinet's actions during the event: the CIP's order, follow-ups, the end of the alert. */
const crisisRoutes = (deps: CloseDeps, cip: CipSettings): LocalRoute[] => [
  {
    name: 'orderCip',
    spec: routes.orderCip,
    handler: createOrderCipHandler(
      () => deps,
      () => cip,
    ),
  },
  { name: 'postMessage', spec: routes.postMessage, handler: createPostMessageHandler(() => deps) },
  {
    name: 'closeActivation',
    spec: routes.closeActivation,
    handler: createCloseActivationHandler(() => deps),
  },
];

/** The message templates: every role reads them, `comms` and `admin` edit them. */
const templateRoutes = (templates: TemplateStore): LocalRoute[] => [
  {
    name: 'listTemplates',
    spec: routes.listTemplates,
    handler: createListTemplatesHandler(() => ({ templates })),
  },
  { name: 'getTemplate', spec: routes.getTemplate, handler: createGetTemplateHandler(() => ({ templates })) },
  {
    name: 'updateTemplate',
    spec: routes.updateTemplate,
    handler: createUpdateTemplateHandler(() => ({ templates, clock: realClock })),
  },
];
