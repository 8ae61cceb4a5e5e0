/* test-retry.c: retry modes, back-off and quota arithmetic, the adaptive rate
 * limiter, and the parsing of error responses that drives them
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"

static GError *
service_error (const char *code, guint status)
{
  return gaws_error_new_service (code, "boom", status, "req-1");
}

static void
test_defaults_per_mode (void)
{
  g_autoptr(GawsRetryStrategy) legacy = gaws_retry_strategy_new (GAWS_RETRY_MODE_UNSET, 0, "SQS");
  g_autoptr(GawsRetryStrategy) legacy_ddb = gaws_retry_strategy_new (GAWS_RETRY_MODE_LEGACY, 0, "DynamoDB");
  g_autoptr(GawsRetryStrategy) standard = gaws_retry_strategy_new (GAWS_RETRY_MODE_STANDARD, 0, "SQS");
  g_autoptr(GawsRetryStrategy) standard_ddb = gaws_retry_strategy_new (GAWS_RETRY_MODE_STANDARD, 0, "DynamoDB");
  g_autoptr(GawsRetryStrategy) explicit = gaws_retry_strategy_new (GAWS_RETRY_MODE_ADAPTIVE, 100, "SQS");

  g_assert_cmpint (gaws_retry_strategy_get_mode (legacy), ==, GAWS_RETRY_MODE_LEGACY);
  g_assert_cmpuint (gaws_retry_strategy_get_max_attempts (legacy), ==, 5);
  g_assert_cmpuint (gaws_retry_strategy_get_max_attempts (legacy_ddb), ==, 10);
  g_assert_cmpuint (gaws_retry_strategy_get_max_attempts (standard), ==, 3);
  g_assert_cmpuint (gaws_retry_strategy_get_max_attempts (standard_ddb), ==, 4);
  g_assert_cmpuint (gaws_retry_strategy_get_max_attempts (explicit), ==, 100);
  g_assert_nonnull (gaws_retry_strategy_get_rate_limiter (explicit));
  g_assert_null (gaws_retry_strategy_get_rate_limiter (standard));
}

static void
test_classify (void)
{
  g_autoptr(GawsRetryStrategy) s = gaws_retry_strategy_new (GAWS_RETRY_MODE_STANDARD, 0, NULL);
  g_autoptr(GawsRetryStrategy) legacy = gaws_retry_strategy_new (GAWS_RETRY_MODE_LEGACY, 0, NULL);
  struct { const char *code; guint status; GawsRetryKind kind; } cases[] = {
    { "ThrottlingException", 400, GAWS_RETRY_KIND_THROTTLING },
    { "ProvisionedThroughputExceededException", 400, GAWS_RETRY_KIND_THROTTLING },
    { "SlowDown", 503, GAWS_RETRY_KIND_THROTTLING },
    { "Whatever", 429, GAWS_RETRY_KIND_THROTTLING },
    { "InternalError", 500, GAWS_RETRY_KIND_TRANSIENT },
    { "ServiceUnavailable", 503, GAWS_RETRY_KIND_TRANSIENT },
    { "RequestTimeout", 400, GAWS_RETRY_KIND_TRANSIENT },
    { "ResourceNotFoundException", 400, GAWS_RETRY_KIND_NONE },
    { "AccessDenied", 403, GAWS_RETRY_KIND_NONE },
    { "BandwidthLimit", 509, GAWS_RETRY_KIND_NONE },
  };
  g_autoptr(GError) reset = g_error_new (GAWS_ERROR, GAWS_ERROR_CONNECTION, "reset");
  g_autoptr(GError) timeout = g_error_new (GAWS_ERROR, GAWS_ERROR_TIMEOUT, "timeout");
  g_autoptr(GError) cancelled = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  g_autoptr(GError) invalid = g_error_new (GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, "bad");
  g_autoptr(GError) e509 = service_error ("BandwidthLimit", 509);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) e = service_error (cases[i].code, cases[i].status);
      g_assert_cmpint (gaws_retry_strategy_classify (s, e), ==, cases[i].kind);
    }
  g_assert_cmpint (gaws_retry_strategy_classify (s, reset), ==, GAWS_RETRY_KIND_TRANSIENT);
  g_assert_cmpint (gaws_retry_strategy_classify (s, timeout), ==, GAWS_RETRY_KIND_TIMEOUT);
  g_assert_cmpint (gaws_retry_strategy_classify (s, cancelled), ==, GAWS_RETRY_KIND_NONE);
  g_assert_cmpint (gaws_retry_strategy_classify (s, invalid), ==, GAWS_RETRY_KIND_NONE);
  /* 509 is retried in the legacy mode only, as in botocore's _retry.json. */
  g_assert_cmpint (gaws_retry_strategy_classify (legacy, e509), ==, GAWS_RETRY_KIND_TRANSIENT);
}

