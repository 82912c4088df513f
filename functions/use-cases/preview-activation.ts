/**
 * Preview an activation before it is sent: what the duty officer confirms.
 * Input: the area, the mode and the message as the form has them. Output: the communes the area covers, how
 * many people of each audience would be reached (the same selection as the dispatch), and the SMS as counted
 * once framed. Changes nothing.
 */
import { type Area, AUDIENCES, type Audience, type Mode } from '#domain/activation';
import { recipientsFor } from '#domain/directory';
import { type Department, resolveArea } from '#domain/geography';
import { countSms, frameSms, type SmsCount } from '#domain/messages';
import type { Ports } from '#domain/ports';

export interface ActivationPreview {
  communes: number;
  recipients: Record<Audience, number>;
  sms: SmsCount;
}

export const previewActivation = async (
  request: { area: Area; mode: Mode; sms: string },
  deps: Pick<Ports, 'directory'> & { department: Department },
): Promise<ActivationPreview> => {
  const communes = resolveArea(request.area, deps.department);
  const counts = await Promise.all(
    AUDIENCES.map(
      async (audience) =>
        [audience, recipientsFor(await deps.directory.list(audience), communes).length] as const,
    ),
  );
  return {
    communes: communes.length,
    recipients: Object.fromEntries(counts) as Record<Audience, number>,
    sms: countSms(frameSms(request.sms, request.mode)),
  };
};
