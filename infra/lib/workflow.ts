/**
 * The activation workflow: the state machine of the same ASL file the local runtime runs, its placeholders
 * bound to the task functions, with its log group and its permission to invoke them.
 */
import { readFileSync } from 'node:fs';
import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { ASL_FILE, type TaskFunctionSpec } from './function-catalog.ts';
import type { CatalogFunction } from './module7-function.ts';

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
