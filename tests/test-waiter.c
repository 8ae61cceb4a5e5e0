/* test-waiter.c: GawsWaiter against a scripted DynamoDB-like server: every
 * acceptor kind and state, first match, max attempts, the failure and
 * unexpected-error messages, cancellation, reuse
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"
#include "gaws-test-server.h"

#include <string.h>
#include <jansson.h>
#include <gaws-dynamodb.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

/* One scripted answer: the last one repeats. */
typedef struct {
  guint       status;
  const char *body;
} Step;

typedef struct {
  GMutex          lock;
  const Step     *steps;
  guint           n_steps;
  guint           n_seen;
  gboolean        bad_request;  /* something else than DescribeTable of "t" came */
  GawsTestServer *server;
  GawsClient     *client;
} Fixture;

#define TABLE(status) "{\"Table\":{\"TableName\":\"t\",\"TableStatus\":\"" status "\"}}"
#define INDEXES(a, b) "{\"Table\":{\"TableName\":\"t\",\"TableStatus\":\"ACTIVE\"," \
  "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"a\",\"IndexStatus\":\"" a "\"}," \
  "{\"IndexName\":\"b\",\"IndexStatus\":\"" b "\"}]}}"
#define NO_INDEXES "{\"Table\":{\"TableName\":\"t\",\"TableStatus\":\"ACTIVE\",\"GlobalSecondaryIndexes\":[]}}"
#define NOT_FOUND "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\"," \
  "\"message\":\"Requested resource not found: Table: t not found\"}"
#define DENIED "{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"message\":\"not for you\"}"

static void
scripted_reply (const GawsTestServerRequest *request,
                GawsTestServerReply         *reply,
                gpointer                     user_data)
{
  Fixture *fixture = user_data;
  const char *target = gaws_http_headers_get_one (request->headers, "X-Amz-Target");
  g_autofree char *body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
  const Step *step;

  g_mutex_lock (&fixture->lock);
  if (g_strcmp0 (target, "DynamoDB_20120810.DescribeTable") != 0 || strstr (body, "\"TableName\":\"t\"") == NULL)
    fixture->bad_request = TRUE;
  step = &fixture->steps[MIN (fixture->n_seen, fixture->n_steps - 1)];
  fixture->n_seen++;
  g_mutex_unlock (&fixture->lock);
  reply->status = step->status;
  gaws_test_server_reply_set_body (reply, "application/x-amz-json-1.0", step->body, -1);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autofree char *url = NULL;

  g_mutex_init (&fixture->lock);
  fixture->server = gaws_test_server_new (scripted_reply, fixture);
  url = g_strdup_printf ("http://127.0.0.1:%u", gaws_test_server_get_port (fixture->server));
  gaws_session_set_region (session, "eu-west-1");
  gaws_client_config_set_endpoint_url (config, url);
  /* the waiter, not the retry strategy, must see every answer */
  gaws_client_config_set_max_attempts (config, 1);
  fixture->client = GAWS_CLIENT (gaws_dynamodb_client_new (session, config));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_false (fixture->bad_request);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, gaws_test_server_free);
  g_mutex_clear (&fixture->lock);
}

#define SCRIPT(fixture, ...) G_STMT_START {                      \
    static const Step steps_[] = { __VA_ARGS__ };                \
    (fixture)->steps = steps_;                                   \
    (fixture)->n_steps = G_N_ELEMENTS (steps_);                  \
  } G_STMT_END

static const GawsOperationInfo *
describe_table (void)
{
  const GawsOperationInfo *op = gaws_service_info_find_operation (gaws_dynamodb_get_service_info (),
                                                                  "DescribeTable");
  g_assert_nonnull (op);
  return op;
}

