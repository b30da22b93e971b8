// What the DA sends about a subpoenaed youth (workflows/court-support-input.ts), validated before
// anything reaches the process, and what the process answers. Tied to the workflow's types: a
// drift fails to compile.
import { z } from 'zod';
import {
  dispositions,
  hearingKinds,
  type ClaimState,
  type CourtSupportInput,
  type CourtSupportView,
  type Disposition,
  type Hearing,
  type HearingMove,
  type NewHearing,
  type StatusChange,
} from '../workflows/court-support-input';
import { agencyContact, caseNumber, isoInstant, pastInstant, ProcessId, registry, upcomingInstant, YouthRef } from './schemas';

const directoryId = (what: string) => z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, `must be ${what} (a directory id)`);

const Counsel = z
  .strictObject({
    agencyId: directoryId("the counsel's agency").optional(),
    representativeId: directoryId('the attorney at that agency').optional(),
    contact: agencyContact('the counsel of record').optional(),
  })
  .refine((c) => c.agencyId || c.contact, 'name the counsel of record: an agencyId (with a representativeId), or a contact')
  .refine((c) => !c.representativeId || c.agencyId, { path: ['representativeId'], message: 'a representativeId needs the agencyId it belongs to' })
  .openapi({
    description:
      "The youth's own counsel of record: an agency in the directory (and the attorney there), or a contact the VW consultant reaches. " +
      'Notices go to that counsel only, never to a generic public-defender role (the same office may represent the accused).',
  });

export const NewSubpoena = registry.register(
  'NewSubpoena',
  z.strictObject({
    youthRef: YouthRef,
    caseRef: caseNumber("the DA's case reference").openapi({
      description: "The DA's case reference: kept only in the encrypted process input; the process id carries a keyed hash of it.",
      example: 'DA-2026-0815',
    }),
    servedAt: pastInstant('When the subpoena was served'),
    inCustody: z.boolean().openapi({ description: 'The youth is in custody: Probation transports the youth to and from each hearing.' }),
    dependencyWard: z.boolean().openapi({ description: 'A ward of the dependency system: the social worker is told of each hearing date.' }),
    counsel: Counsel,
  }) satisfies z.ZodType<Omit<CourtSupportInput, 'county' | 'daAgencyId'>>,
);

export const SubpoenaStatus = registry.register(
  'SubpoenaStatus',
  z
    .strictObject({ inCustody: z.boolean().optional(), dependencyWard: z.boolean().optional() })
    .refine((s) => s.inCustody !== undefined || s.dependencyWard !== undefined, 'change inCustody, dependencyWard or both') satisfies z.ZodType<StatusChange>,
);

const at = upcomingInstant('When the hearing is set');

export const NewHearingBody = registry.register(
  'NewHearing',
  z.strictObject({
    kind: z.enum(hearingKinds).openapi({ description: "YOUTH_JUVENILE_HEARING: the youth's own case; the advocate accompanies, nothing else is opened." }),
    at,
  }) satisfies z.ZodType<NewHearing>,
);

export const HearingMoveBody = registry.register('HearingContinuance', z.strictObject({ at }) satisfies z.ZodType<Omit<HearingMove, 'hearingId'>>);

export const DispositionBody = registry.register('SubpoenaDisposition', z.strictObject({ disposition: z.enum(dispositions) }) satisfies z.ZodType<Disposition>);

export const SubpoenaParams = z.object({ processId: ProcessId });
export const HearingParams = z.object({ processId: ProcessId, hearingId: z.string().regex(/^h[0-9]{1,4}$/, 'must be a hearing id such as h1') });

export const HearingView = registry.register(
  'Hearing',
  z.object({
    id: z.string().openapi({ example: 'h1' }),
    kind: z.enum(hearingKinds),
    at: isoInstant(),
    status: z.enum(['SET', 'VACATED']),
    continuances: z.number().int(),
    steps: z.record(z.string(), z.string()).openapi({ description: "The hearing's current step id of each part (transport, accompaniment, safetyPlan, …)." }),
  }) satisfies z.ZodType<Hearing>,
);

const Claim = z.discriminatedUnion('state', [
  z.object({ state: z.literal('FOLLOWING') }),
  z.object({ state: z.literal('DECIDED'), decision: z.enum(['APPROVED', 'DENIED']), decidedAt: isoInstant() }),
  z.object({ state: z.literal('DECIDED_EARLIER') }).openapi({ description: 'The claim process had already ended (it ends only once decided).' }),
]) satisfies z.ZodType<ClaimState>;

export const CourtSupportViewSchema = registry.register(
  'CourtSupport',
  z.object({
    inCustody: z.boolean(),
    dependencyWard: z.boolean(),
    hearings: z.array(HearingView),
    closed: z.boolean(),
    disposition: z.string().optional(),
    claim: Claim,
  }) satisfies z.ZodType<CourtSupportView>,
);
