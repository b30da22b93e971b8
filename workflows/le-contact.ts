// MOU, Law Enforcement §2–4 and First Responder §1–2: when LE meets a youth at risk of or
// identified as CSEC, the advocacy agency is told at once; on transport to the Juvenile
// Justice Center, Probation is told the minor is CSEC and whether they took part in an
// investigation; before a custody interview, Probation and the advocate are both told.
import { LE_CONTACT, type EncounterInput, type LeContactResult } from './encounter';
import { StepBoard, type StepDefinition } from './step';

const advocateResponse: StepDefinition = {
  id: 'advocate-response',
  title: 'Advocate provides crisis counseling and support to the youth',
  assignee: { agencyType: 'ADVOCACY', role: 'ADVOCATE' },
};

const probationJjcNotice = (participated: boolean): StepDefinition => ({
  id: 'probation-jjc-notice',
  title: 'Probation informed that a CSEC minor is being brought to the Juvenile Justice Center',
  assignee: { agencyType: 'PROBATION', role: 'DPO' },
  facts: [`Took part in a current investigation of an alleged trafficker: ${participated ? 'yes' : 'no'}`],
});

const probationInterviewNotice: StepDefinition = {
  id: 'probation-interview-notice',
  title: 'Probation informed of a follow-up interview of a CSEC minor in custody',
  assignee: { agencyType: 'PROBATION', role: 'DPO' },
};

const advocateInterviewSupport: StepDefinition = {
  id: 'advocate-interview-support',
  title: 'Advocate provides crisis counseling before and after the custody interview',
  assignee: { agencyType: 'ADVOCACY', role: 'ADVOCATE' },
};

export async function leContact(input: EncounterInput): Promise<LeContactResult> {
  const board = new StepBoard({
    obligation: LE_CONTACT,
    youthRef: input.youthRef,
    county: input.county,
    initiatingAgencyId: input.reportingAgencyId,
  });
  const steps = [board.run(advocateResponse)];
  if (input.encounterType === 'JJC_TRANSPORT') {
    steps.push(board.run(probationJjcNotice(input.participatedInInvestigation)));
  }
  if (input.encounterType === 'CUSTODY_INTERVIEW') {
    steps.push(board.run(probationInterviewNotice), board.run(advocateInterviewSupport));
  }
  const done = await Promise.all(steps);
  await board.settled();
  return { encounterId: input.encounterId, steps: done };
}
