// The dispatch loop's limits, each with the measurement that set it.
/** Most notified tasks kept waiting for room (the poll finds the others). */
export const MAX_WAITING = 10_000;
/**
 * Waiting tasks read again per run reported ended: twice the room it freed, for those a poll
 * claimed meanwhile. Reading the whole queue at each ended run cost 43 realtime gets per task
 * in a 2,000-task burst through the schedule route (bench, push route).
 */
export const WAITING_READ_PER_ENDED_RUN = 2;
/**
 * How long due tasks a poll found but could not place are kept, in ms, to be claimed as room
 * frees without searching again: a search before each claim was a third of the time from a run
 * ending to the next push in a backlog. Kept only as long as the index refresh interval would
 * leave a search just as old; a candidate that changed meanwhile fails its fenced claim.
 */
export const READY_MAX_AGE_MS = 1000;
/**
 * Claim writes under way at once: a claim goes out as soon as room frees, without waiting for
 * the one before it to be answered. Each placed task counts against its node's room from its
 * placement (InFlightTracker.claiming), which the poll running beside the notified tasks needs
 * too. On its own it moved neither throughput nor latency in the bench (stop 22).
 */
export const MAX_CLAIMS_IN_FLIGHT = 4;
