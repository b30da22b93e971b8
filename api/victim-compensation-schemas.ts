// The youth's victim-of-crime claim (workflows/victim-compensation-input.ts), validated before
// anything reaches the process. Tied to the workflow's types: a drift fails to compile.
import { z } from 'zod';
import { claimStatuses, recordableStatuses, type ClaimView, type OpenClaimAnswer, type StatusChange } from '../workflows/victim-compensation-input';
import { claimOpeners, type ClaimDecision } from '../workflows/victim-compensation-link';
import { isoInstant, pastInstant, registry, YouthRef } from './schemas';

export const NewClaim = registry.register('NewVictimCompensationClaim', z.strictObject({ youthRef: YouthRef }) satisfies z.ZodType<{ youthRef: string }>);

export const StatusChangeBody = registry.register(
  'VictimCompensationStatusChange',
  z.strictObject({
    status: z.enum(recordableStatuses).openapi({
      description:
        'FILED → APPROVED | DENIED; a first DENIED → APPEALED (within 45 days of its notice) → APPROVED | DENIED (final). Any other jump is refused.',
    }),
    at: pastInstant('When the filing was made or the notice of the decision or appeal was given'),
  }) satisfies z.ZodType<StatusChange>,
);

const Decision = z.object({
  decision: z.enum(['APPROVED', 'DENIED']),
  decidedAt: isoInstant().openapi({ description: 'When the decision became final: its notice, or the end of an unused appeal window.' }),
}) satisfies z.ZodType<ClaimDecision>;

export const ClaimViewSchema = registry.register(
  'VictimCompensationClaim',
  z.object({
    youthRef: YouthRef,
    status: z.enum(claimStatuses),
    history: z.array(z.object({ status: z.enum(recordableStatuses), at: isoInstant(), agencyId: z.string() })),
    appealBy: isoInstant().optional().openapi({ description: 'While a first denial can be appealed: the end of its 45-day window.' }),
    decision: Decision.optional().openapi({ description: 'Once nothing more can happen to the claim; followers are told.' }),
    openedBy: z.enum(claimOpeners),
  }) satisfies z.ZodType<ClaimView>,
);

export const OpenClaimAnswerSchema = registry.register(
  'VictimCompensationOpened',
  z.object({
    processId: z.string().openapi({ example: 'victim-compensation/Y-7K3M9Q2XHT-7' }),
    started: z.boolean().openapi({ description: 'True when this request started the process; false when it joined the open one.' }),
    claim: ClaimViewSchema,
  }) satisfies z.ZodType<OpenClaimAnswer & { processId: string }>,
);