/* A waiter over DescribeTable with these acceptors; delay 0, 10 attempts. */
static GawsWaiterInfo *
info_new (const char                   *name,
          const GawsWaiterAcceptorInfo *acceptors,
          guint                         n_acceptors)
{
  GawsWaiterInfo *info = g_new0 (GawsWaiterInfo, 1);

  info->name = name;
  info->python_name = name;
  info->operation = describe_table ();
  info->delay = 0;
  info->max_attempts = 10;
  info->acceptors = acceptors;
  info->n_acceptors = n_acceptors;
  return info;
}

/* dynamodb's TableExists of waiters-2.json, and a failure state besides */
static const GawsWaiterAcceptorInfo table_exists_acceptors[] = {
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_PATH, "Table.TableStatus", "\"ACTIVE\"" },
  { GAWS_WAITER_STATE_RETRY, GAWS_WAITER_MATCHER_ERROR, NULL, "\"ResourceNotFoundException\"" },
  { GAWS_WAITER_STATE_FAILURE, GAWS_WAITER_MATCHER_PATH, "Table.TableStatus", "\"FAILED\"" },
};

static GawsDynamodbDescribeTableInput *
input_new (void)
{
  GawsDynamodbDescribeTableInput *input = gaws_dynamodb_describe_table_input_new ();

  gaws_dynamodb_describe_table_input_set_table_name (input, "t");
  return input;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs one wait with gaws_waiter_wait_async() on the main context. */
static gboolean
run_wait (GawsWaiter    *waiter,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GawsDynamodbDescribeTableInput) input = input_new ();
  g_autoptr(GAsyncResult) result = NULL;

  gaws_waiter_wait_async (waiter, GAWS_SHAPE (input), cancellable, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return gaws_waiter_wait_finish (waiter, result, error);
}

static GawsWaiter *
waiter_new (Fixture                      *fixture,
            const char                   *name,
            const GawsWaiterAcceptorInfo *acceptors,
            guint                         n_acceptors)
{
  GawsWaiterInfo *info = info_new (name, acceptors, n_acceptors);
  GawsWaiter *waiter = gaws_waiter_new (fixture->client, info);

  /* the info must outlive the waiter */
  g_object_set_data_full (G_OBJECT (waiter), "test-info", info, g_free);
  return waiter;
}

static const char *
last_status (GawsWaiter *waiter)
{
  GawsShape *last = gaws_waiter_get_last_response (waiter);

  g_assert_nonnull (last);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (last, GAWS_DYNAMODB_TYPE_DESCRIBE_TABLE_OUTPUT));
  return gaws_dynamodb_table_description_get_table_status (
    gaws_dynamodb_describe_table_output_get_table (GAWS_DYNAMODB_DESCRIBE_TABLE_OUTPUT (last)));
}

static void
test_path_success_after_retries (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "TableExists", table_exists_acceptors,
                                             G_N_ELEMENTS (table_exists_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 400, NOT_FOUND }, { 200, TABLE ("CREATING") }, { 200, TABLE ("ACTIVE") });
  g_assert_true (run_wait (waiter, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 3);
  g_assert_cmpuint (gaws_test_server_get_n_requests (fixture->server), ==, 3);
  g_assert_cmpstr (last_status (waiter), ==, "ACTIVE");
}

static void
test_path_failure_state_message (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "TableExists", table_exists_acceptors,
                                             G_N_ELEMENTS (table_exists_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, TABLE ("CREATING") }, { 200, TABLE ("FAILED") });
  g_assert_false (run_wait (waiter, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_assert_cmpstr (error->message, ==,
                   "Waiter TableExists failed: Waiter encountered a terminal failure state: "
                   "For expression \"Table.TableStatus\" we matched expected path: \"FAILED\"");
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 2);
  g_assert_cmpstr (last_status (waiter), ==, "FAILED");
}

static const GawsWaiterAcceptorInfo index_acceptors[] = {
  { GAWS_WAITER_STATE_FAILURE, GAWS_WAITER_MATCHER_PATH_ANY, "Table.GlobalSecondaryIndexes[].IndexStatus", "\"DELETING\"" },
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_PATH_ALL, "Table.GlobalSecondaryIndexes[].IndexStatus", "\"ACTIVE\"" },
};

