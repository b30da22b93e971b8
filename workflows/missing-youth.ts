// MOU Probation §8, LE §5. A youth who disappears is back with the exploiter within hours. One
// episode per youth: the case holder (the DPO of a probation ward, otherwise SSA's social worker)
// verifies; once the youth is confirmed missing, the reports to LE and NCMEC, the parent (unless a
// suspected exploiter), LE's help in locating (and that of the LE agency that first identified the youth), the advocate and (for a dependent) SSA are owed at
// once. Only for a probation ward, and only if the youth is still missing after a grace window
// (or at once if the DPO says so), a warrant request is drafted and Probation's supervisor asked
// to approve and submit it: a warrant must never turn a victim into an arrestee. Located, the
// missing steps end and recovery opens: the warrant's recall (if one was drafted), the advocate,
// a health check and a debrief that records an outcome only.
//
// Accepts — Updates: reportMissing (the first comes with the start), recordLocated, and the
// board's acknowledgeStep, completeStep, closeStep, changeStepDeadline. Query: processState.
import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { refuse } from './messages';
import { MISSING_YOUTH, type From, type Located, type MissingReport, type MissingYouthInput, type MissingYouthResult } from './missing-youth-input';
import { recordLocated, reportMissing } from './missing-youth-messages';
import * as steps from './missing-youth-steps';
import { StepBoard, type BoardState } from './step';

const { timerPolicy, draftWarrantRequest, identifyingLeAgency } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

/** Every report the episode holds: who reported what, never more. */
type ReportRecord = Pick<MissingReport, 'reportId' | 'agencyId' | 'source' | 'lastSeenAt'>;

/** Everything a continued run needs; the watchers below resume from it. */
export interface MissingYouthState {
  board: BoardState;
  reports: ReportRecord[];
  parentSuspectedExploiter: boolean;
  confirmedAt?: number;
  warrantNow?: boolean;
  warrantRequestId?: string;
  falseAlarm: boolean;
  located?: Located;
}

const record = ({ reportId, agencyId, source, lastSeenAt }: MissingReport): ReportRecord => ({ reportId, agencyId, source, lastSeenAt });

