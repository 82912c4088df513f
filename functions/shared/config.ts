/**
 * Configuration read once from the environment, at cold start, and typed. A missing or malformed variable
 * stops the function with a message naming it, rather than failing later on the first request. The variable
 * names and rules are the deployment contract (`contract.ts`) that the CDK app sets.
 */
import * as z from 'zod/mini';
import { DEFAULT_DEPARTMENT, DEFAULT_SENDER_ID, DEPARTMENT_CODE, ENV, SENDER_ID } from './contract.ts';

const arn = z.optional(z.string().check(z.startsWith('arn:')));

const Environment = z.object({
  [ENV.table]: z.optional(z.string().check(z.minLength(1))),
  [ENV.department]: z._default(z.string().check(z.regex(DEPARTMENT_CODE)), DEFAULT_DEPARTMENT),
  [ENV.stateMachine]: arn,
  [ENV.senderId]: z._default(z.string().check(z.regex(SENDER_ID)), DEFAULT_SENDER_ID),
  [ENV.topics.officials]: arn,
  [ENV.topics.press]: arn,
  [ENV.topics.publicLine]: arn,
});

export interface Config {
  tableName?: string;
  department: string;
  stateMachineArn?: string;
  senderId: string;
  topics: { officials?: string; press?: string; publicLine?: string };
}

const defined = <T extends Record<string, string | undefined>>(values: T) =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: string;
  };

/** @throws Error naming every missing or malformed variable. */
export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const values = parsed.data;
  return {
    ...defined({ tableName: values[ENV.table], stateMachineArn: values[ENV.stateMachine] }),
    department: values[ENV.department],
    senderId: values[ENV.senderId],
    topics: defined({
      officials: values[ENV.topics.officials],
      press: values[ENV.topics.press],
      publicLine: values[ENV.topics.publicLine],
    }),
  };
};

/** @throws Error when a value this function needs was not configured. */
export const required = <T>(value: T | undefined, name: string): T => {
  if (value === undefined) throw new Error(`Invalid configuration: ${name} is required by this function`);
  return value;
};