static void
test_path_all_needs_every_element (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "IndexesActive", index_acceptors,
                                             G_N_ELEMENTS (index_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, INDEXES ("ACTIVE", "CREATING") }, { 200, INDEXES ("CREATING", "ACTIVE") },
          { 200, INDEXES ("ACTIVE", "ACTIVE") });
  g_assert_true (run_wait (waiter, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 3);
}

/* An empty list matches neither pathAll nor pathAny, as in botocore. */
static void
test_path_all_empty_list_never_matches (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "IndexesActive", index_acceptors,
                                             G_N_ELEMENTS (index_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, NO_INDEXES });
  gaws_waiter_set_max_attempts (waiter, 2);
  g_assert_false (run_wait (waiter, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_assert_cmpstr (error->message, ==, "Waiter IndexesActive failed: Max attempts exceeded after 2 attempts");
}

static void
test_path_any_failure_state (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "IndexesActive", index_acceptors,
                                             G_N_ELEMENTS (index_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, INDEXES ("CREATING", "ACTIVE") }, { 200, INDEXES ("ACTIVE", "DELETING") });
  g_assert_false (run_wait (waiter, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_assert_cmpstr (error->message, ==,
                   "Waiter IndexesActive failed: Waiter encountered a terminal failure state: "
                   "For expression \"Table.GlobalSecondaryIndexes[].IndexStatus\" we matched "
                   "expected path: \"DELETING\" at least once");
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 2);
}

/* A boolean expected value over a JMESPath expression of the real models
 * (KinesisStreamingDestinationActive's failure acceptor, here over indexes). */
static const GawsWaiterAcceptorInfo boolean_acceptors[] = {
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_PATH,
    "length(Table.GlobalSecondaryIndexes) > `0` && length(Table.GlobalSecondaryIndexes[?IndexStatus == 'ACTIVE' "
    "|| IndexStatus == 'UPDATING']) == length(Table.GlobalSecondaryIndexes)", "true" },
};

static void
test_path_boolean_expression (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "Boolean", boolean_acceptors,
                                             G_N_ELEMENTS (boolean_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, NO_INDEXES }, { 200, INDEXES ("ACTIVE", "CREATING") },
          { 200, INDEXES ("UPDATING", "ACTIVE") });
  g_assert_true (run_wait (waiter, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 3);
}

/* status: the error's HTTP status, or 200 for a success */
static const GawsWaiterAcceptorInfo status_acceptors[] = {
  { GAWS_WAITER_STATE_RETRY, GAWS_WAITER_MATCHER_STATUS, NULL, "500" },
  { GAWS_WAITER_STATE_FAILURE, GAWS_WAITER_MATCHER_STATUS, NULL, "403" },
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_STATUS, NULL, "200" },
};

static void
test_status_success_and_retry (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "Status", status_acceptors,
                                             G_N_ELEMENTS (status_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 500, "{\"__type\":\"InternalServerError\",\"message\":\"oops\"}" },
          { 200, TABLE ("CREATING") });
  g_assert_true (run_wait (waiter, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 2);
}

static void
test_status_failure_keeps_error_details (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "Status", status_acceptors,
                                             G_N_ELEMENTS (status_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 403, DENIED });
  g_assert_false (run_wait (waiter, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_assert_cmpstr (error->message, ==,
                   "Waiter Status failed: Waiter encountered a terminal failure state: "
                   "Matched expected HTTP status code: 403");
  g_assert_cmpstr (gaws_error_get_code (error), ==, "AccessDeniedException");
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 403);
  g_assert_null (gaws_waiter_get_last_response (waiter));
}

/* dynamodb's TableNotExists */
static const GawsWaiterAcceptorInfo table_not_exists_acceptors[] = {
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_ERROR, NULL, "\"ResourceNotFoundException\"" },
};

