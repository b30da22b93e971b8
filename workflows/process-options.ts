// Knobs every obligation's input may carry; the API sets none, so production uses the defaults.
export interface ProcessOptions {
  /** How often a step blocked on the directory retries its look-up (default 300 s). */
  blockedRecheckSeconds?: number;
  /** How often a notification that failed is tried again while its step is open (default 300 s). */
  notifyRetrySeconds?: number;
  /** Continue-as-new at this history length even before Temporal suggests it (tests force it). */
  continueAsNewAfterEvents?: number;
}
