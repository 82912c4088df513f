/**
 * Configuration read once from the environment, at cold start, and typed. A missing or malformed variable
 * stops the function with a message naming it, rather than failing later on the first request.
 */
import * as z from 'zod/mini';

const arn = z.string().check(z.startsWith('arn:'));

const Environment = z.object({
  /** The domain table; only the functions that read or write it have it. */
  TABLE_NAME: z.optional(z.string().check(z.minLength(1))),
  /** INSEE code of the prefecture's department. */
  DEPARTMENT: z._default(z.string().check(z.regex(/^(\d{2}|2A|2B|97\d)$/)), '74'),
  STATE_MACHINE_ARN: z.optional(arn),
  SMS_SENDER_ID: z._default(z.string().check(z.regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{3,11}$/)), 'PREFECTURE'),
  TOPIC_OFFICIALS_ARN: z.optional(arn),
  TOPIC_PRESS_ARN: z.optional(arn),
  TOPIC_PUBLIC_LINE_ARN: z.optional(arn),
});

export type Config = z.output<typeof Environment>;

/** @throws Error naming every missing or malformed variable. */
export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
};

/** @throws Error when a value this function needs was not configured. */
export const required = <T>(value: T | undefined, name: string): T => {
  if (value === undefined) throw new Error(`Invalid configuration: ${name} is required by this function`);
  return value;
};