static void
test_error_code_success (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "TableNotExists", table_not_exists_acceptors,
                                             G_N_ELEMENTS (table_not_exists_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, TABLE ("DELETING") }, { 200, TABLE ("DELETING") }, { 400, NOT_FOUND });
  g_assert_true (run_wait (waiter, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 3);
  g_assert_null (gaws_waiter_get_last_response (waiter));
}

/* `true` matches any service error, `false` any success. */
static const GawsWaiterAcceptorInfo error_true_acceptors[] = {
  { GAWS_WAITER_STATE_RETRY, GAWS_WAITER_MATCHER_ERROR, NULL, "false" },
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_ERROR, NULL, "true" },
};

static const GawsWaiterAcceptorInfo error_false_acceptors[] = {
  { GAWS_WAITER_STATE_RETRY, GAWS_WAITER_MATCHER_ERROR, NULL, "true" },
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_ERROR, NULL, "false" },
};

static void
test_error_boolean (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GawsWaiter) any_error = waiter_new (fixture, "AnyError", error_true_acceptors,
                                                G_N_ELEMENTS (error_true_acceptors));
  g_autoptr(GawsWaiter) no_error = waiter_new (fixture, "NoError", error_false_acceptors,
                                               G_N_ELEMENTS (error_false_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, TABLE ("ACTIVE") }, { 200, TABLE ("ACTIVE") }, { 400, DENIED },
          { 400, DENIED }, { 200, TABLE ("ACTIVE") });
  g_assert_true (run_wait (any_error, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_waiter_get_attempts (any_error), ==, 3);
  g_assert_true (run_wait (no_error, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_waiter_get_attempts (no_error), ==, 2);
}

/* The first acceptor that matches decides, whatever follows. */
static const GawsWaiterAcceptorInfo failure_first_acceptors[] = {
  { GAWS_WAITER_STATE_FAILURE, GAWS_WAITER_MATCHER_PATH, "Table.TableStatus", "\"ACTIVE\"" },
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_PATH, "Table.TableStatus", "\"ACTIVE\"" },
};

static const GawsWaiterAcceptorInfo success_first_acceptors[] = {
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_STATUS, NULL, "200" },
  { GAWS_WAITER_STATE_FAILURE, GAWS_WAITER_MATCHER_PATH, "Table.TableStatus", "\"ACTIVE\"" },
};

