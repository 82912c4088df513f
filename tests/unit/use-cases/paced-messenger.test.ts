/**
 * The paced messenger on simulated time: SMS parts leave at the account's rate, shared by concurrent senders;
 * a throttling refusal is retried in place after a jittered backoff; any other refusal goes through.
 */
import { describe, expect, it } from 'vitest';
import { TransientDeliveryError } from '#domain/errors';
import type { EmailMessage, Messenger, SmsMessage } from '#domain/ports';
import { pacedMessenger, tokenBucket } from '#use-cases/paced-messenger';

/** Simulated time: sleeping moves it forward at once. */
const simulatedClock = () => {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
};

const sms = (id: string, parts = 1): SmsMessage => ({
  activationId: 'act-1',
  audience: 'officials',
  communes: ['74010'],
  recipient: { id, audience: 'officials', name: id, phone: '+33639980001' },
  text: 'Crue du Fier.',
  encoding: 'GSM-7',
  parts,
  sentAt: '2026-03-10T10:05:00.000Z',
});

/** A provider that records when each SMS reached it (simulated milliseconds). */
const recordingProvider = (
  clock: { now: () => number },
  refuse: (attempt: number) => Error | undefined = () => undefined,
) => {
  const sent: { id: string; at: number }[] = [];
  let attempts = 0;
  const provider: Messenger = {
    async sendSms(message) {
      attempts += 1;
      const refusal = refuse(attempts);
      if (refusal) throw refusal;
      sent.push({ id: message.recipient.id, at: clock.now() });
      return { messageId: `m-${attempts}` };
    },
    async sendEmail(_message: EmailMessage) {
      attempts += 1;
      const refusal = refuse(attempts);
      if (refusal) throw refusal;
      return { messageId: `e-${attempts}` };
    },
  };
  return { provider, sent, attempts: () => attempts };
};

describe('the token bucket', () => {
  it('gives a second of burst, then the rate', async () => {
    const clock = simulatedClock();
    const bucket = tokenBucket(10, clock);
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      await bucket.take(1);
      times.push(clock.now());
    }
    expect(times.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(times.at(-1)).toBe(1_500);
  });
});

describe('pacedMessenger', () => {
  it('sends 30 one-part SMS from 16 concurrent senders at 10 a second: a burst of 10, then one every 100 ms', async () => {
    const clock = simulatedClock();
    const { provider, sent } = recordingProvider(clock);
    const paced = pacedMessenger(provider, { partsPerSecond: 10, ...clock });

    const ids = Array.from({ length: 30 }, (_, index) => `r${index}`);
    const queue = [...ids];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) await paced.sendSms(sms(id));
      }),
    );

    expect(sent.map((send) => send.id).sort()).toEqual([...ids].sort());
    // The ideal is (30 − 10) / 10 s after the burst: 2,000 ms; never faster than the account allows.
    expect(Math.max(...sent.map((send) => send.at))).toBe(2_000);
    for (const { at } of sent) {
      expect(sent.filter((other) => other.at >= at && other.at < at + 1_000).length).toBeLessThanOrEqual(20);
    }
  });

  it('counts parts, not messages: ten three-part SMS take three seconds of the rate, less the burst', async () => {
    const clock = simulatedClock();
    const { provider, sent } = recordingProvider(clock);
    const paced = pacedMessenger(provider, { partsPerSecond: 10, ...clock });

    for (let i = 0; i < 10; i++) await paced.sendSms(sms(`r${i}`, 3));

    expect(sent).toHaveLength(10);
    expect(sent.at(-1)?.at).toBe(2_000);
  });

  it('retries a throttled SMS in place after a jittered, growing backoff, and the task never sees it', async () => {
    const clock = simulatedClock();
    const throttled = new TransientDeliveryError('SNS refused for a passing reason');
    const { provider, sent, attempts } = recordingProvider(clock, (attempt) =>
      attempt <= 3 ? throttled : undefined,
    );
    const paced = pacedMessenger(provider, {
      partsPerSecond: 10,
      ...clock,
      random: () => 0.5,
      baseBackoffMs: 200,
    });

    await expect(paced.sendSms(sms('r1'))).resolves.toEqual({ messageId: 'm-4' });

    expect(attempts()).toBe(4);
    expect(sent).toHaveLength(1);
    // Half of 200, 400, 800 ms: full jitter under a doubling ceiling.
    expect(clock.sleeps.filter((ms) => ms === 100 || ms === 200 || ms === 400)).toEqual([100, 200, 400]);
  });

  it('gives up after its retries, for the state machine’s own retry', async () => {
    const clock = simulatedClock();
    const { provider, attempts } = recordingProvider(clock, () => new TransientDeliveryError('throttled'));
    const paced = pacedMessenger(provider, { partsPerSecond: 10, ...clock, throttleRetries: 3 });

    await expect(paced.sendEmail({} as EmailMessage)).rejects.toBeInstanceOf(TransientDeliveryError);
    expect(attempts()).toBe(4);
  });

  it('does not retry a refusal that time will not mend', async () => {
    const clock = simulatedClock();
    const invalid = Object.assign(new Error('Invalid parameter: PhoneNumber'), {
      name: 'InvalidParameterException',
    });
    const { provider, attempts } = recordingProvider(clock, () => invalid);
    const paced = pacedMessenger(provider, { partsPerSecond: 10, ...clock });

    await expect(paced.sendSms(sms('r1'))).rejects.toBe(invalid);
    expect(attempts()).toBe(1);
  });
});
