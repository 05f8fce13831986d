/** Runs each function's timer trigger from its config.json (7-field cron, UTC+8), as CloudBase does. */
import { Cron } from 'croner';
import type { Log } from '../../server/ctx';
import { FUNCTIONS, functionConfig } from './functions';
import type { LocalRuntime } from './runtime';

export interface Schedule {
  fn: string;
  trigger: string;
  cron: string;
  next(): Date | null;
}

export function scheduleTimers(runtime: LocalRuntime, log: Log): { schedules: Schedule[]; stop(): void } {
  const jobs: Cron[] = [];
  const schedules: Schedule[] = [];
  for (const [name, fn] of FUNCTIONS) {
    if (fn.kind !== 'timer') continue;
    for (const trigger of functionConfig(name).triggers ?? []) {
      const job = new Cron(trigger.config, { mode: '7-part', timezone: 'Asia/Shanghai', protect: true, unref: true }, async () => {
        const result = await runtime.runTimer(name);
        if (!result.ok) log.error('timer failed', { fn: name, error: result.error.message });
      });
      jobs.push(job);
      schedules.push({ fn: name, trigger: trigger.name, cron: trigger.config, next: () => job.nextRun() });
    }
  }
  return { schedules, stop: () => jobs.forEach((j) => j.stop()) };
}