static void
test_first_match_decides (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GawsWaiter) failure_first = waiter_new (fixture, "FailureFirst", failure_first_acceptors,
                                                    G_N_ELEMENTS (failure_first_acceptors));
  g_autoptr(GawsWaiter) success_first = waiter_new (fixture, "SuccessFirst", success_first_acceptors,
                                                    G_N_ELEMENTS (success_first_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, TABLE ("ACTIVE") });
  g_assert_false (run_wait (failure_first, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_clear_error (&error);
  g_assert_true (run_wait (success_first, NULL, &error));
  g_assert_no_error (error);
}

static void
test_max_attempts_names_the_attempts (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "TableExists", table_exists_acceptors,
                                             G_N_ELEMENTS (table_exists_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 400, NOT_FOUND });
  gaws_waiter_set_max_attempts (waiter, 3);
  g_assert_false (run_wait (waiter, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_assert_cmpstr (error->message, ==,
                   "Waiter TableExists failed: Max attempts exceeded after 3 attempts. Previously "
                   "accepted state: Matched expected service error code: ResourceNotFoundException");
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 3);
  g_assert_cmpuint (gaws_test_server_get_n_requests (fixture->server), ==, 3);
}

/* No acceptor matched the retry state: botocore keeps polling. */
static void
test_no_match_keeps_polling (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "TableExists", table_exists_acceptors,
                                             G_N_ELEMENTS (table_exists_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, TABLE ("CREATING") });
  gaws_waiter_set_max_attempts (waiter, 4);
  g_assert_false (run_wait (waiter, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_assert_cmpstr (error->message, ==, "Waiter TableExists failed: Max attempts exceeded after 4 attempts");
  g_assert_cmpuint (gaws_test_server_get_n_requests (fixture->server), ==, 4);
  g_assert_cmpstr (last_status (waiter), ==, "CREATING");
}

static void
test_unexpected_error_fails_at_once (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "TableExists", table_exists_acceptors,
                                             G_N_ELEMENTS (table_exists_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, TABLE ("CREATING") }, { 400, DENIED }, { 200, TABLE ("ACTIVE") });
  g_assert_false (run_wait (waiter, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_assert_cmpstr (error->message, ==,
                   "Waiter TableExists failed: An error occurred (AccessDeniedException): not for you");
  g_assert_true (gaws_error_matches_code (error, "AccessDeniedException"));
  g_assert_cmpstr (gaws_error_get_message (error), ==, "not for you");
  g_assert_cmpuint (gaws_error_get_http_status (error), ==, 400);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 2);
  g_assert_cmpuint (gaws_test_server_get_n_requests (fixture->server), ==, 2);
}

/* Without a service answer there is nothing to match: the error as it is. */
static void
test_connection_error_is_returned (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GawsSession) session = gaws_session_new_with_credentials ("AKIDTEST", "secret-test", NULL);
  g_autoptr(GawsClientConfig) config = gaws_client_config_new ();
  g_autoptr(GawsTestServer) closed = gaws_test_server_new (scripted_reply, fixture);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", gaws_test_server_get_port (closed));
  g_autoptr(GawsDynamodbClient) client = NULL;
  g_autoptr(GawsWaiter) waiter = NULL;
  GawsWaiterInfo *info = info_new ("TableExists", table_exists_acceptors, G_N_ELEMENTS (table_exists_acceptors));
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&closed, gaws_test_server_free);
  gaws_session_set_region (session, "eu-west-1");
  gaws_client_config_set_endpoint_url (config, url);
  gaws_client_config_set_max_attempts (config, 1);
  client = gaws_dynamodb_client_new (session, config);
  waiter = gaws_waiter_new (GAWS_CLIENT (client), info);
  g_assert_false (run_wait (waiter, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_CONNECTION);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 0);
  g_clear_object (&waiter);
  g_free (info);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Cancels a little after the first poll, when the delay has begun. */
static void
cancel_after_first_attempt (GObject    *object,
                            GParamSpec *pspec,
                            gpointer    user_data)
{
  if (gaws_waiter_get_attempts (GAWS_WAITER (object)) == 1)
    g_timeout_add_full (G_PRIORITY_DEFAULT, 20, cancel_cb, g_object_ref (user_data), g_object_unref);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  g_error ("the wait was not cancelled during its delay");
  return G_SOURCE_REMOVE;
}

/* With an hour's delay, only a prompt cancellation ends the test. */
static void
test_cancel_during_delay (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "TableExists", table_exists_acceptors,
                                             G_N_ELEMENTS (table_exists_acceptors));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint watchdog = g_timeout_add_seconds (50, watchdog_cb, NULL);

  SCRIPT (fixture, { 200, TABLE ("CREATING") });
  gaws_waiter_set_delay (waiter, 3600);
  g_signal_connect (waiter, "notify::attempts", G_CALLBACK (cancel_after_first_attempt), cancellable);
  g_assert_false (run_wait (waiter, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 1);
  g_assert_cmpuint (gaws_test_server_get_n_requests (fixture->server), ==, 1);
  g_source_remove (watchdog);
}

static void
test_cancel_before_start (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "TableExists", table_exists_acceptors,
                                             G_N_ELEMENTS (table_exists_acceptors));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, TABLE ("ACTIVE") });
  g_cancellable_cancel (cancellable);
  g_assert_false (run_wait (waiter, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (gaws_test_server_get_n_requests (fixture->server), ==, 0);
}

static gpointer
cancel_later_thread (gpointer user_data)
{
  GCancellable *cancellable = user_data;

  g_usleep (200 * G_TIME_SPAN_MILLISECOND);
  g_cancellable_cancel (cancellable);
  return NULL;
}

static void
test_sync_success_and_cancel (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "TableExists", table_exists_acceptors,
                                             G_N_ELEMENTS (table_exists_acceptors));
  g_autoptr(GawsDynamodbDescribeTableInput) input = input_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, TABLE ("CREATING") }, { 200, TABLE ("ACTIVE") }, { 200, TABLE ("CREATING") });
  gaws_waiter_set_delay (waiter, 0.01);
  g_assert_true (gaws_waiter_wait_sync (waiter, GAWS_SHAPE (input), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 2);

  /* the script now says CREATING for ever: cancel the sleeping wait */
  gaws_waiter_set_delay (waiter, 3600);
  thread = g_thread_new ("cancel", cancel_later_thread, cancellable);
  g_assert_false (gaws_waiter_wait_sync (waiter, GAWS_SHAPE (input), cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_thread_join (g_steal_pointer (&thread));
}

static void
test_concurrent_wait_pending_then_reuse (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "TableExists", table_exists_acceptors,
                                             G_N_ELEMENTS (table_exists_acceptors));
  g_autoptr(GawsDynamodbDescribeTableInput) input = input_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, TABLE ("CREATING") }, { 200, TABLE ("ACTIVE") });
  gaws_waiter_set_delay (waiter, 0.05);
  gaws_waiter_wait_async (waiter, GAWS_SHAPE (input), NULL, store_result, &first);
  gaws_waiter_wait_async (waiter, GAWS_SHAPE (input), NULL, store_result, &second);
  g_assert_false (gaws_waiter_wait_sync (waiter, GAWS_SHAPE (input), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  while (first == NULL || second == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gaws_waiter_wait_finish (waiter, second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  g_assert_true (gaws_waiter_wait_finish (waiter, first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 2);

  /* and again, once the first wait is over */
  g_assert_true (run_wait (waiter, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 1);
  g_assert_cmpuint (gaws_test_server_get_n_requests (fixture->server), ==, 3);
}

static void
test_config_defaults_and_overrides (Fixture       *fixture,
                                    gconstpointer  data)
{
  GawsWaiterInfo *info = info_new ("TableExists", table_exists_acceptors, G_N_ELEMENTS (table_exists_acceptors));
  g_autoptr(GawsWaiter) waiter = NULL;
  double delay;
  guint max_attempts;

  info->delay = 20;
  info->max_attempts = 25;
  waiter = gaws_waiter_new (fixture->client, info);
  g_assert_true (gaws_waiter_get_info (waiter) == info);
  g_assert_true (gaws_waiter_get_client (waiter) == fixture->client);
  g_assert_cmpfloat (gaws_waiter_get_delay (waiter), ==, 20);
  g_assert_cmpuint (gaws_waiter_get_max_attempts (waiter), ==, 25);
  g_object_set (waiter, "delay", 0.5, "max-attempts", 3, NULL);
  g_object_get (waiter, "delay", &delay, "max-attempts", &max_attempts, NULL);
  g_assert_cmpfloat (delay, ==, 0.5);
  g_assert_cmpuint (max_attempts, ==, 3);
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 0);
  g_assert_null (gaws_waiter_get_last_response (waiter));
  g_clear_object (&waiter);
  g_free (info);
}

static const GawsWaiterAcceptorInfo malformed_acceptors[] = {
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_PATH, "Table.[", "\"ACTIVE\"" },
};

static void
test_malformed_waiter_is_an_error (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "Broken", malformed_acceptors,
                                             G_N_ELEMENTS (malformed_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, TABLE ("ACTIVE") });
  g_assert_false (run_wait (waiter, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (gaws_test_server_get_n_requests (fixture->server), ==, 0);
}

/* An expression that fails on the output (abs of a string) ends the wait
 * with an error naming it, not with a guess. */
static const GawsWaiterAcceptorInfo type_error_acceptors[] = {
  { GAWS_WAITER_STATE_SUCCESS, GAWS_WAITER_MATCHER_PATH, "abs(Table.TableStatus)", "1" },
};

static void
test_path_evaluation_error (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GawsWaiter) waiter = waiter_new (fixture, "TypeError", type_error_acceptors,
                                             G_N_ELEMENTS (type_error_acceptors));
  g_autoptr(GError) error = NULL;

  SCRIPT (fixture, { 200, TABLE ("ACTIVE") });
  g_assert_false (run_wait (waiter, NULL, &error));
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_WAITER);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Waiter TypeError failed: Evaluating \"abs(Table.TableStatus)\": "));
  g_assert_cmpuint (gaws_waiter_get_attempts (waiter), ==, 1);
}

