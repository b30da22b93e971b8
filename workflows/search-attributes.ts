// Search attributes coordinators filter on in the Temporal UI. Opaque values only.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const YouthRef = defineSearchAttributeKey('CsecYouthRef', SearchAttributeType.KEYWORD);
export const Obligation = defineSearchAttributeKey('CsecObligation', SearchAttributeType.KEYWORD);
export const County = defineSearchAttributeKey('CsecCounty', SearchAttributeType.KEYWORD);
export const OwingAgency = defineSearchAttributeKey('CsecOwingAgency', SearchAttributeType.KEYWORD_LIST);
export const Overdue = defineSearchAttributeKey('CsecOverdue', SearchAttributeType.BOOL);
export const EscalationLevel = defineSearchAttributeKey('CsecEscalationLevel', SearchAttributeType.INT);
export const NextDeadline = defineSearchAttributeKey('CsecNextDeadline', SearchAttributeType.DATETIME);
/** A step waits on the directory (no designated agency, nobody on any level). */
export const Blocked = defineSearchAttributeKey('CsecBlocked', SearchAttributeType.BOOL);

export const allSearchAttributes = [YouthRef, Obligation, County, OwingAgency, Overdue, EscalationLevel, NextDeadline, Blocked];

/**
 * The agencies taking part in a process, for need-to-know checks (common/youth-processes.ts):
 * CsecParty once it is defined above and listed in allSearchAttributes, else the owing agencies.
 */
export const PartyAgencies = (allSearchAttributes.find((a) => a.name === 'CsecParty') ?? OwingAgency) as typeof OwingAgency;
