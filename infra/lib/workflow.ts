/**
 * The activation workflow: the state machine of the same ASL file the local runtime runs, its placeholders
 * bound to the task functions, with its log group and its permission to invoke them.
 */
import { readFileSync } from 'node:fs';
import { Arn, ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { ASL_FILE, type TaskFunctionSpec } from './function-catalog.ts';
import type { CatalogFunction } from './module7-function.ts';

/** How cdk-nag writes a resolved value in a finding: `<AWS::Region>` for a pseudo parameter, JSON for the rest. */
const nagText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(nagText).join(join[0]);
  const ref = (value as { Ref?: string }).Ref;
  if (ref?.startsWith('AWS::')) return `<${ref}>`;
  return JSON.stringify(value);
};

export interface WorkflowProps {
  /** One function per placeholder of the ASL file. */
  tasks: readonly CatalogFunction<TaskFunctionSpec>[];
}

/**
 * A standard state machine, logging every event with its data and traced. Like the other parts of the
 * stateless stack, it adds its resources to the scope it is given (`Workflow`, `WorkflowLogs`): see
 * `StatelessStack`.
 */
export class Workflow {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, { tasks }: WorkflowProps) {
    this.logGroup = new logs.LogGroup(scope, 'WorkflowLogs', { retention: logs.RetentionDays.ONE_YEAR });
    this.stateMachine = new sfn.StateMachine(scope, 'Workflow', {
      definitionBody: sfn.DefinitionBody.fromString(readFileSync(ASL_FILE, 'utf8')),
      definitionSubstitutions: Object.fromEntries(
        tasks.map(({ spec, fn }) => [spec.placeholder, fn.functionArn]),
      ),
      stateMachineType: sfn.StateMachineType.STANDARD,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    // The ASL invokes the functions by their unqualified ARN: no version or alias wildcard is needed.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: tasks.map(({ fn }) => fn.functionArn),
      }),
    );
    // The Distributed Maps (`…AtScale`, above 50 batches) run each batch as a child execution of this state
    // machine. In a policy of its own, as CDK's DistributedMap does, so that the state machine does not depend on
    // a policy that names it.
    const distributedMaps = new iam.Policy(this.stateMachine, 'DistributedMapPolicy');
    this.stateMachine.role.attachInlinePolicy(distributedMaps);
    this.stateMachine.grantStartExecution(distributedMaps);
    this.stateMachine.grantExecution(distributedMaps, 'states:DescribeExecution', 'states:StopExecution');
    const executions = `${Arn.split(this.stateMachine.stateMachineArn, ArnFormat.COLON_RESOURCE_NAME).resourceName}:*`;
    const executionsArn = Stack.of(scope).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: executions,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    Validations.of(distributedMaps).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagText(Stack.of(scope).resolve(executionsArn))}]`,
      reason:
        'The child executions of the Distributed Maps are named by Step Functions: DescribeExecution and ' +
        "StopExecution are granted on this state machine's executions only (execution:<name>:*).",
    });
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Added by CDK for logging ALL and X-Ray tracing: logs:CreateLogDelivery, GetLogDelivery, ' +
        'UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, ' +
        'DescribeLogGroups and xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, ' +
        'GetSamplingTargets support no resource-level permission (AWS requires Resource "*").',
    });
  }
}
