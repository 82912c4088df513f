/**
 * The cabinet's actions after the first page, on in-memory ports: the prefect's order of the CIP, a follow-up
 * message, the end of the alert; and what each refuses.
 */
import { describe, expect, it } from 'vitest';
import type { FactualMessage } from '#domain/activation';
import { CRISIS_NUMBER_MESSAGE_ID } from '#domain/follow-ups';
import type { TimelineEvent } from '#domain/timeline';
import { fakePorts } from '#tests/helpers/fakes';
import { anActivation, recordInformed } from '#tests/helpers/fixtures';
import { announceCrisisNumber } from '#use-cases/announce-crisis-number';
import { closeActivation } from '#use-cases/close-activation';
import { orderCip } from '#use-cases/order-cip';
import { messageIdFor, postMessage } from '#use-cases/post-message';

const CIP = { crisisNumber: '01 99 00 74 74' };
const UPDATE: FactualMessage = {
  sms: 'Point de situation : décrue amorcée.',
  email: { subject: 'Point de situation', body: 'La décrue est amorcée.' },
};

const setUp = () => {
  const activation = anActivation();
  const ports = fakePorts({ activations: [activation] });
  const of = async (type: TimelineEvent['type']) =>
    (await ports.timeline.list(activation.id)).filter((event) => event.type === type);
  return { activation, ports, of };
};

describe('orderCip', () => {
  it('records the order once, on the activation’s clock, with the target and quorum that judge M7-4', async () => {
    const { activation, ports, of } = setUp();
    ports.clock.set('2026-03-10T10:12:00.000Z');

    const first = await orderCip({ activationId: activation.id }, { actor: 'demo-prefect' }, ports, CIP);
    ports.clock.set('2026-03-10T10:20:00.000Z');
    const again = await orderCip({ activationId: activation.id }, { actor: 'other' }, ports, {
      ...CIP,
      quorum: 5,
    });

    expect(first).toMatchObject({
      created: true,
      order: {
        orderedAt: '2026-03-10T10:12:00.000Z',
        orderedBy: 'demo-prefect',
        quorum: 2,
        targetSeconds: 3_600,
      },
    });
    expect(again).toEqual({ created: false, order: first.order });
    expect(await of('cip.ordered')).toMatchObject([
      { at: '2026-03-10T10:12:00.000Z', actor: 'demo-prefect', details: { quorum: 2, targetSeconds: 3_600 } },
    ]);
  });

  it('completes an order whose request stopped after the event, keeping the instant recorded first', async () => {
    const { activation, ports } = setUp();
    await ports.timeline.append({
      activationId: activation.id,
      at: '2026-03-10T10:12:00.000Z',
      type: 'cip.ordered',
      actor: 'demo-prefect',
      details: { targetSeconds: 1_800, quorum: 3, crisisNumber: '01 99 00 00 01' },
    });
    ports.clock.set('2026-03-10T10:14:00.000Z');

    const { order } = await orderCip({ activationId: activation.id }, { actor: 'demo-prefect' }, ports, CIP);

    expect(order).toMatchObject({
      orderedAt: '2026-03-10T10:12:00.000Z',
      targetSeconds: 1_800,
      quorum: 3,
      crisisNumber: '01 99 00 00 01',
    });
  });

  it('refuses an unknown activation and one whose alert ended', async () => {
    const { activation, ports } = setUp();
    await expect(orderCip({ activationId: 'act-unknown' }, { actor: 'p' }, ports, CIP)).rejects.toMatchObject(
      {
        name: 'NotFoundError',
      },
    );
    await closeActivation({ activationId: activation.id }, { actor: 'demo-prefect' }, ports);
    await expect(orderCip({ activationId: activation.id }, { actor: 'p' }, ports, CIP)).rejects.toMatchObject(
      {
        name: 'ActivationClosedError',
      },
    );
    expect(await ports.store.getCipOrder(activation.id)).toBeUndefined();
  });
});

