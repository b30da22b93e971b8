// MOU, Law Enforcement §2–4 and First Responder §1–2: when LE meets a youth at risk of or
// identified as CSEC, the advocacy agency is told at once; on transport to the Juvenile
// Justice Center, Probation is told the minor is CSEC and whether they took part in an
// investigation; before a custody interview, Probation is told, LE tells the youth of the right
// to an advocate, and the advocate supports the youth before, during and after it. CSEC is
// child abuse, so every contact is cross-reported to the child-welfare hotline.
//
// Accepts — Updates: acknowledgeStep, completeStep, closeStep, changeStepDeadline (the board's),
// recordInterviewEnded. Query: processState.
import { continueAsNew, patched, setHandler } from '@temporalio/workflow';
import { LE_CONTACT, type EncounterInput, type LeContactResult } from './encounter';
import { recordInterviewEnded } from './le-contact-messages';
import * as steps from './le-contact-steps';
import { refuse } from './messages';
import { StepBoard, type BoardState } from './step';
import type { Actor } from './types';

export async function leContact(input: EncounterInput, carried?: BoardState): Promise<LeContactResult> {
  const { youthRef, county, reportingAgencyId, blockedRecheckSeconds, notifyRetrySeconds, continueAsNewAfterEvents } = input;
  const board = new StepBoard(
    { obligation: LE_CONTACT, youthRef, county, initiatingAgencyId: reportingAgencyId, blockedRecheckSeconds, notifyRetrySeconds, continueAsNewAfterEvents },
    carried,
  );
  // Steps first, then handlers: an Update that came with the start is validated when its handler is set.
  // Processes started before the interview had its own steps keep their first composition.
  if (!carried) (patched('le-contact-v2') ? openSteps : openStepsV1)(board, input);
  board.listen();
  setHandler(recordInterviewEnded, ({ actor }) => (board.openNow(steps.advocateAfterInterview.kind), board.view(actor)), {
    validator: ({ actor }: { actor: Actor }) => {
      board.guard(actor);
      if (actor.agencyId !== reportingAgencyId) throw refuse('NOT_PERMITTED', 'Only the agency that reported the encounter records the interview');
      if (!board.has(steps.advocateAfterInterview.kind)) throw refuse('INVALID_REQUEST', 'This encounter has no custody interview');
    },
  });

  if ((await board.until(() => board.allClosed())) === 'continue-as-new') await continueAsNew<typeof leContact>(input, board.snapshot());
  return { encounterId: input.encounterId, steps: board.view().steps };
}

function openSteps(board: StepBoard, input: EncounterInput): void {
  const le = input.reportingAgencyId;
  if (input.encounterType === 'CUSTODY_INTERVIEW') {
    const startsAt = Date.parse(input.interview!.startsAt);
    board.open(steps.probationInterviewNotice, { dueAt: startsAt });
    board.open(steps.rightToAdvocateAdvisement(le), { dueAt: startsAt });
    board.open(steps.advocateBeforeInterview, { dueAt: startsAt });
    board.open(steps.advocateDuringInterview, { dueAt: startsAt });
    board.open(steps.advocateAfterInterview, { opensAt: Date.parse(input.interview!.endsAt) + steps.INTERVIEW_END_MARGIN_SECONDS * 1000 });
  } else {
    board.open(steps.advocateResponse);
  }
  if (input.encounterType === 'JJC_TRANSPORT') board.open(steps.probationJjcNotice(input.participatedInInvestigation));
  board.open(steps.childAbusePhoneReport(le));
  board.open(steps.childAbuseWrittenReport(le));
}

function openStepsV1(board: StepBoard, input: EncounterInput): void {
  board.open(steps.advocateResponse);
  if (input.encounterType === 'JJC_TRANSPORT') board.open(steps.probationJjcNotice(input.participatedInInvestigation));
  if (input.encounterType === 'CUSTODY_INTERVIEW') {
    board.open(steps.probationInterviewNotice);
    board.open(steps.advocateInterviewSupportV1);
  }
}
