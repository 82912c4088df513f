/**
 * What differs from one prefecture's deployment to another: CDK context values (`-c department=38` or the
 * `context` block of cdk.json), checked once at synth so that a typo fails here and not during a crisis.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Node } from 'constructs';
import { DEFAULT_ESCALATION_SECONDS } from '#domain/activation';
import { DEFAULT_SMS_PARTS_PER_SECOND, MAX_DISPATCH_BATCH_SIZE } from '#domain/delivery';
import { DEFAULT_CIP_QUORUM, DEFAULT_CIP_TARGET_SECONDS } from '#domain/follow-ups';
import { DEFAULT_EXERCISE_POLICY } from '#domain/report';
import {
  CIP_QUORUM,
  CIP_TARGET_SECONDS,
  CRISIS_NUMBER,
  DEFAULT_DEPARTMENT,
  DEMO_CRISIS_NUMBER,
  DEPARTMENT_CODE,
  DISPATCH_BATCH_SIZE,
  ESCALATION_SECONDS,
  EXERCISE_MAX_MONTHS,
  EXERCISES_PER_YEAR,
  SENDER_ID,
  SENDER_MAILBOX,
  SMS_PARTS_PER_SECOND,
} from '#shared/contract';

export interface DeploymentSettings {
  /** INSEE code of the department. @default '74' (Haute-Savoie: `DEFAULT_DEPARTMENT`) */
  department: string;
  /** Alphanumeric SMS sender ID shown on phones. @default `PREF${department}` */
  senderId: string;
  /** Who receives the alarms (a mailbox of the technical on-call team). @default 'astreinte-si@example.org' */
  alarmEmail: string;
  /** Monthly SMS budget in US dollars; the spend alarm fires at 80 %. @default 100 */
  smsMonthlyBudgetUsd: number;
  /** The prefecture's mail domain, the SES identity (verified by its DKIM records). @default 'prefecture.example.org' */
  emailDomain: string;
  /**
   * The sender of the e-mails, an address at `emailDomain` with a display name.
   * @default `Préfecture de la Haute-Savoie <alerte@${emailDomain}>` (the department's name with its article)
   */
  emailFrom: string;
  /**
   * The numéro unique de crise the public information cell (CIP) answers, published once it is operational.
   * @default '01 99 00 74 74' (`DEMO_CRISIS_NUMBER`, in the range ARCEP reserves for fiction)
   */
  crisisNumber: string;
  /** M7-4's target: seconds from the prefect's order to the CIP being operational. @default 3600 */
  cipTargetSeconds: number;
  /** How many CIP operators' acknowledgements make the CIP operational. @default 2 */
  cipQuorum: number;
  /** Seconds a page waits for an acknowledgement before the next person on call is paged. @default 600 */
  escalationSeconds: number;
  /** SMS parts a second the account may send (SNS: 10 for a sender ID, more on request). @default 10 */
  smsPartsPerSecond: number;
  /**
   * The most recipients a dispatch batch takes. Each plan cuts smaller batches when its audience's share of the
   * rate needs it, so that a batch of the longest SMS (6 parts) leaves within `BATCH_SENDING_SECONDS` (120 s,
   * half the sending function's timeout): lowering it only makes more, smaller batches.
   * @default 1000 (`MAX_DISPATCH_BATCH_SIZE`)
   */
  dispatchBatchSize: number;
  /** M7-3's policy: exercises a year at least, months at most between two. @default 2, 9 */
  exercisesPerYear: number;
  exerciseMaxMonths: number;
  /**
   * The prefix of the user pool's Cognito domain, where staff sign in:
   * `https://<prefix>.auth.<region>.amazoncognito.com`. Unique per region among every AWS customer.
   * @default `module7-<department>-` and the first eight hex digits of the stateful stack's id, chosen at the
   * first deployment (`undefined` here: the stack derives it)
   */
  authDomainPrefix?: string;
}

export const DEFAULT_ALARM_EMAIL = 'astreinte-si@example.org';
export const DEFAULT_SMS_MONTHLY_BUDGET_USD = 100;
/** A fiction domain (RFC 2606): nothing is sent from it until a prefecture sets its own. */
export const DEFAULT_EMAIL_DOMAIN = 'prefecture.example.org';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** Cognito's rule for a prefix domain (CreateUserPoolDomain): one DNS label, and no AWS brand inside. */
const AUTH_DOMAIN_PREFIX = /^(?!.*(aws|amazon|cognito))[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** How French writes "of" before a department's name, by its INSEE `typeLiaison` (TNCC). */
const ARTICLES = ['de ', 'd’', 'du ', 'de la ', 'des ', 'de l’', 'des ', 'de las ', 'de los '];

interface DepartmentRecord {
  code: string;
  nom: string;
  typeLiaison: number;
}

/** The departments by INSEE code, from the same `@etalab/decoupage-administratif` release the functions bundle. */
const departments = (): Map<string, DepartmentRecord> => {
  const file = createRequire(import.meta.url).resolve(
    '@etalab/decoupage-administratif/data/departements.json',
  );
  const records = JSON.parse(readFileSync(file, 'utf8')) as DepartmentRecord[];
  return new Map(records.map((record) => [record.code, record]));
};

/** `Préfecture de la Haute-Savoie`, `Préfecture de l’Isère`, `Préfecture du Nord`. */
export const prefectureName = (department: { nom: string; typeLiaison: number }) =>
  `Préfecture ${ARTICLES[department.typeLiaison] ?? 'de '}${department.nom}`;

const text = (node: Node, key: string): string | undefined => {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value).trim();
};

