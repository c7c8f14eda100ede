export type { SchedulerBackend, SchedulerBackendListener, ExecutorInfo } from './scheduler/scheduler-backend.js';