static void
test_backoff_standard (void)
{
  g_autoptr(GawsRetryStrategy) s = gaws_retry_strategy_new (GAWS_RETRY_MODE_STANDARD, 50, NULL);

  /* rand * min(2^(n-1), 20) */
  g_assert_cmpfloat_with_epsilon (gaws_retry_strategy_compute_delay (s, 1, GAWS_RETRY_KIND_TRANSIENT, 0.5), 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (gaws_retry_strategy_compute_delay (s, 2, GAWS_RETRY_KIND_TRANSIENT, 0.5), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (gaws_retry_strategy_compute_delay (s, 4, GAWS_RETRY_KIND_THROTTLING, 0.25), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (gaws_retry_strategy_compute_delay (s, 6, GAWS_RETRY_KIND_TRANSIENT, 1.0), 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (gaws_retry_strategy_compute_delay (s, 40, GAWS_RETRY_KIND_TRANSIENT, 0.5), 10.0, 1e-9);
}

static void
test_backoff_legacy (void)
{
  g_autoptr(GawsRetryStrategy) s = gaws_retry_strategy_new (GAWS_RETRY_MODE_LEGACY, 0, NULL);
  g_autoptr(GawsRetryStrategy) ddb = gaws_retry_strategy_new (GAWS_RETRY_MODE_LEGACY, 0, "DynamoDB");

  /* rand * 2^(n-1), uncapped; DynamoDB 0.05 * 2^(n-1) */
  g_assert_cmpfloat_with_epsilon (gaws_retry_strategy_compute_delay (s, 1, GAWS_RETRY_KIND_TRANSIENT, 0.3), 0.3, 1e-9);
  g_assert_cmpfloat_with_epsilon (gaws_retry_strategy_compute_delay (s, 7, GAWS_RETRY_KIND_TRANSIENT, 0.5), 32.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (gaws_retry_strategy_compute_delay (ddb, 1, GAWS_RETRY_KIND_TRANSIENT, 0.9), 0.05, 1e-9);
  g_assert_cmpfloat_with_epsilon (gaws_retry_strategy_compute_delay (ddb, 4, GAWS_RETRY_KIND_TRANSIENT, 0.9), 0.4, 1e-9);
}

static void
test_max_attempts (void)
{
  g_autoptr(GawsRetryStrategy) s = gaws_retry_strategy_new (GAWS_RETRY_MODE_STANDARD, 3, NULL);
  g_autoptr(GError) e = service_error ("InternalError", 500);
  GawsRetryState state = { 0 };
  double delay;

  gaws_retry_strategy_before_attempt (s, &state);
  g_assert_true (gaws_retry_strategy_should_retry (s, &state, e, NULL, &delay));
  g_assert_cmpfloat (delay, >=, 0);
  g_assert_cmpfloat (delay, <, 1.0);
  gaws_retry_strategy_before_attempt (s, &state);
  g_assert_true (gaws_retry_strategy_should_retry (s, &state, e, NULL, &delay));
  g_assert_cmpfloat (delay, <, 2.0);
  gaws_retry_strategy_before_attempt (s, &state);
  g_assert_false (gaws_retry_strategy_should_retry (s, &state, e, NULL, &delay));
  g_assert_cmpuint (state.attempts, ==, 3);
}

static void
test_quota (void)
{
  g_autoptr(GawsRetryStrategy) s = gaws_retry_strategy_new (GAWS_RETRY_MODE_STANDARD, 1000, NULL);
  g_autoptr(GError) e = service_error ("InternalError", 500);
  g_autoptr(GError) timeout = g_error_new (GAWS_ERROR, GAWS_ERROR_TIMEOUT, "timeout");
  GawsRetryState state = { 0 };
  GawsRetryState fresh = { 0 };
  double delay;
  guint retries = 0;

  g_assert_cmpuint (gaws_retry_strategy_get_quota (s), ==, 500);
  gaws_retry_strategy_before_attempt (s, &state);
  g_assert_true (gaws_retry_strategy_should_retry (s, &state, timeout, NULL, &delay));
  g_assert_cmpuint (gaws_retry_strategy_get_quota (s), ==, 490);   /* timeouts cost 10 */
  gaws_retry_strategy_before_attempt (s, &state);
  g_assert_true (gaws_retry_strategy_should_retry (s, &state, e, NULL, &delay));
  g_assert_cmpuint (gaws_retry_strategy_get_quota (s), ==, 485);   /* others cost 5 */
  gaws_retry_strategy_record_success (s, &state);
  g_assert_cmpuint (gaws_retry_strategy_get_quota (s), ==, 490);   /* the last cost comes back */

  /* Drain it: 490 / 5 = 98 more retries, then none. */
  state = (GawsRetryState) { 0 };
  while (TRUE)
    {
      gaws_retry_strategy_before_attempt (s, &state);
      if (!gaws_retry_strategy_should_retry (s, &state, e, NULL, &delay))
        break;
      retries++;
    }
  g_assert_cmpuint (retries, ==, 98);
  g_assert_true (state.quota_exhausted);
  g_assert_cmpuint (gaws_retry_strategy_get_quota (s), ==, 0);

  /* A success without retries gives one unit back. */
  gaws_retry_strategy_before_attempt (s, &fresh);
  gaws_retry_strategy_record_success (s, &fresh);
  g_assert_cmpuint (gaws_retry_strategy_get_quota (s), ==, 1);
}

static void
test_legacy_has_no_quota (void)
{
  g_autoptr(GawsRetryStrategy) s = gaws_retry_strategy_new (GAWS_RETRY_MODE_LEGACY, 1000, NULL);
  g_autoptr(GError) e = service_error ("InternalError", 500);
  GawsRetryState state = { 0 };
  double delay;

  for (guint i = 0; i < 200; i++)
    {
      gaws_retry_strategy_before_attempt (s, &state);
      g_assert_true (gaws_retry_strategy_should_retry (s, &state, e, NULL, &delay));
    }
}

static void
test_retry_after_header (void)
{
  g_autoptr(GawsRetryStrategy) s = gaws_retry_strategy_new (GAWS_RETRY_MODE_STANDARD, 5, NULL);
  g_autoptr(GError) e = service_error ("ThrottlingException", 400);
  GawsRetryState state = { 0 };
  double delay;

  gaws_retry_strategy_before_attempt (s, &state);
  g_assert_true (gaws_retry_strategy_should_retry (s, &state, e, "3000", &delay));
  /* at least the hint when the hint is within 5 s of the back-off */
  g_assert_cmpfloat (delay, >=, 3.0);
  g_assert_cmpfloat (delay, <, 4.0);
  gaws_retry_strategy_before_attempt (s, &state);
  g_assert_true (gaws_retry_strategy_should_retry (s, &state, e, "60000", &delay));
  g_assert_cmpfloat (delay, <=, 7.0);   /* never more than 5 s past the back-off */
}

static void
test_rate_limiter_cubic (void)
{
  g_autoptr(GawsRateLimiter) r = gaws_rate_limiter_new ();
  double t = 1000.0;

  g_assert_false (gaws_rate_limiter_is_enabled (r));
  g_assert_cmpfloat (gaws_rate_limiter_acquire_at (r, t), ==, 0);

  /* Ten requests a second for three seconds, then a throttle. */
  for (int i = 0; i < 30; i++)
    {
      t += 0.1;
      gaws_rate_limiter_update_at (r, FALSE, t);
    }
  g_assert_cmpfloat (gaws_rate_limiter_get_measured_rate (r), >, 8.0);
  t += 0.1;
  gaws_rate_limiter_update_at (r, TRUE, t);
  g_assert_true (gaws_rate_limiter_is_enabled (r));
  /* The rate drops to beta (0.7) times what was measured. */
  g_assert_cmpfloat (gaws_rate_limiter_get_fill_rate (r), <, 0.75 * gaws_rate_limiter_get_measured_rate (r) + 0.01);
  g_assert_cmpfloat (gaws_rate_limiter_get_fill_rate (r), >, 0.65 * gaws_rate_limiter_get_measured_rate (r) - 0.01);

  /* Draining the bucket makes callers wait 1/fill_rate per token. */
  {
    double rate = gaws_rate_limiter_get_fill_rate (r);
    double waited = 0;
    for (int i = 0; i < 20; i++)
      waited = gaws_rate_limiter_acquire_at (r, t);
    g_assert_cmpfloat (waited, >, 10 / rate);
  }

  /* Successes grow the rate back along the cubic. */
  {
    double after_throttle = gaws_rate_limiter_get_fill_rate (r);
    for (int i = 0; i < 40; i++)
      {
        t += 0.1;
        gaws_rate_limiter_update_at (r, FALSE, t);
      }
    g_assert_cmpfloat (gaws_rate_limiter_get_fill_rate (r), >, after_throttle);
  }
}

static void
test_parse_json_error (void)
{
  g_autoptr(GawsHttpHeaders) headers = gaws_http_headers_new ();
  const char *body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\","
                     "\"message\":\"Requested resource not found\"}";
  g_autoptr(GError) error = NULL;

  gaws_http_headers_append (headers, "x-amzn-RequestId", "ABC123");
  error = gaws_service_error_parse (400, headers, body, strlen (body));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
  g_assert_cmpstr (gaws_error_get_code (error), ==, "ResourceNotFoundException");
  g_assert_cmpstr (gaws_error_get_message (error), ==, "Requested resource not found");
  g_assert_cmpstr (gaws_error_get_request_id (error), ==, "ABC123");
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 400);
  g_assert_true (gaws_error_matches_code (error, "ResourceNotFoundException"));
  g_assert_false (gaws_error_matches_code (error, "NoSuchKey"));
}

static void
test_parse_xml_errors (void)
{
  g_autoptr(GawsHttpHeaders) headers = gaws_http_headers_new ();
  struct { const char *body; const char *code; const char *message; const char *request_id; } cases[] = {
    { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
      "<Message>The specified key does not exist.</Message><Key>a</Key><RequestId>R1</RequestId></Error>",
      "NoSuchKey", "The specified key does not exist.", "R1" },
    { "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>"
      "<Code>NoSuchEntity</Code><Message>User x not found</Message></Error><RequestId>R2</RequestId></ErrorResponse>",
      "NoSuchEntity", "User x not found", "R2" },
    { "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>nope</Message></Error>"
      "</Errors><RequestID>R3</RequestID></Response>",
      "InvalidInstanceID.NotFound", "nope", "R3" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = gaws_service_error_parse (404, headers, cases[i].body, strlen (cases[i].body));
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_SERVICE);
      g_assert_cmpstr (gaws_error_get_code (error), ==, cases[i].code);
      g_assert_cmpstr (gaws_error_get_message (error), ==, cases[i].message);
      g_assert_cmpstr (gaws_error_get_request_id (error), ==, cases[i].request_id);
    }
}

static void
test_parse_hostile_bodies (void)
{
  g_autoptr(GawsHttpHeaders) headers = gaws_http_headers_new ();
  const char *bodies[] = { "", "{", "<", "<Error><Code>", "{\"__type\": 12}", "<<<>>>", "\xff\xfe", "null",
                           "<Error><Code></Code></Error>" };

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = gaws_service_error_parse (500, headers, bodies[i], strlen (bodies[i]));
      g_assert_error (error, GAWS_ERROR, GAWS_ERROR_HTTP);
      g_assert_cmpstr (gaws_error_get_code (error), ==, "500");
      g_assert_cmpuint (gaws_error_get_http_status (error), ==, 500);
    }
}

static void
test_parse_headers_only (void)
{
  g_autoptr(GawsHttpHeaders) headers = gaws_http_headers_new ();
  g_autoptr(GError) typed = NULL;
  g_autoptr(GError) head = NULL;
  g_autoptr(GawsHttpHeaders) query = gaws_http_headers_new ();
  g_autoptr(GError) compat = NULL;

  gaws_http_headers_append (headers, "X-Amzn-ErrorType", "ValidationException:http://internal.amazon.com/");
  typed = gaws_service_error_parse (400, headers, NULL, 0);
  g_assert_cmpstr (gaws_error_get_code (typed), ==, "ValidationException");

  gaws_http_headers_clear (headers);
  head = gaws_service_error_parse (404, headers, NULL, 0);
  g_assert_error (head, GAWS_ERROR, GAWS_ERROR_HTTP);
  g_assert_cmpstr (gaws_error_get_code (head), ==, "404");
  g_assert_cmpstr (gaws_error_get_message (head), ==, "Not Found");

  gaws_http_headers_append (query, "x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender");
  compat = gaws_service_error_parse (400, query, "{\"__type\":\"QueueDoesNotExist\"}", 29);
  g_assert_cmpstr (gaws_error_get_code (compat), ==, "AWS.SimpleQueueService.NonExistentQueue");
}

static void
test_error_message_like_botocore (void)
{
  g_autoptr(GError) error = service_error ("ThrottlingException", 400);
  g_autoptr(GError) plain = g_error_new (GAWS_ERROR, GAWS_ERROR_CONNECTION, "Could not connect");
  g_autoptr(GError) copy = NULL;

  gaws_error_add_operation_context (error, "GetItem", 4, TRUE);
  g_assert_cmpstr (error->message, ==,
                   "An error occurred (ThrottlingException) when calling the GetItem operation "
                   "(reached max retries: 4): boom");
  g_assert_cmpuint (gaws_error_get_retry_attempts (error), ==, 4);
  /* the extended data survives g_error_copy */
  copy = g_error_copy (error);
  g_assert_cmpstr (gaws_error_get_code (copy), ==, "ThrottlingException");
  g_assert_cmpuint (gaws_error_get_retry_attempts (copy), ==, 4);

  gaws_error_add_operation_context (plain, "GetItem", 0, FALSE);
  g_assert_cmpstr (plain->message, ==, "Error when calling the GetItem operation: Could not connect");
}

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

  g_test_add_func ("/retry/defaults-per-mode", test_defaults_per_mode);
  g_test_add_func ("/retry/classify-errors", test_classify);
  g_test_add_func ("/retry/backoff-standard", test_backoff_standard);
  g_test_add_func ("/retry/backoff-legacy", test_backoff_legacy);
  g_test_add_func ("/retry/stops-at-max-attempts", test_max_attempts);
  g_test_add_func ("/retry/standard-quota", test_quota);
  g_test_add_func ("/retry/legacy-has-no-quota", test_legacy_has_no_quota);
  g_test_add_func ("/retry/retry-after-header", test_retry_after_header);
  g_test_add_func ("/retry/adaptive-rate-limiter-cubic", test_rate_limiter_cubic);
  g_test_add_func ("/service-error/json", test_parse_json_error);
  g_test_add_func ("/service-error/xml-every-protocol", test_parse_xml_errors);
  g_test_add_func ("/service-error/hostile-bodies", test_parse_hostile_bodies);
  g_test_add_func ("/service-error/headers-only", test_parse_headers_only);
  g_test_add_func ("/service-error/message-like-botocore", test_error_message_like_botocore);
  return g_test_run ();
}
