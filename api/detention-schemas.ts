// What Probation and the DA send about a detained youth (workflows/detention-input.ts), validated
// before anything reaches the process. Tied to the workflow's types: a drift fails to compile.
import { z } from 'zod';
import {
  communicationChannels,
  correspondents,
  releaseDestinations,
  type CommunicationFlag,
  type DetentionEvent,
  type DetentionInput,
  type Release,
  type ReleasePlan,
} from '../workflows/detention-input';
import { agencyContact, caseNumber, pastInstant, plannedInstant, registry, YouthRef } from './schemas';

export const NewDetention = registry.register(
  'NewDetention',
  z.strictObject({
    youthRef: YouthRef,
    bookingRef: caseNumber("Probation's booking number").openapi({ example: 'B-2026-0042' }),
    bookedAt: pastInstant('When the youth was booked'),
    dependencyWard: z.boolean().openapi({ description: 'A ward of the dependency (child-welfare) system: SSA takes part in a hand-off.' }),
  }) satisfies z.ZodType<Pick<DetentionInput, 'youthRef' | 'bookingRef' | 'bookedAt' | 'dependencyWard'>>,
);

const EventId = caseNumber('your own id for this event').openapi({
  description: 'Your own id for this event (e.g. a UUID): sending it again gets the same answer and changes nothing.',
  example: '7f3c9a52-1b2e-4c1d-9a0e-2f7b8c6d5e41',
});

export const InformationRequest = registry.register('InformationRequest', z.strictObject({ eventId: EventId }) satisfies z.ZodType<DetentionEvent>);

export const CommunicationFlagBody = registry.register(
  'CommunicationFlag',
  z.strictObject({
    eventId: EventId,
    channel: z.enum(communicationChannels),
    correspondent: z.enum(correspondents).openapi({
      description:
        'With whom the mail or call was. ATTORNEY and COURT are privileged (Title 15 §1375): the API refuses them with 400 PRIVILEGED_COMMUNICATION.',
    }),
    observedAt: pastInstant('When detention staff observed it'),
    evidenceRef: caseNumber("the detention staff's evidence reference").openapi({ example: 'EV-2026-0117' }),
    reasonableCause: z.string().trim().min(1).max(500).openapi({ description: 'Why staff screened it (the reasonable cause).' }),
    note: z.string().trim().min(1).max(280).optional().openapi({ description: 'Short and non-identifying: no names, no content of the communication.' }),
  }) satisfies z.ZodType<CommunicationFlag>,
);

const ReceivingAgency = agencyContact('the receiving agency').openapi({
  description: 'OUT_OF_COUNTY_AGENCY only, and required there: the agency in the home county that receives the youth (agency details, never the youth’s).',
});

/** An out-of-county release needs the receiving agency, each field named when missing; other releases have none. */
function receivingAgencyRule(e: { destination: string; receivingAgency?: unknown }, ctx: z.RefinementCtx): void {
  const outOfCounty = e.destination === 'OUT_OF_COUNTY_AGENCY';
  if (outOfCounty && !e.receivingAgency) {
    for (const field of ReceivingAgency.keyof().options) {
      ctx.addIssue({ code: 'custom', path: ['receivingAgency', field], message: `required for an out-of-county release: the receiving agency's ${field}` });
    }
  }
  if (!outOfCounty && e.receivingAgency)
    ctx.addIssue({ code: 'custom', path: ['receivingAgency'], message: 'only an OUT_OF_COUNTY_AGENCY release names a receiving agency' });
}

const destination = z.enum(releaseDestinations);

export const ReleasePlanBody = registry.register(
  'ReleasePlan',
  z
    .strictObject({
      eventId: EventId,
      expectedAt: plannedInstant('When the release is expected'),
      destination,
      receivingAgency: ReceivingAgency.optional(),
    })
    .superRefine(receivingAgencyRule) satisfies z.ZodType<ReleasePlan>,
);

export const ReleaseBody = registry.register(
  'Release',
  z
    .strictObject({
      eventId: EventId,
      releasedAt: pastInstant('When the youth was released'),
      destination,
      receivingAgency: ReceivingAgency.optional(),
    })
    .superRefine(receivingAgencyRule) satisfies z.ZodType<Release>,
);