/** A number among the context values (its default when absent), and whether its text follows `rule`. */
const count = (node: Node, key: string, fallback: number, rule: RegExp) => {
  const given = text(node, key);
  return {
    given,
    value: given === undefined ? fallback : Number(given),
    valid: rule.test(given ?? `${fallback}`),
  };
};

/** @throws Error naming every context value that is malformed. */
export const readSettings = (node: Node): DeploymentSettings => {
  const department = text(node, 'department') ?? DEFAULT_DEPARTMENT;
  const senderId = text(node, 'senderId') ?? `PREF${department}`;
  const alarmEmail = text(node, 'alarmEmail') ?? DEFAULT_ALARM_EMAIL;
  const budget = text(node, 'smsMonthlyBudgetUsd');
  const smsMonthlyBudgetUsd = budget === undefined ? DEFAULT_SMS_MONTHLY_BUDGET_USD : Number(budget);
  const record = DEPARTMENT_CODE.test(department) ? departments().get(department) : undefined;
  const emailDomain = text(node, 'emailDomain')?.toLowerCase() ?? DEFAULT_EMAIL_DOMAIN;
  const emailFrom =
    text(node, 'emailFrom') ?? `${record ? prefectureName(record) : 'Préfecture'} <alerte@${emailDomain}>`;
  const sender = SENDER_MAILBOX.exec(emailFrom)?.groups;
  const crisisNumber = text(node, 'crisisNumber') ?? DEMO_CRISIS_NUMBER;
  const cipTarget = count(node, 'cipTargetSeconds', DEFAULT_CIP_TARGET_SECONDS, CIP_TARGET_SECONDS);
  const cipQuorum = count(node, 'cipQuorum', DEFAULT_CIP_QUORUM, CIP_QUORUM);
  const escalation = count(node, 'escalationSeconds', DEFAULT_ESCALATION_SECONDS, ESCALATION_SECONDS);
  const authDomainPrefix = text(node, 'authDomainPrefix');
  const smsRate = count(node, 'smsPartsPerSecond', DEFAULT_SMS_PARTS_PER_SECOND, SMS_PARTS_PER_SECOND);
  const batchSize = count(node, 'dispatchBatchSize', MAX_DISPATCH_BATCH_SIZE, DISPATCH_BATCH_SIZE);
  const exercises = count(node, 'exercisesPerYear', DEFAULT_EXERCISE_POLICY.minPerYear, EXERCISES_PER_YEAR);
  const exerciseMonths = count(
    node,
    'exerciseMaxMonths',
    DEFAULT_EXERCISE_POLICY.maxMonthsBetween,
    EXERCISE_MAX_MONTHS,
  );

  const problems = [
    record ? undefined : `department "${department}" is not the INSEE code of a department (74, 2A, 971)`,
    SENDER_ID.test(senderId)
      ? undefined
      : `senderId "${senderId}" must be 3 to 11 letters or digits, with a letter`,
    EMAIL.test(alarmEmail) ? undefined : `alarmEmail "${alarmEmail}" is not an e-mail address`,
    Number.isFinite(smsMonthlyBudgetUsd) && smsMonthlyBudgetUsd > 0
      ? undefined
      : `smsMonthlyBudgetUsd "${budget}" must be a positive number of dollars`,
    DOMAIN.test(emailDomain) ? undefined : `emailDomain "${emailDomain}" is not a domain name`,
    sender?.['domain']?.toLowerCase() === emailDomain
      ? undefined
      : `emailFrom "${emailFrom}" must read "Name <address@${emailDomain}>" (an ASCII address at emailDomain)`,
    CRISIS_NUMBER.test(crisisNumber)
      ? undefined
      : `crisisNumber "${crisisNumber}" must be a phone number as printed (digits, spaces, dots; 4 to 20)`,
    cipTarget.valid ? undefined : `cipTargetSeconds "${cipTarget.given}" must be seconds, from 60 to 14400`,
    cipQuorum.valid
      ? undefined
      : `cipQuorum "${cipQuorum.given}" must be a number of operators, from 1 to 20`,
    escalation.valid ? undefined : `escalationSeconds "${escalation.given}" must be seconds, from 60 to 3600`,
    smsRate.valid
      ? undefined
      : `smsPartsPerSecond "${smsRate.given}" must be parts a second, from 0.1 to 1000`,
    batchSize.valid
      ? undefined
      : `dispatchBatchSize "${batchSize.given}" must be a number of recipients, from 1 to ${MAX_DISPATCH_BATCH_SIZE}`,
    exercises.valid
      ? undefined
      : `exercisesPerYear "${exercises.given}" must be a number of exercises, from 1 to 12`,
    exerciseMonths.valid
      ? undefined
      : `exerciseMaxMonths "${exerciseMonths.given}" must be a number of months, from 1 to 24`,
    authDomainPrefix === undefined || AUTH_DOMAIN_PREFIX.test(authDomainPrefix)
      ? undefined
      : `authDomainPrefix "${authDomainPrefix}" must be 1 to 63 lowercase letters, digits and hyphens, neither ` +
        'starting nor ending with a hyphen, without "aws", "amazon" or "cognito"',
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new Error(`Invalid CDK context: ${problems.join('; ')}`);
  return {
    department,
    senderId,
    alarmEmail,
    smsMonthlyBudgetUsd,
    emailDomain,
    emailFrom,
    crisisNumber,
    cipTargetSeconds: cipTarget.value,
    cipQuorum: cipQuorum.value,
    escalationSeconds: escalation.value,
    smsPartsPerSecond: smsRate.value,
    dispatchBatchSize: batchSize.value,
    exercisesPerYear: exercises.value,
    exerciseMaxMonths: exerciseMonths.value,
    ...(authDomainPrefix === undefined ? {} : { authDomainPrefix }),
  };
};
