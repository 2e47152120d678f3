import {
  createServiceFactory,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { SWEEP_TASK_ID } from '../sweep/Sweeper';

/** A notification service that keeps what it is asked to send; `fail` makes sends throw. */
export function capturingNotifications() {
  const sent: NotificationSendOptions[] = [];
  const state = { fail: false };
  const factory = createServiceFactory({
    service: notificationService,
    deps: {},
    factory: () => ({
      async send(options: NotificationSendOptions) {
        if (state.fail) throw new Error('notifications backend unavailable');
        sent.push(options);
      },
    }),
  });
  return { sent, state, factory };
}

type Task = SchedulerServiceTaskScheduleDefinition &
  SchedulerServiceTaskInvocationDefinition;

/** A scheduler that runs a task only when the test says so. */
export function manualScheduler() {
  const tasks = new Map<string, Task>();
  const mock = mockServices.scheduler.mock({
    scheduleTask: jest.fn(async (task: Task) => {
      tasks.set(task.id, task);
    }),
  });
  return {
    tasks,
    factory: mock.factory,
    /** Runs the sweep once, to completion. */
    async sweep(signal: AbortSignal = new AbortController().signal) {
      const task = tasks.get(SWEEP_TASK_ID);
      if (!task) throw new Error('the sweep was not scheduled');
      await task.fn(signal);
    },
  };
}
