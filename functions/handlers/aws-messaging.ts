/** The SNS part of the composition root: what the tasks that send messages need, on real time. */
import { SNSClient } from '@aws-sdk/client-sns';
import { snsMessenger } from '#adapters/sns-messenger';
import { required } from '#shared/config';
import { once } from '#shared/once';
import type { MessagingDeps } from '#use-cases/workflow-deps';
import { awsRoot, systemClock } from './aws-root.ts';

export const awsMessaging = once(
  (): MessagingDeps => ({
    store: awsRoot.store(),
    timeline: awsRoot.timeline(),
    directory: awsRoot.directory(),
    ledger: awsRoot.ledger(),
    messenger: snsMessenger({
      client: new SNSClient({}),
      senderId: awsRoot.config().SMS_SENDER_ID,
      topics: {
        officials: required(awsRoot.config().TOPIC_OFFICIALS_ARN, 'TOPIC_OFFICIALS_ARN'),
        press: required(awsRoot.config().TOPIC_PRESS_ARN, 'TOPIC_PRESS_ARN'),
        publicLine: required(awsRoot.config().TOPIC_PUBLIC_LINE_ARN, 'TOPIC_PUBLIC_LINE_ARN'),
      },
    }),
    clock: systemClock,
  }),
);