export async function missingYouth(input: MissingYouthInput, carried?: MissingYouthState): Promise<MissingYouthResult> {
  const { youthRef, county, report: first, blockedRecheckSeconds, notifyRetrySeconds, continueAsNewAfterEvents } = input;
  const status = first.legalStatus;
  const board = new StepBoard(
    { obligation: MISSING_YOUTH, youthRef, county, initiatingAgencyId: first.agencyId, blockedRecheckSeconds, notifyRetrySeconds, continueAsNewAfterEvents },
    carried?.board,
  );
  const state: MissingYouthState = carried ?? {
    board: { steps: [] },
    reports: [record(first)],
    parentSuspectedExploiter: first.parentSuspectedExploiter,
    falseAlarm: false,
  };
  /** The warrant draft is in flight: a located report waits for it, so its recall is not missed. */
  let drafting = false;

  // Steps first, then handlers: the report that came with the start is validated when its handler is set.
  if (!carried) board.open(steps.verify(status));
  board.listen();

  const over = () => state.falseAlarm || state.located !== undefined;
  const ended = () => over() && board.allClosed();

  setHandler(reportMissing, (r) => attach(r), {
    validator: (r: From<MissingReport>) => {
      if (r.actor.county !== county) throw refuse('NOT_PERMITTED', "Another county's agency may not report to this episode");
      if (ended()) throw refuse('PROCESS_ENDED', 'The episode has ended');
      if (over() && !state.reports.some((x) => x.reportId === r.reportId)) throw refuse('WRONG_STATE', 'The youth of this episode was found');
    },
  });
  setHandler(recordLocated, (l) => locate(l), {
    validator: (l: From<Located>) => {
      board.guard(l.actor);
      if (l.actor.admin) throw refuse('NOT_PERMITTED', "Administrators' keys report nothing");
      if (ended() || state.falseAlarm) throw refuse('PROCESS_ENDED', 'The episode has ended');
      if (state.located) throw refuse('WRONG_STATE', 'The youth was already reported located');
    },
  });

  /** A second report joins the episode: recorded, and nothing is opened or sent again. */
  async function attach(r: MissingReport) {
    if (!state.reports.some((x) => x.reportId === r.reportId)) state.reports.push(record(r));
    board.addReporter(r.agencyId);
    if (r.parentSuspectedExploiter && !state.parentSuspectedExploiter) {
      state.parentSuspectedExploiter = true;
      await board.withdraw(steps.parentNotice(status).kind, 'the parent is a suspected exploiter');
    }
    return { attached: r.reportId !== first.reportId, reports: state.reports.length };
  }

  async function locate(l: Located) {
    state.located = { locatedAt: l.locatedAt, whereNow: l.whereNow };
    await condition(() => !drafting);
    const withdrawnSteps = await board.withdrawKinds(steps.missingKinds, 'the youth was located');
    const openedSteps = [
      ...(state.warrantRequestId ? [board.open(steps.warrantRecall(state.warrantRequestId))] : []),
      board.open(steps.advocatePostReturn),
      board.open(steps.healthCheckReferral),
      board.open(steps.debrief(status)),
    ];
    return { withdrawnSteps, openedSteps };
  }

  /** The verify step's outcome decides: a false alarm ends everything, anything else confirms. */
  async function watchVerify(): Promise<void> {
    const verify = () => board.view().steps.find((s) => s.kind === 'verify-missing');
    await condition(() => over() || ['COMPLETED', 'CLOSED_BY_COORDINATOR'].includes(verify()?.status ?? ''));
    if (over()) return;
    const { outcome } = verify()!;
    if (outcome === steps.verifyOutcomes.FALSE_ALARM) {
      state.falseAlarm = true;
      await board.withdrawKinds(steps.missingKinds, 'a false alarm');
      return;
    }
    state.confirmedAt = Date.now();
    state.warrantNow = outcome === steps.verifyOutcomes.CONFIRMED_WARRANT_NOW;
    board.open(steps.reportToLe(status));
    // The policy may shorten the NCMEC report, never stretch it past the law's 24 hours.
    board.open(steps.reportToNcmec(status), { dueAt: state.confirmedAt + steps.NCMEC_MAX_SECONDS * 1000 });
    if (!state.parentSuspectedExploiter) board.open(steps.parentNotice(status));
    board.open(steps.leAssist);
    board.open(steps.advocateInformed);
    if (status.kind === 'DEPENDENT') board.open(steps.ssaNotice);
    // The LE agency that first identified the youth helps too, when it is not the county's (LE §5).
    const identifying = await identifyingLeAgency(youthRef, county);
    if (identifying && !over()) board.open(steps.identifyingLeAssist(identifying));
  }

  /** Probation wards only: after the grace window (policy), one draft per episode, then the supervisor's step. */
  async function watchWarrant(): Promise<void> {
    if (status.kind !== 'PROBATION_WARD' || state.warrantRequestId) return;
    await condition(() => over() || state.confirmedAt !== undefined);
    if (over()) return;
    if (!state.warrantNow) {
      const grace = await timerPolicy(MISSING_YOUTH, steps.WARRANT_GRACE_POLICY, steps.warrantGraceDefaults);
      const remaining = state.confirmedAt! + grace.acknowledgeWithinSeconds * 1000 - Date.now();
      if (remaining > 0) await condition(over, remaining);
      if (over()) return;
    }
    const { workflowId, firstExecutionRunId } = workflowInfo();
    drafting = true;
    try {
      // The first run's id: the same draft across continue-as-new, a new one for a new episode.
      state.warrantRequestId = await draftWarrantRequest({ episodeKey: `${workflowId}:${firstExecutionRunId}`, workflowId, youthRef, county });
    } finally {
      drafting = false;
    }
    if (!over()) board.open(steps.warrantRequest(state.warrantRequestId));
  }

  if (state.confirmedAt === undefined) void watchVerify();
  void watchWarrant();

  if ((await board.until(ended)) === 'continue-as-new') await continueAsNew<typeof missingYouth>(input, { ...state, board: board.snapshot() });
  return { falseAlarm: state.falseAlarm, located: state.located, warrantRequestId: state.warrantRequestId, reports: state.reports.length };
}
