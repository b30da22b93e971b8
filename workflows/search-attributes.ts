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

/** Every agency the process is visible to by name (need to know): the reporting agency and each step's chain. */
export const Party = defineSearchAttributeKey('CsecParty', SearchAttributeType.KEYWORD_LIST);

/** The agencies with an active part: the reporting agency and each step's assignee (not those only on a chain). */
export const ActiveParty = defineSearchAttributeKey('CsecActiveParty', SearchAttributeType.KEYWORD_LIST);

export const allSearchAttributes = [YouthRef, Obligation, County, OwingAgency, Overdue, EscalationLevel, NextDeadline, Blocked, Party, ActiveParty];
