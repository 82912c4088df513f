/**
 * Logs that tell the story of each activation: every state change is a timeline event, so a timeline that
 * logs each event it records (once, at info level) gives one line per state change on both runtimes. The
 * line carries the activation id, the event's type, audience and subject (contact ids at most), never a
 * phone number, an address or a message text.
 */
import type { TimelineStore } from '#domain/ports';
import { logger } from './powertools.ts';

export const loggedTimeline = (
  timeline: TimelineStore,
  log: Pick<typeof logger, 'info'> = logger,
): TimelineStore => ({
  ...timeline,
  async append(event) {
    const appended = await timeline.append(event);
    if (appended) {
      log.info(`Timeline: ${event.type}`, {
        activationId: event.activationId,
        event: event.type,
        at: event.at,
        actor: event.actor,
        ...(event.audience ? { audience: event.audience } : {}),
        ...(event.subject ? { subject: event.subject } : {}),
      });
    }
    return appended;
  },
});
