/**
 * The deployment contract: what the CDK app sets and the functions read, stated once. Pure data, no SDK and
 * no zod, so that `infra/` imports it without bundling anything of the runtime.
 */

/** The environment variables of the functions, by what they hold. */
export const ENV = {
  /** The domain table; only the functions that read or write it have it. */
  table: 'TABLE_NAME',
  /** INSEE code of the prefecture's department. */
  department: 'DEPARTMENT',
  /** The activation workflow, for the function that starts it. */
  stateMachine: 'STATE_MACHINE_ARN',
  /** The alphanumeric sender ID shown on phones. */
  senderId: 'SMS_SENDER_ID',
  /** The sender of the e-mails, a mailbox of the verified SES identity (`SENDER_MAILBOX`). */
  emailFrom: 'EMAIL_FROM',
  /** The SES configuration set every e-mail is sent with (its events are kept for the receipts). */
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  /** Where the acknowledgement links of the pages point (`<url>/ack/<code>`): the API's URL. */
  ackBaseUrl: 'ACK_BASE_URL',
  /** Seconds a page waits for an acknowledgement before the next person on call is paged. */
  escalationSeconds: 'ESCALATION_SECONDS',
  /** M7-4's target: seconds from the prefect's order to the CIP being operational. */
  cipTargetSeconds: 'CIP_TARGET_SECONDS',
  /** How many CIP operators' acknowledgements make the CIP operational. */
  cipQuorum: 'CIP_QUORUM',
  /** The numéro unique de crise the CIP answers, published once it is operational. */
  crisisNumber: 'CRISIS_NUMBER',
  /**
   * SMS parts a second this function may send: the account's rate divided among the functions that send at
   * once (the informing Map runs three audiences together).
   */
  smsPartsPerSecond: 'SMS_PARTS_PER_SECOND',
  /**
   * Recipients a dispatch batch takes: the function that plans an audience's batches has it, from the account's
   * rate (`largestBatchSize`) unless the deployment set a smaller one.
   */
  dispatchBatchSize: 'DISPATCH_BATCH_SIZE',
  /** M7-3's policy: exercises a year at least, and months at most between two (the yearly review). */
  exercisesPerYear: 'EXERCISES_PER_YEAR',
  exerciseMaxMonths: 'EXERCISE_MAX_MONTHS',
} as const satisfies Record<string, string>;

/** From one minute to four hours, in seconds. */
export const CIP_TARGET_SECONDS = /^([6-9]\d|[1-9]\d{2,3}|1[0-3]\d{3}|14[0-3]\d{2}|14400)$/;
/** Parts a second, 0.1 to 1000 (a tenth: 1 part a second shared by ten functions). */
export const SMS_PARTS_PER_SECOND = /^(0\.[1-9]|[1-9]\d{0,2}(\.\d)?|1000)$/;
/** Recipients a batch, 1 to 1000 (`MAX_DISPATCH_BATCH_SIZE`). */
export const DISPATCH_BATCH_SIZE = /^([1-9]\d{0,2}|1000)$/;
/** One to twelve exercises a year. */
export const EXERCISES_PER_YEAR = /^([1-9]|1[0-2])$/;
/** One to twenty-four months. */
export const EXERCISE_MAX_MONTHS = /^([1-9]|1\d|2[0-4])$/;
/** One to twenty operators. */
export const CIP_QUORUM = /^([1-9]|1\d|20)$/;
/** A phone number as it is printed: digits, spaces or dots, an optional leading `+`; 4 to 20 characters. */
export const CRISIS_NUMBER = /^\+?\d[\d .]{2,18}\d$/;
/**
 * The numéro unique of the demo and the tests: in the range that ARCEP reserves for fiction (01 99 00 xx xx),
 * so that a message of a demo never gives a real number.
 */
export const DEMO_CRISIS_NUMBER = '01 99 00 74 74';

/** An https (or local http) base URL, without query or fragment. */
export const BASE_URL = /^https?:\/\/[^\s?#]+$/;
/** From one to sixty minutes, in seconds. */
export const ESCALATION_SECONDS = /^([6-9]\d|[1-9]\d{2}|[1-2]\d{3}|3[0-5]\d{2}|3600)$/;

/** An INSEE department code: `74`, `2A`, `971`. */
export const DEPARTMENT_CODE = /^(\d{2}|2A|2B|97\d)$/;
/** @default Haute-Savoie */
export const DEFAULT_DEPARTMENT = '74';

/** An alphanumeric SMS sender ID as SNS accepts it: 3 to 11 letters or digits, one letter at least. */
export const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9]{3,11}$/;
export const DEFAULT_SENDER_ID = 'PREFECTURE';

/**
 * The sender of the e-mails as a mailbox, `Préfecture de la Haute-Savoie <alerte@prefecture.example.org>`: a
 * display name on one line (any language: the messenger encodes it), then an ASCII address (SES has no SMTPUTF8).
 */
export const SENDER_MAILBOX =
  /^(?<name>[^<>"\\\p{Cc}\s](?:[^<>"\\\p{Cc}]*[^<>"\\\p{Cc}\s])?) <(?<address>[A-Za-z0-9._%+-]+@(?<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+))>$/u;

/** An SES configuration set name: letters, digits, `_` and `-`, 64 at most. */
export const CONFIGURATION_SET_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Where the functions' metrics go. */
export const METRIC_NAMESPACE = 'Module7';
/** The service name of the functions' logs and metrics. */
export const SERVICE_NAME = 'module7';
/**
 * Both, for the stacks. The functions use the two constants above: esbuild drops an unused `new Metrics(…)`
 * marked pure only when its arguments are side-effect free, and a property read may not be.
 */
export const TELEMETRY = { namespace: METRIC_NAMESPACE, service: SERVICE_NAME } as const;

/** The metrics the alarms watch, by name. */
export const METRIC_NAMES = {
  commitmentMissed: 'CommitmentMissed',
  dispatchFailed: 'DispatchFailed',
} as const;

/**
 * The dashboard's Content-Security-Policy, as CloudFront sends it (the Web stack) and as the local runtime
 * does: its own origin only; `connect` adds where the page may also call (the Cognito domain's token endpoint).
 */
export const dashboardContentSecurityPolicy = (connect: readonly string[] = []) =>
  [
    "default-src 'self'",
    ["connect-src 'self'", ...connect].join(' '),
    "img-src 'self' data:",
    "font-src 'self'",
    "style-src 'self'",
    "script-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
