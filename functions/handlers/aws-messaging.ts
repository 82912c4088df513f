/**
 * The messaging part of the composition root: what the tasks that send messages need, on real time, with one
 * Messenger made of SMS on SNS and the e-mail sender the task is given (SES for DispatchAudience, from
 * `aws-email.ts`; none for CheckInforming), so that only the function that sends e-mail bundles the SES client.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { snsSmsMessenger } from '#adapters/sns-sms-messenger';
import type { Messenger, Ports } from '#domain/ports';
import { once } from '#shared/once';
import { DEFAULT_PARTS_PER_SECOND, pacedMessenger, REAL_TIME } from '#use-cases/paced-messenger';
import { awsRoot, systemClock } from './aws-root.ts';

const sms = once(() => snsSmsMessenger({ client: new SNSClient({}), senderId: awsRoot.config().senderId }));

/** The e-mail sender of a function that sends SMS only (CheckInforming): sending it an e-mail fails loudly. */
export const noEmail: Pick<Messenger, 'sendEmail'> = {
  sendEmail: () => Promise.reject(new Error('This function sends SMS only: it has no e-mail sender')),
};

export const awsMessaging = (
  email: Pick<Messenger, 'sendEmail'>,
): Pick<Ports, 'store' | 'timeline' | 'directory' | 'ledger' | 'messenger' | 'pacedAt' | 'clock'> => ({
  store: awsRoot.store(),
  timeline: awsRoot.timeline(),
  directory: awsRoot.directory(),
  ledger: awsRoot.ledger(),
  messenger: pacedMessenger(
    { ...sms(), ...email },
    { partsPerSecond: awsRoot.config().smsPartsPerSecond ?? DEFAULT_PARTS_PER_SECOND, ...REAL_TIME },
  ),
  // A batch paces at its audience's share of the account's rate, which its plan gives it.
  pacedAt: (partsPerSecond) => pacedMessenger({ ...sms(), ...email }, { partsPerSecond, ...REAL_TIME }),
  clock: systemClock,
});