describe('postMessage', () => {
  const post = (ports: ReturnType<typeof fakePorts>, activationId: string, key: string, message = UPDATE) =>
    postMessage(
      { activationId, request: { audiences: ['press', 'press', 'officials'], message } },
      { idempotencyKey: key, actor: 'demo-comms' },
      ports,
    );

  it('stores one message per caller and key, its audiences once, posted on the timeline', async () => {
    const { activation, ports, of } = setUp();

    const first = await post(ports, activation.id, 'point-1');
    const replay = await post(ports, activation.id, 'point-1');

    expect(first.created).toBe(true);
    expect(first.result).toMatchObject({
      id: messageIdFor('demo-comms', 'point-1'),
      kind: 'update',
      audiences: ['press', 'officials'],
      sms: { encoding: 'GSM-7', parts: 1 },
    });
    expect(replay).toEqual({ created: false, result: first.result });
    expect(await ports.store.listMessages(activation.id)).toHaveLength(1);
    expect(await of('message.posted')).toMatchObject([
      {
        actor: 'demo-comms',
        subject: first.result.id,
        details: { kind: 'update', audiences: ['press', 'officials'] },
      },
    ]);
  });

  it('refuses the same key with another message (409), a message too long once framed (400), and after the end', async () => {
    const { activation, ports } = setUp();
    await post(ports, activation.id, 'point-1');

    await expect(
      post(ports, activation.id, 'point-1', { ...UPDATE, sms: 'Autre texte.' }),
    ).rejects.toMatchObject({ name: 'IdempotencyConflictError' });
    await expect(
      post(ports, activation.id, 'point-2', { ...UPDATE, sms: 'ê'.repeat(400) }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      issues: [{ field: 'message.sms' }],
    });
    await closeActivation({ activationId: activation.id }, { actor: 'demo-prefect' }, ports);
    await expect(post(ports, activation.id, 'point-3')).rejects.toMatchObject({
      name: 'ActivationClosedError',
    });
    // A replay of a message posted before the end still answers it.
    expect((await post(ports, activation.id, 'point-1')).created).toBe(false);
  });

  it('appends the numéro unique once it is published', async () => {
    const { activation, ports } = setUp();
    await orderCip({ activationId: activation.id }, { actor: 'demo-prefect' }, ports, CIP);
    const before = await post(ports, activation.id, 'before');
    await ports.timeline.append({
      activationId: activation.id,
      at: '2026-03-10T10:20:00.000Z',
      type: 'cell.operational',
      actor: 'cip-1',
      subject: 'cip',
      details: { cell: 'cip' },
    });
    await announceCrisisNumber({ activationId: activation.id }, ports);
    const after = await post(ports, activation.id, 'after');

    const sms = async (id: string) => (await ports.store.getMessage(activation.id, id))?.message.sms;
    expect(await sms(before.result.id)).not.toContain('01 99 00 74 74');
    expect(await sms(after.result.id)).toContain('Numéro unique d’information du public : 01 99 00 74 74');
    expect(await ports.store.getMessage(activation.id, CRISIS_NUMBER_MESSAGE_ID)).toMatchObject({
      kind: 'crisis-number',
      audiences: ['publicLine'],
      postedBy: 'system',
    });
  });
});

describe('closeActivation', () => {
  it('answers the pages still waiting, sends the fin d’alerte to the audiences informed, and judges at the close', async () => {
    const { activation, ports, of } = setUp();
    await recordInformed(ports, activation.id, 'officials', '2026-03-10T10:10:00.000Z');
    await ports.pages.waitFor(activation.id, 'communication', 'token-communication');
    await ports.pages.waitFor(activation.id, 'cip', 'token-cip');
    ports.engine.ended.add('token-cip');
    ports.clock.set('2026-03-10T10:30:00.000Z');

    const { created, closure } = await closeActivation(
      { activationId: activation.id },
      { actor: 'demo-prefect' },
      ports,
    );

    expect(created).toBe(true);
    expect(closure).toMatchObject({
      closedAt: '2026-03-10T10:30:00.000Z',
      closedBy: 'demo-prefect',
      endMessage: { id: 'msg-end', audiences: ['officials'] },
    });
    // The communication page was waiting: answered with the error its Catch takes; the CIP's wait had ended.
    expect(ports.engine.answers).toEqual([
      { taskToken: 'token-communication', error: 'ActivationClosedError' },
    ]);
    expect(closure.verdicts.map((verdict) => [verdict.commitment, verdict.audience, verdict.status])).toEqual(
      [
        ['M7-1', undefined, 'missed'],
        ['M7-2', 'officials', 'met'],
        ['M7-2', 'press', 'missed'],
        ['M7-2', 'publicLine', 'missed'],
      ],
    );
    expect(closure.verdicts[0]).toMatchObject({ closedBeforeDue: true, marginSeconds: 1_800 });
    expect((await ports.store.getMessage(activation.id, 'msg-end'))?.message.sms).toContain('Fin d’alerte');
    expect((await ports.store.get(activation.id))?.status).toBe('closed');
    expect(await of('activation.closed')).toHaveLength(1);
  });

  it('closing again changes nothing: the first instant, author and message stay', async () => {
    const { activation, ports, of } = setUp();
    await recordInformed(ports, activation.id, 'press', '2026-03-10T10:10:00.000Z');
    ports.clock.set('2026-03-10T10:30:00.000Z');
    const first = await closeActivation(
      { activationId: activation.id, message: UPDATE },
      { actor: 'demo-prefect' },
      ports,
    );
    ports.clock.set('2026-03-10T10:40:00.000Z');
    const again = await closeActivation({ activationId: activation.id }, { actor: 'other' }, ports);

    expect(again.created).toBe(false);
    expect(again.closure).toMatchObject({ closedAt: first.closure.closedAt, closedBy: 'demo-prefect' });
    expect((await ports.store.getMessage(activation.id, 'msg-end'))?.message).toEqual(UPDATE);
    expect(await of('activation.closed')).toHaveLength(1);
    expect(await of('message.posted')).toHaveLength(1);
  });

  it('sends no fin d’alerte when nobody was informed yet', async () => {
    const { activation, ports } = setUp();
    const { closure } = await closeActivation(
      { activationId: activation.id },
      { actor: 'demo-prefect' },
      ports,
    );
    expect(closure.endMessage).toBeNull();
    expect(await ports.store.listMessages(activation.id)).toEqual([]);
  });
});
