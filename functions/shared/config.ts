/**
 * Configuration read once from the environment, at cold start, and typed. A missing or malformed variable
 * stops the function with a message naming it, rather than failing later on the first request. The variable
 * names and rules are the deployment contract (`contract.ts`) that the CDK app sets. A handful of patterns,
 * checked without zod: it cost every function ~17 kB.
 */
import {
  BASE_URL,
  CIP_QUORUM,
  CIP_TARGET_SECONDS,
  CONFIGURATION_SET_NAME,
  CRISIS_NUMBER,
  DEFAULT_DEPARTMENT,
  DEFAULT_SENDER_ID,
  DEPARTMENT_CODE,
  DISPATCH_BATCH_SIZE,
  ENV,
  ESCALATION_SECONDS,
  SENDER_ID,
  SENDER_MAILBOX,
  SMS_PARTS_PER_SECOND,
} from './contract.ts';

export interface Config {
  tableName?: string;
  department: string;
  stateMachineArn?: string;
  senderId: string;
  /** The e-mail sender (`SENDER_MAILBOX`); only the function that sends e-mail has it. */
  emailFrom?: { name: string; address: string };
  sesConfigurationSet?: string;
  /** Where the pages' acknowledgement links point; only the paging function has it. */
  ackBaseUrl?: string;
  /** Seconds before a page escalates; only the function that starts workflows has it. */
  escalationSeconds?: number;
  /** The CIP's settings; only the function that records the prefect's order has them. */
  cipTargetSeconds?: number;
  cipQuorum?: number;
  crisisNumber?: string;
  /** SMS parts a second; only the functions that send SMS have it. */
  smsPartsPerSecond?: number;
  /** Recipients a dispatch batch; only the function that plans the batches has it. */
  dispatchBatchSize?: number;
  /** M7-3's policy; only the yearly review has it. */
  exercisesPerYear?: number;
  exerciseMaxMonths?: number;
}

/** Each variable's rule, and what its value should look like when it breaks it. */
const RULES: { name: string; pattern: RegExp; expected: string }[] = [
  { name: ENV.table, pattern: /^.+$/s, expected: 'a table name' },
  { name: ENV.department, pattern: DEPARTMENT_CODE, expected: 'an INSEE department code (74, 2A, 971)' },
  { name: ENV.stateMachine, pattern: /^arn:/, expected: 'an ARN' },
  { name: ENV.senderId, pattern: SENDER_ID, expected: '3 to 11 letters or digits, with a letter' },
  { name: ENV.emailFrom, pattern: SENDER_MAILBOX, expected: 'Name <address@domain>' },
  {
    name: ENV.sesConfigurationSet,
    pattern: CONFIGURATION_SET_NAME,
    expected: 'an SES configuration set name',
  },
  { name: ENV.ackBaseUrl, pattern: BASE_URL, expected: 'an https URL' },
  { name: ENV.escalationSeconds, pattern: ESCALATION_SECONDS, expected: 'seconds, from 60 to 3600' },
  { name: ENV.cipTargetSeconds, pattern: CIP_TARGET_SECONDS, expected: 'seconds, from 60 to 14400' },
  { name: ENV.cipQuorum, pattern: CIP_QUORUM, expected: 'a number of operators, from 1 to 20' },
  { name: ENV.crisisNumber, pattern: CRISIS_NUMBER, expected: 'a phone number (digits, spaces, dots)' },
  {
    name: ENV.smsPartsPerSecond,
    pattern: SMS_PARTS_PER_SECOND,
    expected: 'parts a second, from 0.1 to 1000',
  },
  { name: ENV.dispatchBatchSize, pattern: DISPATCH_BATCH_SIZE, expected: 'recipients, from 1 to 1000' },
];

/** @throws Error naming every malformed variable. */
export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const problems = RULES.filter(({ name, pattern }) => {
    const value = env[name];
    return value !== undefined && !pattern.test(value);
  }).map(({ name, expected }) => `${name}: expected ${expected}`);
  if (problems.length > 0) throw new Error(`Invalid configuration: ${problems.join('; ')}`);

  const sender = SENDER_MAILBOX.exec(env[ENV.emailFrom] ?? '')?.groups;
  const optional = {
    tableName: env[ENV.table],
    stateMachineArn: env[ENV.stateMachine],
    sesConfigurationSet: env[ENV.sesConfigurationSet],
    ackBaseUrl: env[ENV.ackBaseUrl],
    escalationSeconds:
      env[ENV.escalationSeconds] === undefined ? undefined : Number(env[ENV.escalationSeconds]),
    cipTargetSeconds: env[ENV.cipTargetSeconds] === undefined ? undefined : Number(env[ENV.cipTargetSeconds]),
    cipQuorum: env[ENV.cipQuorum] === undefined ? undefined : Number(env[ENV.cipQuorum]),
    crisisNumber: env[ENV.crisisNumber],
    smsPartsPerSecond:
      env[ENV.smsPartsPerSecond] === undefined ? undefined : Number(env[ENV.smsPartsPerSecond]),
    dispatchBatchSize:
      env[ENV.dispatchBatchSize] === undefined ? undefined : Number(env[ENV.dispatchBatchSize]),
    exercisesPerYear: env[ENV.exercisesPerYear] === undefined ? undefined : Number(env[ENV.exercisesPerYear]),
    exerciseMaxMonths:
      env[ENV.exerciseMaxMonths] === undefined ? undefined : Number(env[ENV.exerciseMaxMonths]),
    emailFrom:
      sender?.['name'] && sender['address']
        ? { name: sender['name'], address: sender['address'] }
        : undefined,
  };
  return {
    ...(Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)) as {
      [K in keyof typeof optional]?: Exclude<(typeof optional)[K], undefined>;
    }),
    department: env[ENV.department] ?? DEFAULT_DEPARTMENT,
    senderId: env[ENV.senderId] ?? DEFAULT_SENDER_ID,
  };
};

/** @throws Error when a value this function needs was not configured. */
export const required = <T>(value: T | undefined, name: string): T => {
  if (value === undefined) throw new Error(`Invalid configuration: ${name} is required by this function`);
  return value;
};