static void
add_acceptor (GArray *acceptors,
              json_t *model)
{
  static const char *const states[] = { "success", "failure", "retry" };
  static const char *const matchers[] = { "path", "pathAll", "pathAny", "status", "error" };
  const char *state = json_string_value (json_object_get (model, "state"));
  const char *matcher = json_string_value (json_object_get (model, "matcher"));
  GawsWaiterAcceptorInfo acceptor = { 0 };
  char *expected = json_dumps (json_object_get (model, "expected"), JSON_ENCODE_ANY);

  acceptor.state = acceptor.matcher = G_MAXUINT8;
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_strcmp0 (state, states[i]) == 0)
      acceptor.state = i;
  for (guint i = 0; i < G_N_ELEMENTS (matchers); i++)
    if (g_strcmp0 (matcher, matchers[i]) == 0)
      acceptor.matcher = i;
  g_assert_cmpuint (acceptor.state, !=, G_MAXUINT8);
  g_assert_cmpuint (acceptor.matcher, !=, G_MAXUINT8);
  acceptor.argument = json_string_value (json_object_get (model, "argument"));
  g_assert_nonnull (expected);
  acceptor.expected = g_strdup (expected);
  free (expected);
  g_array_append_val (acceptors, acceptor);
}

/* Every acceptor of the vendored models compiles: a wait whose cancellable
 * is already cancelled gets past the compiling, then stops. */
