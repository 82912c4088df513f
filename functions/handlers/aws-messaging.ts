/** The SNS part of the composition root: what the tasks that send messages need, on real time. */
import { SNSClient } from '@aws-sdk/client-sns';
import { snsMessenger } from '#adapters/sns-messenger';
import type { Ports } from '#domain/ports';
import { once } from '#shared/once';
import { awsRoot, systemClock } from './aws-root.ts';

export const awsMessaging = once(
  (): Pick<Ports, 'store' | 'timeline' | 'directory' | 'ledger' | 'messenger' | 'clock'> => ({
    store: awsRoot.store(),
    timeline: awsRoot.timeline(),
    directory: awsRoot.directory(),
    ledger: awsRoot.ledger(),
    messenger: snsMessenger({
      client: new SNSClient({}),
      senderId: awsRoot.config().senderId,
      // A function that only sends SMS (CheckInforming) has no topic: sending it an e-mail fails loudly.
      topics: awsRoot.config().topics,
    }),
    clock: systemClock,
  }),
);
