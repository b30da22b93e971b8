// What agencies report about a missing youth (workflows/missing-youth-input.ts), validated before
// anything reaches the episode. Tied to the workflow's types: a drift fails to compile.
import { z } from 'zod';
import { missingSources, whereNow, type Located, type LocatedAnswer, type MissingReport, type ReportAnswer } from '../workflows/missing-youth-input';
import { pastInstant, registry, YouthRef } from './schemas';

const LegalStatus = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('PROBATION_WARD'), onGps: z.boolean().openapi({ description: 'The youth wears a GPS monitor.' }) }),
    z.strictObject({ kind: z.literal('DEPENDENT') }),
    z.strictObject({ kind: z.literal('NEITHER') }),
  ])
  .openapi({
    description:
      'Decides who holds the case (the DPO of a probation ward, otherwise SSA) and whether a warrant may be requested: only for a probation ward, never for a youth without that status.',
  });

export const NewMissingReport = registry.register(
  'NewMissingReport',
  z.strictObject({
    youthRef: YouthRef,
    source: z.enum(missingSources).openapi({ description: 'Who noticed: a GPS alert, the DPO, LE, the placement (reported through SSA) or the family.' }),
    lastSeenAt: pastInstant('When the youth was last seen'),
    legalStatus: LegalStatus,
    parentSuspectedExploiter: z
      .boolean()
      .default(false)
      .openapi({ description: 'The parent or guardian is a suspected exploiter: they are not told (WIC 16501.35).' }),
  }) satisfies z.ZodType<Omit<MissingReport, 'reportId' | 'agencyId'> & { youthRef: string }>,
);

export const LocatedBody = registry.register(
  'MissingYouthLocated',
  z.strictObject({
    locatedAt: pastInstant('When the youth was located'),
    whereNow: z.enum(whereNow).openapi({ description: 'Where the youth is now; recorded only: nothing books the youth anywhere.' }),
  }) satisfies z.ZodType<Located>,
);

export const MissingReportAnswer = registry.register(
  'MissingReportAnswer',
  z.object({
    processId: z.string().openapi({ example: 'missing-youth/Y-7K3M9Q2XHT-7' }),
    attached: z.boolean().openapi({ description: 'True when an episode was already open: the report joined it and started nothing new.' }),
    reports: z.number().int().openapi({ description: 'Reports the episode holds, this one included.' }),
  }) satisfies z.ZodType<ReportAnswer & { processId: string }>,
);

export const LocatedAnswerView = registry.register(
  'MissingYouthLocatedAnswer',
  z.object({
    withdrawnSteps: z.array(z.string()).openapi({ description: 'The missing-phase steps the report ended.' }),
    openedSteps: z.array(z.string()).openapi({ description: 'The recovery steps it opened.' }),
  }) satisfies z.ZodType<LocatedAnswer>,
);
