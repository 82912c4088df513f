/**
 * Reading synthesized CloudFormation templates: finding resources and the functions of the catalogue,
 * following references (across stacks too), IAM statements and patterns, TLS denials, Lambda event filters,
 * and the Task states of the state machine's definition.
 */
import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { statesOf } from '#local/state-machine';
import { functionCatalog } from '../../infra/lib/function-catalog.ts';
import type { Module7Function } from '../../infra/lib/module7-function.ts';
import type { Synthesized } from './synth.ts';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation and ASL are untyped JSON.
export type Json = any;
export type CfnTemplate = { Resources: Record<string, Json>; Outputs?: Record<string, Json> };

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Sorts JSON values by their text: for comparing lists of references whatever their order. */
export const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

export const resourcesOfType = (template: CfnTemplate, type: string) =>
  Object.entries<Json>(template.Resources).filter(([, resource]) => resource.Type === type);

/** The logical ID of an L2 construct's CloudFormation resource in its stack's template. */
export const logicalId = (construct: IConstruct): string => {
  const stack = Stack.of(construct);
  return stack.resolve(stack.getLogicalId(construct.node.defaultChild as CfnElement)) as string;
};

/** The logical ID of a house function's Lambda function (what its ARN is read from). */
export const functionLogicalId = (fn: Module7Function): string => {
  const arn = Stack.of(fn).resolve(fn.functionArn) as { 'Fn::GetAtt': [string, string] };
  return arn['Fn::GetAtt'][0];
};

/** The logical ID and resource of the function deployed for a handler file, in the stateless stack. */
export const functionByEntry = (synth: Synthesized, entry: string): [string, Json] => {
  const spec = functionCatalog().find((candidate) => candidate.entry === entry);
  const fn = synth.deployment.stateless.functions.get(spec?.id ?? '');
  if (!fn) throw new Error(`No function for ${entry}`);
  const id = functionLogicalId(fn);
  return [id, (synth.json[synth.deployment.stateless.stackName] as CfnTemplate).Resources[id]];
};

/**
 * The resources (`Stack/LogicalId`) a CloudFormation value refers to, through `Ref`, `Fn::GetAtt`, joins,
 * and cross-stack `Fn::ImportValue` followed to the exporting stack's output.
 */
export const referencedResources = (
  value: unknown,
  stack: string,
  templates: Record<string, CfnTemplate>,
): Set<string> => {
  const found = new Set<string>();
  const visit = (node: unknown, inStack: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, inStack);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const object = node as Record<string, unknown>;
    const resources = templates[inStack]?.Resources ?? {};
    if (typeof object['Ref'] === 'string') {
      if (object['Ref'] in resources) found.add(`${inStack}/${object['Ref']}`);
      return;
    }
    const getAtt = object['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
      found.add(`${inStack}/${getAtt[0]}`);
      return;
    }
    const imported = object['Fn::ImportValue'];
    if (typeof imported === 'string') {
      for (const [name, template] of Object.entries(templates)) {
        for (const output of Object.values(template.Outputs ?? {})) {
          if (output.Export?.Name === imported) visit(output.Value, name);
        }
      }
      return;
    }
    for (const inner of Object.values(object)) visit(inner, inStack);
  };
  visit(value, stack);
  return found;
};

/**
 * A CloudFormation string of `stack`'s template as text: `Fn::Join`s joined, each reference written
 * `{{Stack/LogicalId}}` (`{{Stack/LogicalId.Attribute}}`, `{{AWS::Region}}`), cross-stack imports followed to
 * the exporting stack. Values built from the same resources, in any stack, read the same.
 */
