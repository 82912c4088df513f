/**
 * What differs from one prefecture's deployment to another: CDK context values (`-c department=38` or the
 * `context` block of cdk.json), checked once at synth so that a typo fails here and not during a crisis.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Node } from 'constructs';
import { DEFAULT_DEPARTMENT, DEPARTMENT_CODE, SENDER_ID } from '#shared/contract';

export interface DeploymentSettings {
  /** INSEE code of the department. @default '74' (Haute-Savoie: `DEFAULT_DEPARTMENT`) */
  department: string;
  /** Alphanumeric SMS sender ID shown on phones. @default `PREF${department}` */
  senderId: string;
  /** Who receives the alarms (a mailbox of the technical on-call team). @default 'astreinte-si@example.org' */
  alarmEmail: string;
  /** Monthly SMS budget in US dollars; the spend alarm fires at 80 %. @default 100 */
  smsMonthlyBudgetUsd: number;
}

export const DEFAULT_ALARM_EMAIL = 'astreinte-si@example.org';
export const DEFAULT_SMS_MONTHLY_BUDGET_USD = 100;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** INSEE code → name, from the same `@etalab/decoupage-administratif` release the functions bundle. */
const departmentNames = (): Map<string, string> => {
  const file = createRequire(import.meta.url).resolve(
    '@etalab/decoupage-administratif/data/departements.json',
  );
  const records = JSON.parse(readFileSync(file, 'utf8')) as { code: string; nom: string }[];
  return new Map(records.map((record) => [record.code, record.nom]));
};

const text = (node: Node, key: string): string | undefined => {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value).trim();
};

/** @throws Error naming every context value that is malformed. */
export const readSettings = (node: Node): DeploymentSettings => {
  const department = text(node, 'department') ?? DEFAULT_DEPARTMENT;
  const senderId = text(node, 'senderId') ?? `PREF${department}`;
  const alarmEmail = text(node, 'alarmEmail') ?? DEFAULT_ALARM_EMAIL;
  const budget = text(node, 'smsMonthlyBudgetUsd');
  const smsMonthlyBudgetUsd = budget === undefined ? DEFAULT_SMS_MONTHLY_BUDGET_USD : Number(budget);

  const problems = [
    DEPARTMENT_CODE.test(department) && departmentNames().has(department)
      ? undefined
      : `department "${department}" is not the INSEE code of a department (74, 2A, 971)`,
    SENDER_ID.test(senderId)
      ? undefined
      : `senderId "${senderId}" must be 3 to 11 letters or digits, with a letter`,
    EMAIL.test(alarmEmail) ? undefined : `alarmEmail "${alarmEmail}" is not an e-mail address`,
    Number.isFinite(smsMonthlyBudgetUsd) && smsMonthlyBudgetUsd > 0
      ? undefined
      : `smsMonthlyBudgetUsd "${budget}" must be a positive number of dollars`,
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new Error(`Invalid CDK context: ${problems.join('; ')}`);
  return { department, senderId, alarmEmail, smsMonthlyBudgetUsd };
};
