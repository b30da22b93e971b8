// Request and response schemas of the youth registry (api/youth*.ts).
import { z } from 'zod';
import { consentCategories } from '../common/consent';
import type { AgencyType } from '../workflows/types';
import { registry, upcomingInstant, YouthRef } from './schemas';

const MAX_AGE_YEARS = 30;
const namepart = z.string().trim().min(1).max(100);
const partnerTypes = ['LE', 'PROBATION', 'DA', 'PD', 'SSA', 'HEALTH'] as const satisfies readonly AgencyType[];

const DateOfBirth = z.iso
  .date('must be a date, YYYY-MM-DD')
  .refine(
    (d) => Date.parse(d) <= Date.now() && Number(d.slice(0, 4)) >= new Date().getUTCFullYear() - MAX_AGE_YEARS,
    'must be a plausible date of birth of a youth',
  )
  .openapi({ description: 'As the youth or their papers give it (possibly false); or give estimatedAge instead.' });

export const NewConsent = registry.register(
  'NewConsent',
  z
    .strictObject({
      consentedBy: z.enum(['YOUTH', 'PARENT']).openapi({ description: 'The youth, or a parent who is not a suspected exploiter.' }),
      parentNotSuspectedExploiter: z
        .boolean()
        .optional()
        .openapi({ description: "With PARENT, required and true: the advocate's attestation that the parent is not a suspected exploiter." }),
      categories: z.array(z.enum(consentCategories)).min(1).max(consentCategories.length),
      agencyTypes: z.array(z.enum(partnerTypes)).min(1).max(partnerTypes.length).openapi({ description: 'The agency types the information may reach.' }),
      validUntil: upcomingInstant('Consent is time-limited: when it ends'),
      documentRef: z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be the id of the written consent in your records (1–64 letters, digits, dots, underscores, dashes)')
        .openapi({ description: "The id of the signed consent document in the advocacy agency's records; never its content." }),
    })
    .refine((c) => c.consentedBy !== 'PARENT' || c.parentNotSuspectedExploiter === true, {
      path: ['parentNotSuspectedExploiter'],
      message: "a parent's consent needs the attestation that the parent is not a suspected exploiter",
    }),
);

export const NewYouth = registry.register(
  'NewYouth',
  z
    .strictObject({
      name: z.strictObject({ given: namepart, family: namepart }).optional(),
      dateOfBirth: DateOfBirth.optional(),
      estimatedAge: z.number().int().min(5).max(MAX_AGE_YEARS).optional().openapi({ description: 'Years, when the date of birth is unknown or doubtful.' }),
      aliases: z.array(namepart).max(10).optional(),
      consent: NewConsent.optional().openapi({ description: 'Advocacy agencies: the written consent under which they register identifying details.' }),
      pseudonymous: z
        .literal(true)
        .optional()
        .openapi({ description: 'Advocacy agencies without consent: a reference with no identifying details, which only they can resolve.' }),
    })
    .superRefine((y, ctx) => {
      if (y.pseudonymous) {
        for (const key of ['name', 'dateOfBirth', 'estimatedAge', 'aliases', 'consent'] as const)
          if (y[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'a pseudonymous registration holds no details' });
        return;
      }
      if (!y.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'is required (or pseudonymous: true, for advocacy without consent)' });
      if ((y.dateOfBirth === undefined) === (y.estimatedAge === undefined))
        ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'give either dateOfBirth or estimatedAge' });
    }),
);

export const YouthRegistered = registry.register(
  'YouthRegistered',
  z.object({
    youthRef: z.string(),
    possibleDuplicateOf: z
      .string()
      .optional()
      .openapi({ description: 'LE, Probation and SSA only: an earlier registration (or its survivor) with the same name and birth year, to check and merge.' }),
  }),
);

export const YouthIdentity = registry.register(
  'YouthIdentity',
  z.object({
    youthRef: z.string(),
    mergedInto: z.string().nullable().openapi({ description: 'The registration this one is merged into, if any.' }),
    pseudonymous: z.boolean(),
    name: z.object({ given: z.string(), family: z.string() }).optional(),
    dateOfBirth: z.string().optional(),
    estimatedAge: z.number().int().optional(),
    aliases: z.array(z.string()).optional(),
    recordedAt: z.string().optional(),
  }),
);

export const ConsentView = registry.register(
  'Consent',
  z.object({
    id: z.string(),
    youthRef: z.string(),
    consentedBy: z.enum(['YOUTH', 'PARENT']),
    categories: z.array(z.string()),
    agencyTypes: z.array(z.string()),
    validUntil: z.string(),
    revokedAt: z.string().nullable(),
    documentRef: z.string(),
  }),
);

const reason = z.string().trim().min(1, 'must say why').max(500).openapi({ description: 'Why (no names or other identifying details).' });
export const MergeBody = registry.register('YouthMerge', z.strictObject({ into: YouthRef, reason }));
export const UnmergeBody = registry.register('YouthUnmerge', z.strictObject({ reason }));
export const MergeAnswer = registry.register('YouthMerged', z.object({ youthRef: z.string(), mergedInto: z.string().nullable() }));

export const ConsentParams = z.object({ youthRef: YouthRef, consentId: z.uuid() });
