/** What the system promises about each message it sends to a person. Pure. */

/**
 * How long a claimed send may stay unconfirmed before it is judged uncertain and resent. Longer than the
 * sending function's timeout (240 s on AWS): a claim this old belongs to an invocation that is no longer
 * running, so its send may or may not have left. For a crisis message a rare duplicate is better than a
 * silent loss; the timeline records each such resend as `send.uncertain`.
 */
export const SEND_LEASE_SECONDS = 300;
