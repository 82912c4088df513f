import { describe, expect, it, vi } from 'vitest';
import type { TimelineStore } from '#domain/ports';
import type { TimelineEvent } from '#domain/timeline';
import { loggedTimeline } from '#shared/state-log';

describe('loggedTimeline', () => {
  const event: TimelineEvent = {
    activationId: 'act-1',
    at: '2026-03-10T10:05:00.000Z',
    type: 'send.uncertain',
    actor: 'system',
    audience: 'press',
    subject: 'sms#presse-1@2026-03-10T10:00:00.000Z',
    details: { recipientId: 'presse-1', to: '+33639982000', text: 'Crue du Fier' },
  };

  it('logs one info line per state change recorded, with the activation and never the details', async () => {
    const stored = new Set<string>();
    const timeline: TimelineStore = {
      append: async (appended) => {
        if (stored.has(appended.type)) return false;
        stored.add(appended.type);
        return true;
      },
      list: async () => [],
    };
    const info = vi.fn();

    const logged = loggedTimeline(timeline, { info });
    await logged.append(event);
    await logged.append(event);

    expect(info).toHaveBeenCalledTimes(1);
    expect(info).toHaveBeenCalledWith('Timeline: send.uncertain', {
      activationId: 'act-1',
      event: 'send.uncertain',
      at: '2026-03-10T10:05:00.000Z',
      actor: 'system',
      audience: 'press',
      subject: 'sms#presse-1@2026-03-10T10:00:00.000Z',
    });
    expect(JSON.stringify(info.mock.calls)).not.toMatch(/\+336|Crue/);
  });
});
