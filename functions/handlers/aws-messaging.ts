/** The SNS part of the composition root: what the tasks that send messages need, on real time. */
import { SNSClient } from '@aws-sdk/client-sns';
import { snsMessenger } from '#adapters/sns-messenger';
import { once } from '#shared/once';
import type { MessagingDeps } from '#use-cases/workflow-deps';
import { awsRoot, systemClock } from './aws-root.ts';

const optional = <K extends string>(key: K, value: string | undefined) =>
  value === undefined ? {} : ({ [key]: value } as Record<K, string>);

export const awsMessaging = once(
  (): MessagingDeps => ({
    store: awsRoot.store(),
    timeline: awsRoot.timeline(),
    directory: awsRoot.directory(),
    ledger: awsRoot.ledger(),
    messenger: snsMessenger({
      client: new SNSClient({}),
      senderId: awsRoot.config().SMS_SENDER_ID,
      // A function that only sends SMS (CheckInforming) has no topic: sending it an e-mail fails loudly.
      topics: {
        ...optional('officials', awsRoot.config().TOPIC_OFFICIALS_ARN),
        ...optional('press', awsRoot.config().TOPIC_PRESS_ARN),
        ...optional('publicLine', awsRoot.config().TOPIC_PUBLIC_LINE_ARN),
      },
    }),
    clock: systemClock,
  }),
);
