/**
 * Sizes the API holds input to. The server's schemas enforce them, and browser code reads the same
 * numbers (a composer's `maxlength`) without carrying a validator, so a limit is changed in one place.
 */
export const LIMITS = {
  /** Characters of a message or note body. */
  body: 10_000,
  /** Characters of a reason given for an assignment, transfer, close or media removal. */
  reason: 500,
  /** Characters of a name or username. */
  name: 100,
  pageSize: 100,
  defaultPageSize: 50,
  /** Events per page of `GET /api/agent/events`: a catch-up after a long absence comes in bounded pieces. */
  eventsPageSize: 1_000,
  defaultEventsPageSize: 200,
} as const;
