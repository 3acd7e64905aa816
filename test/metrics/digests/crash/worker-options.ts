/**
 * pg-boss settings shared by the crash/bench worker and the process that seeds its jobs: a job's
 * expiry is fixed when it is inserted, so both must agree or a killed send waits out the default.
 */
export const WORKER_JOB_OPTIONS = {
  sendExpireSeconds: 3,
  maintenanceIntervalSeconds: 1,
  retryDelaySeconds: 1,
};