export const renderText = (value: Json, stack: string, templates: Record<string, CfnTemplate>): string => {
  if (typeof value === 'string') return value;
  const join = value?.['Fn::Join'];
  if (Array.isArray(join)) {
    const [separator, parts] = join as [string, Json[]];
    return parts.map((part) => renderText(part, stack, templates)).join(separator);
  }
  if (typeof value?.Ref === 'string') {
    return value.Ref.startsWith('AWS::') ? `{{${value.Ref}}}` : `{{${stack}/${value.Ref}}}`;
  }
  const getAtt = value?.['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `{{${stack}/${getAtt[0]}.${getAtt[1]}}}`;
  const imported = value?.['Fn::ImportValue'];
  if (typeof imported === 'string') {
    for (const [name, template] of Object.entries(templates)) {
      for (const output of Object.values(template.Outputs ?? {})) {
        if (output.Export?.Name === imported) return renderText(output.Value, name, templates);
      }
    }
  }
  throw new Error(`Cannot render ${JSON.stringify(value)}`);
};

/**
 * The resource policies (`AWS::SNS::TopicPolicy` on `Topics`, `AWS::SQS::QueuePolicy` on `Queues`) that deny
 * `action` on the resource `id` to any caller not using TLS.
 */
export const tlsDenials = (
  template: CfnTemplate,
  policyType: string,
  targets: string,
  id: string,
  action: string,
) =>
  resourcesOfType(template, policyType).filter(
    ([, policy]) =>
      policy.Properties[targets].some((target: Json) => target.Ref === id) &&
      asArray<Json>(policy.Properties.PolicyDocument.Statement).some(
        (statement) =>
          statement.Effect === 'Deny' &&
          asArray(statement.Action).includes(action) &&
          statement.Condition?.Bool?.['aws:SecureTransport'] === 'false' &&
          ['"*"', '{"AWS":"*"}'].includes(JSON.stringify(statement.Principal)),
      ),
  );

/** Every statement (Allow and Deny) of every IAM policy attached to a role of the template. */
export const allStatementsOfRole = (template: CfnTemplate, roleId: string): Json[] =>
  resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((role: Json) => role.Ref === roleId))
    .flatMap(([, policy]) => asArray(policy.Properties.PolicyDocument.Statement));

/** Allow statements of every IAM policy attached to a role of the template. */
export const statementsOfRole = (template: CfnTemplate, roleId: string): Json[] =>
  allStatementsOfRole(template, roleId).filter((statement) => statement.Effect === 'Allow');

/** A `Fn::Join` of literals and `AWS::Partition`, as CloudFormation resolves it in the `aws` partition. */
export const resolveJoin = (value: Json): string => {
  const [separator, parts] = value['Fn::Join'] as [string, Json[]];
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if (part.Ref === 'AWS::Partition') return 'aws';
      throw new Error(`Cannot resolve ${JSON.stringify(part)}`);
    })
    .join(separator);
};

/**
 * Whether an IAM resource pattern (`*` any run of characters, `?` one) matches a resource, with the partition
 * resolved to `aws`: how IAM compares a request's resource to a statement's.
 */
export const iamPatternMatches = (pattern: Json, resource: string): boolean => {
  const text = typeof pattern === 'string' ? pattern : resolveJoin(pattern);
  const glob = text
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${glob}$`).test(resource);
};

/** Whether one value of a filter's list matches a field: an exact string, or `{ prefix }`. */
const matchesValue = (expected: Json, actual: Json): boolean => {
  if (typeof expected === 'string') return expected === actual;
  const operators = Object.keys(expected ?? {});
  if (operators.length === 1 && typeof expected.prefix === 'string') {
    return typeof actual === 'string' && actual.startsWith(expected.prefix);
  }
  throw new Error(`Unknown filter ${JSON.stringify(expected)}`);
};

/**
 * Whether a Lambda event filter pattern matches an event: the subset our patterns use (nested objects ending
 * in lists of exact values and prefixes, any of which matches). An operator this does not know fails the test
 * rather than matching.
 */
export const matchesPattern = (pattern: Json, event: Json): boolean =>
  Object.entries<Json>(pattern).every(([key, expected]) => {
    const actual = event?.[key];
    if (!Array.isArray(expected)) return matchesPattern(expected, actual);
    // Every value is checked, so that an unknown operator fails even after a match.
    return expected.map((value) => matchesValue(value, actual)).includes(true);
  });

/** Every Task state of an ASL definition, in Parallel branches and Map processors too (`statesOf`). */
export const taskStates = (definition: Json): [string, Json][] =>
  statesOf(definition.States ?? {}).filter(([, state]) => state.Type === 'Task');

/** The function placeholder a Task invokes: its Resource, or a callback task's `Parameters.FunctionName`. */
export const functionOfTask = (state: Json): string =>
  state.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken'
    ? state.Parameters?.FunctionName
    : state.Resource;

/** The shortest time a Task allows: its TimeoutSeconds, or for a callback task the least escalation delay. */
export const taskTimeoutSeconds = (state: Json): number =>
  state.TimeoutSecondsPath === '$.escalationSeconds' ? 60 : state.TimeoutSeconds;
