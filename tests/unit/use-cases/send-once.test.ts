import { describe, expect, it } from 'vitest';
import { FAILURE_REASON_LENGTH, failureReason } from '#domain/delivery';
import { PermanentDeliveryError, TransientDeliveryError } from '#domain/errors';
import { fakePorts } from '#tests/helpers/fakes';
import { sendOnce } from '#use-cases/send-once';

describe('sendOnce', () => {
  const message = {
    activationId: 'act-send-once',
    messageKey: 'sms#maire-74281',
    audience: 'officials' as const,
    recipientId: 'maire-74281',
  };
  /** A send that counts its calls and answers what `outcome` says. */
  const counted = (outcome: () => Promise<{ messageId: string }>) => {
    const send = async () => {
      send.calls += 1;
      return outcome();
    };
    send.calls = 0;
    return send;
  };

  it('records a refusal for good as the message’s end, with its reason, and answers failed', async () => {
    const ports = fakePorts({ now: '2026-03-10T10:05:00.000Z' });
    const send = counted(async () => {
      throw new PermanentDeliveryError('Numéro refusé par SNS (InvalidParameterException)');
    });

    const outcome = await sendOnce(ports, message, send);

    expect(outcome).toBe('failed');
    expect(ports.ledger.entry(message.activationId, message.messageKey)).toEqual({
      status: 'failed',
      claimedAt: '2026-03-10T10:05:00.000Z',
      reason: 'Numéro refusé par SNS (InvalidParameterException)',
      failedAt: '2026-03-10T10:05:00.000Z',
    });
    expect(await ports.timeline.list(message.activationId)).toEqual([]);
  });

  it('answers already-failed for a message refused earlier, without trying it again, however late', async () => {
    const ports = fakePorts();
    await sendOnce(ports, message, async () => {
      throw new PermanentDeliveryError('Refusé');
    });
    ports.clock.advance(24 * 3_600);
    const send = counted(async () => ({ messageId: 'm-1' }));

    expect(await sendOnce(ports, message, send)).toBe('already-failed');
    expect(send.calls).toBe(0);
  });

  it('still releases a send refused for a passing reason, and throws, so that the retry makes it', async () => {
    const ports = fakePorts();
    const throttled = new TransientDeliveryError('SNS refused for a passing reason');

    await expect(
      sendOnce(ports, message, async () => {
        throw throttled;
      }),
    ).rejects.toBe(throttled);

    expect(ports.ledger.entry(message.activationId, message.messageKey)).toBeUndefined();
    expect(await sendOnce(ports, message, async () => ({ messageId: 'm-1' }))).toBe('sent');
  });

  it('records no number nor address that a messenger’s reason would hold', async () => {
    const ports = fakePorts();

    await sendOnce(ports, message, async () => {
      throw new PermanentDeliveryError(
        'Invalid parameter: PhoneNumber Reason: +33 6 39 98 02 45 is not valid; maire@thonon.example.fr',
      );
    });

    expect(ports.ledger.entry(message.activationId, message.messageKey)?.reason).toBe(
      'Invalid parameter: PhoneNumber Reason: [numéro] is not valid; [adresse]',
    );
  });
});

describe('failureReason', () => {
  it('masks numbers in every way people write them, and addresses', () => {
    expect(failureReason('+33639980245, 06 39 98 02 45, 06.39.98.02.45 and (+33) 6-39-98-02-45')).toBe(
      '[numéro], [numéro], [numéro] and ([numéro]',
    );
    expect(failureReason('Illegal address <Maire.Thonon+crise@mairie-thonon.fr>')).toBe(
      'Illegal address <[adresse]>',
    );
  });

  it('keeps a generic reason as it is, on one line, and the error names in it', () => {
    expect(failureReason('  Numéro refusé par SNS\n (InvalidParameterException) ')).toBe(
      'Numéro refusé par SNS (InvalidParameterException)',
    );
    expect(failureReason('Code 400 at 10:05')).toBe('Code 400 at 10:05');
  });

  it(`keeps at most ${FAILURE_REASON_LENGTH} characters, and says something when nothing is left`, () => {
    expect(failureReason('é'.repeat(400))).toBe('é'.repeat(FAILURE_REASON_LENGTH));
    expect(failureReason('   ')).toBe('Refusé par le fournisseur');
  });
});
