/**
 * The local stack's stand-in for the hourly schedule: a sweep at start (every time zone, for its
 * own today: the machine was likely off at 06:00), then one each hour on the hour, sweeping the
 * zones where it is 06:xx, as EventBridge Scheduler does in AWS. Runs never overlap; a failed run
 * is reported and the next hour's goes ahead (a sweep re-run raises nothing twice).
 */

import {
  makeSweep,
  SweepIncompleteError,
  type SweepOptions,
  type SweepReport,
} from '../../shared/deadlines/sweep.ts';
import type { SweepDeps } from '../../shared/deadlines/sweep-items.ts';
import { sweptTimeZones } from '../../shared/deadlines/sweep-rules.ts';
import { structureNames, sweepSummary } from './sweep-summary.ts';

const hourMs = 3_600_000;

export interface SweepTimer {
  /** Cancels the next run and waits for the one under way. */
  stop(): Promise<void>;
}

export function startSweepTimer(
  deps: SweepDeps,
  log: (line: string) => void = (line) => console.log(line),
  /** What follows a sweep (the day's e-mail digest of the zones it swept). */
  afterSweep: (report: SweepReport) => Promise<void> = async () => undefined,
): SweepTimer {
  const sweep = makeSweep(deps);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running = Promise.resolve();

  const print = async (report: SweepReport, always: boolean) => {
    const acted =
      report.alertsRaised + report.alertsEscalated + report.alertsResolved + report.itemsFailed;
    if (!always && acted === 0) return;
    for (const line of sweepSummary(report, await structureNames(deps, report))) log(line);
  };

  const run = (options: SweepOptions, always: boolean) => {
    running = running.then(async () => {
      try {
        const report = await sweep(options);
        await print(report, always);
        await afterSweep(report);
      } catch (error: unknown) {
        if (error instanceof SweepIncompleteError) await print(error.report, true);
        log(
          `Le balayage des échéances a échoué : ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
  };

  const scheduleNext = () => {
    if (stopped) return;
    const slot = Math.floor(Date.now() / hourMs) * hourMs + hourMs;
    timer = setTimeout(() => {
      // The hour it was meant for, whatever the timer's lateness.
      run({ at: new Date(slot).toISOString() }, false);
      scheduleNext();
    }, slot - Date.now());
  };

  run({ timeZones: sweptTimeZones() }, true);
  scheduleNext();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
