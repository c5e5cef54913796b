/**
 * The webhook output: generic, Slack and Alertmanager shapes ({@code WebhookFormat}, {@code WebhookPayloads}),
 * posted with bounded retries ({@code WebhookSender}); what was delivered per host is kept so that a restart neither
 * repeats nor loses a notification ({@code WebhookOutput}); Alertmanager's alerts are re-sent while the advice
 * stands ({@code AlertmanagerOutput}).
 */
package io.conntrackadvisor.sink.webhook;
