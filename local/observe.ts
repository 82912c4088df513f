/**
 * Instrumentation of the embedded runtime for the benchmarks (`bench/`): what would be a billed invocation on
 * AWS, reported as it ends. Each wrapper returns what it is given, untouched, when its hook is absent, so an
 * unobserved runtime runs exactly the same code at no cost. Hooks are called synchronously and never change
 * an outcome: a hook that throws is a bug of the caller's.
 */
import { performance } from 'node:perf_hooks';
import type { TimelineStore } from '#domain/ports';
import type { TimelineEvent } from '#domain/timeline';
import type { LocalRoute } from './server.ts';
import type { TaskTable } from './state-machine.ts';
import type { StreamConsumer } from './stream.ts';

export interface RuntimeObserver {
  /**
   * A Task state's handler ended (a Lambda invocation on AWS): the state's name, how long the handler ran
   * (a callback task's handler only, not its wait for the token) and whether it threw.
   */
  task?: (state: string, milliseconds: number, failed: boolean) => void;
  /** An HTTP route's handler answered (a Lambda invocation behind API Gateway on AWS). */
  request?: (route: string, milliseconds: number) => void;
  /** The table stream's consumer handled a record (the StartWorkflow invocation on AWS). */
  streamConsumer?: (milliseconds: number) => void;
  /** A timeline event was recorded (not a replay the store refused). */
  timelineEvent?: (event: TimelineEvent) => void;
}

/** Runs `work`, then reports its duration and whether it threw. */
const timed = async <T>(work: () => Promise<T>, report: (milliseconds: number, failed: boolean) => void) => {
  const started = performance.now();
  try {
    const result = await work();
    report(performance.now() - started, false);
    return result;
  } catch (error) {
    report(performance.now() - started, true);
    throw error;
  }
};

export const observeTasks = (tasks: TaskTable, hook: RuntimeObserver['task']): TaskTable =>
  hook
    ? (clock, signal) =>
        Object.fromEntries(
          Object.entries(tasks(clock, signal)).map(([state, handler]) => [
            state,
            (input) =>
              timed(
                () => handler(input),
                (milliseconds, failed) => hook(state, milliseconds, failed),
              ),
          ]),
        )
    : tasks;

export const observeRoutes = (routes: LocalRoute[], hook: RuntimeObserver['request']): LocalRoute[] =>
  hook
    ? routes.map((route) => ({
        ...route,
        handler: (event, context) =>
          timed(
            () => route.handler(event, context),
            (milliseconds) => hook(route.name, milliseconds),
          ),
      }))
    : routes;

export const observeConsumer = (
  consumer: StreamConsumer,
  hook: RuntimeObserver['streamConsumer'],
): StreamConsumer =>
  hook
    ? (event, context) =>
        timed(
          () => consumer(event, context),
          (milliseconds) => hook(milliseconds),
        )
    : consumer;

export const observeTimeline = (
  timeline: TimelineStore,
  hook: RuntimeObserver['timelineEvent'],
): TimelineStore =>
  hook
    ? {
        ...timeline,
        async append(event) {
          const appended = await timeline.append(event);
          if (appended) hook(event);
          return appended;
        },
      }
    : timeline;