static void
check_model_waiter (Fixture    *fixture,
                    const char *name,
                    json_t     *model)
{
  g_autoptr(GArray) acceptors = g_array_new (FALSE, TRUE, sizeof (GawsWaiterAcceptorInfo));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GawsWaiter) waiter = NULL;
  g_autoptr(GError) error = NULL;
  gsize i;
  json_t *acceptor;

  json_array_foreach (json_object_get (model, "acceptors"), i, acceptor)
    add_acceptor (acceptors, acceptor);
  g_assert_cmpuint (acceptors->len, >, 0);
  waiter = waiter_new (fixture, name, (GawsWaiterAcceptorInfo *) acceptors->data, acceptors->len);
  g_cancellable_cancel (cancellable);
  if (run_wait (waiter, cancellable, &error) || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_error ("waiter %s: %s", name, error ? error->message : "succeeded");
  g_clear_object (&waiter);
  for (guint j = 0; j < acceptors->len; j++)
    g_free ((char *) g_array_index (acceptors, GawsWaiterAcceptorInfo, j).expected);
}

static void
test_every_model_waiter_compiles (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *models = g_test_build_filename (G_TEST_DIST, "..", "models", NULL);
  g_autoptr(GDir) services = g_dir_open (models, 0, NULL);
  const char *service;
  guint n_waiters = 0;

  g_assert_nonnull (services);
  SCRIPT (fixture, { 200, TABLE ("ACTIVE") });
  while ((service = g_dir_read_name (services)) != NULL)
    {
      g_autofree char *folder = g_build_filename (models, service, NULL);
      g_autoptr(GDir) versions = g_dir_open (folder, 0, NULL);
      const char *version;

      while (versions && (version = g_dir_read_name (versions)) != NULL)
        {
          g_autofree char *path = g_build_filename (folder, version, "waiters-2.json", NULL);
          g_autoptr(json_t) root = json_load_file (path, 0, NULL);
          const char *name;
          json_t *waiter;

          if (!g_file_test (path, G_FILE_TEST_EXISTS))
            continue;
          g_assert_nonnull (root);
          json_object_foreach (json_object_get (root, "waiters"), name, waiter)
            {
              check_model_waiter (fixture, name, waiter);
              n_waiters++;
            }
        }
    }
  g_test_message ("%u waiters of the vendored models compiled", n_waiters);
  g_assert_cmpuint (n_waiters, >, 50);
  g_assert_cmpuint (gaws_test_server_get_n_requests (fixture->server), ==, 0);
}

