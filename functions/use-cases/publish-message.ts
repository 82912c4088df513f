/**
 * Publish a follow-up message (an update, the numéro unique, the fin d'alerte): what every author shares.
 * Input: the activation and the message. Output: the message stored, and whether this call stored it.
 * Main course: record `message.posted` (the timeline says who posted what before anything is sent), then
 * store the message once under its id: its insert starts the execution that sends it to each audience.
 * A replay finds both already written and writes nothing.
 */
import type { Activation } from '#domain/activation';
import { CRISIS_NUMBER_MESSAGE_ID, type FollowUp } from '#domain/follow-ups';
import { countSms, frameSms } from '#domain/messages';
import type { Ports } from '#domain/ports';

export const publishMessage = async (
  activation: Pick<Activation, 'id' | 'mode' | 'acceptedAt' | 'executionName'>,
  message: Omit<FollowUp, 'activationId' | 'acceptedAt' | 'executionName'>,
  deps: Pick<Ports, 'store' | 'timeline'>,
): Promise<{ created: boolean; message: FollowUp }> => {
  const { encoding, parts } = countSms(frameSms(message.message.sms, activation.mode));
  await deps.timeline.append({
    activationId: activation.id,
    at: message.postedAt,
    type: 'message.posted',
    actor: message.postedBy,
    subject: message.id,
    details: {
      messageId: message.id,
      kind: message.kind,
      audiences: message.audiences,
      smsParts: parts,
      encoding,
    },
  });
  return deps.store.postMessage({
    ...message,
    activationId: activation.id,
    acceptedAt: activation.acceptedAt,
    executionName: activation.executionName,
  });
};

/** The numéro unique once it is published (the CIP is operational and its number went out), else undefined. */
export const publishedCrisisNumber = async (
  activationId: string,
  deps: Pick<Ports, 'store'>,
): Promise<string | undefined> => {
  if (!(await deps.store.getMessage(activationId, CRISIS_NUMBER_MESSAGE_ID))) return undefined;
  return (await deps.store.getCipOrder(activationId))?.crisisNumber;
};