static void
test_unknown_waiter_name (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsWaiter) waiter = gaws_client_get_waiter (fixture->client, "no_such_waiter", &error);

  g_assert_null (waiter);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "no_such_waiter"));
}

/* client.get_waiter() by boto3 and by model name, from the generated tables */
static void
test_client_get_waiter_by_name (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsWaiter) by_python_name = NULL;
  g_autoptr(GawsWaiter) by_model_name = NULL;

  by_python_name = gaws_client_get_waiter (fixture->client, "table_exists", &error);
  g_assert_no_error (error);
  by_model_name = gaws_client_get_waiter (fixture->client, "TableExists", &error);
  g_assert_no_error (error);
  g_assert_true (gaws_waiter_get_info (by_python_name) == gaws_waiter_get_info (by_model_name));
  g_assert_cmpstr (gaws_waiter_get_info (by_python_name)->operation->name, ==, "DescribeTable");
  g_assert_cmpuint (gaws_waiter_get_max_attempts (by_python_name), ==, 25);
  g_assert_cmpfloat (gaws_waiter_get_delay (by_python_name), ==, 20);

  SCRIPT (fixture, { 400, NOT_FOUND }, { 200, TABLE ("ACTIVE") });
  gaws_waiter_set_delay (by_python_name, 0.01);
  g_assert_true (run_wait (by_python_name, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gaws_waiter_get_attempts (by_python_name), ==, 2);
}

#define ADD(path, func) \
  g_test_add ("/waiter/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int argc, char **argv)
{
  gaws_test_init (&argc, &argv);

  ADD ("path/success-after-retries", test_path_success_after_retries);
  ADD ("path/failure-state-message", test_path_failure_state_message);
  ADD ("path/boolean-expression", test_path_boolean_expression);
  ADD ("path/evaluation-error", test_path_evaluation_error);
  ADD ("path-all/needs-every-element", test_path_all_needs_every_element);
  ADD ("path-all/empty-list-never-matches", test_path_all_empty_list_never_matches);
  ADD ("path-any/failure-state", test_path_any_failure_state);
  ADD ("status/success-and-retry", test_status_success_and_retry);
  ADD ("status/failure-keeps-error-details", test_status_failure_keeps_error_details);
  ADD ("error/code-success", test_error_code_success);
  ADD ("error/boolean", test_error_boolean);
  ADD ("first-match-decides", test_first_match_decides);
  ADD ("max-attempts/names-the-attempts", test_max_attempts_names_the_attempts);
  ADD ("max-attempts/no-match-keeps-polling", test_no_match_keeps_polling);
  ADD ("unexpected-error-fails-at-once", test_unexpected_error_fails_at_once);
  ADD ("connection-error-is-returned", test_connection_error_is_returned);
  ADD ("cancel/during-delay", test_cancel_during_delay);
  ADD ("cancel/before-start", test_cancel_before_start);
  ADD ("sync/success-and-cancel", test_sync_success_and_cancel);
  ADD ("concurrent-wait-pending-then-reuse", test_concurrent_wait_pending_then_reuse);
  ADD ("config/defaults-and-overrides", test_config_defaults_and_overrides);
  ADD ("malformed-waiter-is-an-error", test_malformed_waiter_is_an_error);
  ADD ("unknown-waiter-name", test_unknown_waiter_name);
  ADD ("every-model-waiter-compiles", test_every_model_waiter_compiles);
  ADD ("client-get-waiter-by-name", test_client_get_waiter_by_name);
  return g_test_run ();
}
