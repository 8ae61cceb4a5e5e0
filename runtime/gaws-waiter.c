/* gaws-waiter.c: polling an operation until the model's acceptors say done
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-waiter.h"

#include <math.h>

#include "gaws-error.h"
#include "gaws-jmespath.h"
#include "gaws-operation.h"
#include "gaws-shape-json.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

/**
 * GawsWaiter:
 *
 * Polls one operation until the acceptors of a waiter of the model's
 * `waiters-2.json` say the wait is over, the way botocore's `Waiter.wait`
 * does. After each poll the first acceptor (in the model's order) that
 * matches the result decides:
 *
 * - `success`: the wait succeeds;
 * - `failure`: the wait fails with %GAWS_ERROR_WAITER, naming the acceptor
 *   (`Waiter TableExists failed: Waiter encountered a terminal failure
 *   state: For expression "Table.TableStatus" we matched expected path:
 *   "FAILED"`);
 * - `retry`: poll again after the delay.
 *
 * When no acceptor matches a service error, the wait fails at once with a
 * %GAWS_ERROR_WAITER error that keeps the service error's code, message,
 * HTTP status and request id (see gaws_error_get_code()). Errors that carry
 * no service answer (the endpoint cannot be reached, credentials are
 * missing, ...) are returned as they are, as botocore raises them. After
 * the maximum number of attempts the wait fails with %GAWS_ERROR_WAITER
 * (`Waiter BucketExists failed: Max attempts exceeded after 2 attempts`).
 *
 * The delay between polls is a timeout source on the thread-default main
 * context of the caller of gaws_waiter_wait_async(): nothing sleeps, and
 * cancelling the #GCancellable ends the wait at once, also during a delay.
 *
 * A waiter runs one wait at a time (another one fails with
 * %G_IO_ERROR_PENDING) and can be used again once a wait has ended.
 */

typedef enum {
  VERDICT_SUCCESS,
  VERDICT_FAILED,
  VERDICT_AGAIN,
} Verdict;

/* An acceptor of the model, compiled. */
typedef struct {
  GawsJmespath *path;     /* path matchers only */
  json_t       *expected;
} Acceptor;

struct _GawsWaiter
{
  GObject               parent_instance;
  GawsClient           *client;
  const GawsWaiterInfo *info;
  double                delay;
  guint                 max_attempts;
  Acceptor             *acceptors;       /* compiled on the first wait */
  GawsShape            *last_response;
  guint                 attempts;
  gboolean              busy;
};

/* One wait in progress. */
typedef struct {
  GawsWaiter   *self;
  GawsShape    *input;
  double        delay;
  guint         max_attempts;
  gint          last_matched;  /* index of the last acceptor matched, or -1 */
  GSource      *delay_source;
  GSource      *cancel_source;
} WaitData;

enum {
  PROP_0,
  PROP_DELAY,
  PROP_MAX_ATTEMPTS,
  PROP_ATTEMPTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GawsWaiter, gaws_waiter, G_TYPE_OBJECT)

static void
free_acceptors (GawsWaiter *self)
{
  if (self->acceptors == NULL)
    return;
  for (guint i = 0; i < self->info->n_acceptors; i++)
    {
      g_clear_pointer (&self->acceptors[i].path, gaws_jmespath_unref);
      g_clear_pointer (&self->acceptors[i].expected, json_decref);
    }
  g_clear_pointer (&self->acceptors, g_free);
}

static void
gaws_waiter_finalize (GObject *object)
{
  GawsWaiter *self = GAWS_WAITER (object);

  free_acceptors (self);
  g_clear_object (&self->last_response);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (gaws_waiter_parent_class)->finalize (object);
}

static void
gaws_waiter_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GawsWaiter *self = GAWS_WAITER (object);

  switch (prop_id)
    {
    case PROP_DELAY:
      g_value_set_double (value, self->delay);
      break;
    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_waiter_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GawsWaiter *self = GAWS_WAITER (object);

  switch (prop_id)
    {
    case PROP_DELAY:
      gaws_waiter_set_delay (self, g_value_get_double (value));
      break;
    case PROP_MAX_ATTEMPTS:
      gaws_waiter_set_max_attempts (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gaws_waiter_class_init (GawsWaiterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gaws_waiter_finalize;
  object_class->get_property = gaws_waiter_get_property;
  object_class->set_property = gaws_waiter_set_property;

  /**
   * GawsWaiter:delay:
   *
   * Seconds between two polls; the model's by default.
   */
  properties[PROP_DELAY] =
    g_param_spec_double ("delay", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GawsWaiter:max-attempts:
   *
   * Polls before the wait gives up; the model's by default.
   */
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GawsWaiter:attempts:
   *
   * Polls made by the current or last wait.
   */
  properties[PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gaws_waiter_init (GawsWaiter *self)
{
  self->max_attempts = 1;
}

/**
 * gaws_waiter_new:
 * @client: the #GawsClient of the service the waiter belongs to
 * @info: the waiter's #GawsWaiterInfo; it must outlive the waiter
 *   (generated tables are static)
 *
 * Creates a waiter with the model's delay and maximum attempts. Generated
 * clients offer typed constructors, such as
 * `gaws_dynamodb_client_get_waiter_table_exists()`.
 *
 * Returns: (transfer full): a new #GawsWaiter
 */
GawsWaiter *
gaws_waiter_new (GawsClient           *client,
                 const GawsWaiterInfo *info)
{
  GawsWaiter *self;

  g_return_val_if_fail (GAWS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (info != NULL && info->operation != NULL, NULL);

  self = g_object_new (GAWS_TYPE_WAITER, NULL);
  self->client = g_object_ref (client);
  self->info = info;
  self->delay = info->delay;
  self->max_attempts = MAX (info->max_attempts, 1);
  return self;
}

/**
 * gaws_client_get_waiter:
 * @client: a #GawsClient of a generated service
 * @name: the waiter, by its boto3 name (`table_exists`) or its model name
 *   (`TableExists`)
 * @error: return location for a #GError
 *
 * botocore's `client.get_waiter (name)`.
 *
 * Returns: (transfer full) (nullable): a new #GawsWaiter, or %NULL with a
 *   %GAWS_ERROR_INVALID_ARGUMENT error when the service has no such waiter
 */
GawsWaiter *
gaws_client_get_waiter (GawsClient  *client,
                        const char  *name,
                        GError     **error)
{
  const GawsServiceInfo *model;
  const GawsWaiterInfo *info;

  g_return_val_if_fail (GAWS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  model = gaws_client_get_model (client);
  info = model ? gaws_service_info_find_waiter (model, name) : NULL;
  if (info == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Waiter does not exist: %s", name);
      return NULL;
    }
  return gaws_waiter_new (client, info);
}

/**
 * gaws_waiter_get_info:
 * @self: a #GawsWaiter
 *
 * Returns: (transfer none): the waiter's description in the model
 */
const GawsWaiterInfo *
gaws_waiter_get_info (GawsWaiter *self)
{
  g_return_val_if_fail (GAWS_IS_WAITER (self), NULL);
  return self->info;
}

/**
 * gaws_waiter_get_client:
 * @self: a #GawsWaiter
 *
 * Returns: (transfer none): the client the waiter polls with
 */
GawsClient *
gaws_waiter_get_client (GawsWaiter *self)
{
  g_return_val_if_fail (GAWS_IS_WAITER (self), NULL);
  return self->client;
}

/**
 * gaws_waiter_set_delay:
 * @self: a #GawsWaiter
 * @seconds: seconds between two polls, 0 or more
 *
 * Overrides the model's delay (botocore's `WaiterConfig.Delay`) for the
 * waits started afterwards.
 */
void
gaws_waiter_set_delay (GawsWaiter *self,
                       double      seconds)
{
  g_return_if_fail (GAWS_IS_WAITER (self));
  g_return_if_fail (seconds >= 0 && isfinite (seconds));

  if (self->delay == seconds)
    return;
  self->delay = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY]);
}

/**
 * gaws_waiter_get_delay:
 * @self: a #GawsWaiter
 *
 * Returns: the seconds between two polls
 */
double
gaws_waiter_get_delay (GawsWaiter *self)
{
  g_return_val_if_fail (GAWS_IS_WAITER (self), 0);
  return self->delay;
}

/**
 * gaws_waiter_set_max_attempts:
 * @self: a #GawsWaiter
 * @max_attempts: polls before giving up, 1 or more
 *
 * Overrides the model's maximum attempts (botocore's
 * `WaiterConfig.MaxAttempts`) for the waits started afterwards.
 */
void
gaws_waiter_set_max_attempts (GawsWaiter *self,
                              guint       max_attempts)
{
  g_return_if_fail (GAWS_IS_WAITER (self));
  g_return_if_fail (max_attempts >= 1);

  if (self->max_attempts == max_attempts)
    return;
  self->max_attempts = max_attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ATTEMPTS]);
}

/**
 * gaws_waiter_get_max_attempts:
 * @self: a #GawsWaiter
 *
 * Returns: the polls made before giving up
 */
guint
gaws_waiter_get_max_attempts (GawsWaiter *self)
{
  g_return_val_if_fail (GAWS_IS_WAITER (self), 0);
  return self->max_attempts;
}

/**
 * gaws_waiter_get_last_response:
 * @self: a #GawsWaiter
 *
 * Returns: (transfer none) (nullable): the output of the last poll of the
 *   current or last wait, or %NULL when that poll failed (or returned no
 *   output) or none was made
 */
GawsShape *
gaws_waiter_get_last_response (GawsWaiter *self)
{
  g_return_val_if_fail (GAWS_IS_WAITER (self), NULL);
  return self->last_response;
}

/**
 * gaws_waiter_get_attempts:
 * @self: a #GawsWaiter
 *
 * Returns: the polls made by the current or last wait
 */
guint
gaws_waiter_get_attempts (GawsWaiter *self)
{
  g_return_val_if_fail (GAWS_IS_WAITER (self), 0);
  return self->attempts;
}

/* Acceptors */

static GError *
waiter_error (GawsWaiter *self,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static GError *
waiter_error (GawsWaiter *self,
              const char *format,
              ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  return g_error_new (GAWS_ERROR, GAWS_ERROR_WAITER, "Waiter %s failed: %s",
                      self->info->name, reason);
}

static gboolean
compile_acceptor (const GawsWaiterAcceptorInfo  *model,
                  guint                          index,
                  Acceptor                      *acceptor,
                  GError                       **error)
{
  json_error_t json_error;

  if (model->matcher > GAWS_WAITER_MATCHER_ERROR || model->state > GAWS_WAITER_STATE_RETRY)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "acceptor %u has an unknown matcher or state", index);
      return FALSE;
    }
  acceptor->expected = model->expected ? json_loads (model->expected, JSON_DECODE_ANY, &json_error) : NULL;
  if (acceptor->expected == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "acceptor %u has no valid expected value", index);
      return FALSE;
    }
  if (model->matcher == GAWS_WAITER_MATCHER_STATUS || model->matcher == GAWS_WAITER_MATCHER_ERROR)
    return TRUE;
  acceptor->path = gaws_jmespath_compile (model->argument ? model->argument : "", error);
  return acceptor->path != NULL;
}

/* Each expression is compiled and each expected value parsed once, on the
 * first wait, so that a malformed table is an error rather than a crash. */
static gboolean
compile_acceptors (GawsWaiter  *self,
                   GError     **error)
{
  const GawsWaiterInfo *info = self->info;
  g_autoptr(GError) local_error = NULL;

  if (self->acceptors != NULL || info->n_acceptors == 0)
    return TRUE;
  self->acceptors = g_new0 (Acceptor, info->n_acceptors);
  for (guint i = 0; i < info->n_acceptors; i++)
    if (!compile_acceptor (&info->acceptors[i], i, &self->acceptors[i], &local_error))
      {
        free_acceptors (self);
        g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                     "Waiter %s is malformed: %s", info->name, local_error->message);
        return FALSE;
      }
  return TRUE;
}

/* Python's ==, which the model's values were written for: 1 == 1.0. */
static gboolean
values_equal (json_t *a,
              json_t *b)
{
  if (json_is_number (a) && json_is_number (b))
    return json_number_value (a) == json_number_value (b);
  return json_equal (a, b);
}

/* How botocore prints an expected value: the f-string of a Python value. */
static char *
expected_text (json_t *expected)
{
  char *dumped, *text;

  if (json_is_string (expected))
    return g_strdup (json_string_value (expected));
  if (json_is_true (expected))
    return g_strdup ("True");
  if (json_is_false (expected))
    return g_strdup ("False");
  if (json_is_null (expected))
    return g_strdup ("None");
  dumped = json_dumps (expected, JSON_ENCODE_ANY | JSON_COMPACT);
  text = g_strdup (dumped ? dumped : "");
  free (dumped);
  return text;
}

/* botocore's AcceptorConfig.explanation */
static char *
explain (GawsWaiter *self,
         guint       index)
{
  const GawsWaiterAcceptorInfo *model = &self->info->acceptors[index];
  g_autofree char *expected = expected_text (self->acceptors[index].expected);

  switch (model->matcher)
    {
    case GAWS_WAITER_MATCHER_PATH:
      return g_strdup_printf ("For expression \"%s\" we matched expected path: \"%s\"",
                              model->argument, expected);
    case GAWS_WAITER_MATCHER_PATH_ALL:
      return g_strdup_printf ("For expression \"%s\" all members matched expected path: \"%s\"",
                              model->argument, expected);
    case GAWS_WAITER_MATCHER_PATH_ANY:
      return g_strdup_printf ("For expression \"%s\" we matched expected path: \"%s\" at least once",
                              model->argument, expected);
    case GAWS_WAITER_MATCHER_STATUS:
      return g_strdup_printf ("Matched expected HTTP status code: %s", expected);
    default:
      return g_strdup_printf ("Matched expected service error code: %s", expected);
    }
}

/* Whether a failed poll is a service's answer, which acceptors look at
 * (botocore's is_valid_waiter_error); other errors end the wait as they are. */
static gboolean
is_service_answer (const GError *error)
{
  return error != NULL && error->domain == GAWS_ERROR && gaws_error_get_code (error) != NULL;
}

static gboolean
path_matches (GawsWaiter       *self,
              guint             index,
              json_t           *output,
              gboolean         *matches,
              GError          **error)
{
  const Acceptor *acceptor = &self->acceptors[index];
  guint8 matcher = self->info->acceptors[index].matcher;
  g_autoptr(json_t) result = gaws_jmespath_search (acceptor->path, output, error);
  gboolean any = FALSE, all = TRUE;
  gsize i;
  json_t *element;

  if (result == NULL)
    return FALSE;
  if (matcher == GAWS_WAITER_MATCHER_PATH)
    {
      *matches = values_equal (result, acceptor->expected);
      return TRUE;
    }
  /* pathAll and pathAny need a non-empty list. */
  if (!json_is_array (result) || json_array_size (result) == 0)
    {
      *matches = FALSE;
      return TRUE;
    }
  json_array_foreach (result, i, element)
    {
      gboolean equal = values_equal (element, acceptor->expected);

      any |= equal;
      all &= equal;
    }
  *matches = matcher == GAWS_WAITER_MATCHER_PATH_ALL ? all : any;
  return TRUE;
}

/* Whether acceptor @index matches a poll that gave @output (as JSON, when
 * it succeeded) or @poll_error. */
static gboolean
acceptor_matches (GawsWaiter    *self,
                  guint          index,
                  json_t        *output,
                  const GError  *poll_error,
                  gboolean      *matches,
                  GError       **error)
{
  json_t *expected = self->acceptors[index].expected;
  guint status;

  *matches = FALSE;
  switch (self->info->acceptors[index].matcher)
    {
    case GAWS_WAITER_MATCHER_STATUS:
      status = poll_error ? gaws_error_get_http_status (poll_error)
                          : (self->info->operation->response_code ? self->info->operation->response_code : 200);
      *matches = json_is_integer (expected) && json_integer_value (expected) == (json_int_t) status;
      return TRUE;
    case GAWS_WAITER_MATCHER_ERROR:
      if (json_is_boolean (expected))
        *matches = json_is_true (expected) == (poll_error != NULL);
      else if (json_is_string (expected))
        *matches = gaws_error_matches_code (poll_error, json_string_value (expected));
      return TRUE;
    default:
      if (poll_error != NULL)
        return TRUE;
      return path_matches (self, index, output, matches, error);
    }
}

static void
set_last_response (GawsWaiter *self,
                   GawsShape  *output)
{
  g_set_object (&self->last_response, output);
}

static void
set_attempts (GawsWaiter *self,
              guint       attempts)
{
  if (self->attempts == attempts)
    return;
  self->attempts = attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
}

/* A failure keeps the details of the service error that caused it. */
static void
keep_details (GError       *error,
              const GError *cause)
{
  if (cause == NULL)
    return;
  gaws_error_set_details (error, gaws_error_get_code (cause), gaws_error_get_message (cause),
                          gaws_error_get_http_status (cause), gaws_error_get_request_id (cause));
  /* The modelled exception too, so gaws_error_matches_type() still works. */
  if (gaws_error_get_shape (cause) != NULL)
    gaws_error_set_shape (error, gaws_error_get_shape (cause));
}

/* The index of the first acceptor that matches the poll, or -1. */
static gboolean
first_match (GawsWaiter    *self,
             GawsShape     *output,
             const GError  *poll_error,
             gint          *matched,
             GError       **error)
{
  g_autoptr(json_t) json = NULL;

  /* botocore searches the parsed response; an operation without output
   * parses to an empty object. */
  if (poll_error == NULL)
    json = output ? gaws_shape_to_json (output, GAWS_SHAPE_JSON_DEFAULT) : json_object ();
  *matched = -1;
  for (guint i = 0; i < self->info->n_acceptors; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean matches;

      if (!acceptor_matches (self, i, json, poll_error, &matches, &local_error))
        {
          *error = waiter_error (self, "Evaluating \"%s\": %s",
                                 self->info->acceptors[i].argument, local_error->message);
          return FALSE;
        }
      if (matches)
        {
          *matched = i;
          break;
        }
    }
  return TRUE;
}

static GError *
max_attempts_error (WaitData *data)
{
  GawsWaiter *self = data->self;
  g_autofree char *explanation = NULL;

  if (data->last_matched < 0)
    return waiter_error (self, "Max attempts exceeded after %u attempts", self->attempts);
  explanation = explain (self, data->last_matched);
  return waiter_error (self, "Max attempts exceeded after %u attempts. Previously accepted state: %s",
                       self->attempts, explanation);
}

/* The loop body of botocore's Waiter.wait, after one poll. Takes @poll_error. */
static Verdict
judge (WaitData   *data,
       GawsShape  *output,
       GError     *poll_error,
       GError    **error)
{
  GawsWaiter *self = data->self;
  g_autoptr(GError) owned_poll_error = poll_error;
  g_autofree char *explanation = NULL;
  gint matched;
  GawsWaiterState state;

  if (poll_error != NULL && !is_service_answer (poll_error))
    {
      set_last_response (self, NULL);
      g_propagate_error (error, g_steal_pointer (&owned_poll_error));
      return VERDICT_FAILED;
    }
  set_attempts (self, self->attempts + 1);
  set_last_response (self, output);
  if (!first_match (self, output, poll_error, &matched, error))
    return VERDICT_FAILED;

  if (matched < 0 && poll_error != NULL)
    {
      const char *message = gaws_error_get_message (poll_error);

      *error = waiter_error (self, "An error occurred (%s): %s",
                             gaws_error_get_code (poll_error), message ? message : "Unknown");
      keep_details (*error, poll_error);
      return VERDICT_FAILED;
    }
  if (matched >= 0)
    data->last_matched = matched;

  state = matched >= 0 ? self->info->acceptors[matched].state : GAWS_WAITER_STATE_RETRY;
  if (state == GAWS_WAITER_STATE_SUCCESS)
    return VERDICT_SUCCESS;
  if (state == GAWS_WAITER_STATE_FAILURE)
    {
      explanation = explain (self, matched);
      *error = waiter_error (self, "Waiter encountered a terminal failure state: %s", explanation);
      keep_details (*error, poll_error);
      return VERDICT_FAILED;
    }
  if (self->attempts >= data->max_attempts)
    {
      *error = max_attempts_error (data);
      keep_details (*error, poll_error);
      return VERDICT_FAILED;
    }
  return VERDICT_AGAIN;
}

static WaitData *
wait_data_new (GawsWaiter *self,
               GawsShape  *input)
{
  WaitData *data = g_new0 (WaitData, 1);

  data->self = self;
  data->input = input ? g_object_ref (input) : NULL;
  data->delay = self->delay;
  data->max_attempts = self->max_attempts;
  data->last_matched = -1;
  return data;
}

static void
clear_sources (WaitData *data)
{
  if (data->delay_source != NULL)
    {
      g_source_destroy (data->delay_source);
      g_clear_pointer (&data->delay_source, g_source_unref);
    }
  if (data->cancel_source != NULL)
    {
      g_source_destroy (data->cancel_source);
      g_clear_pointer (&data->cancel_source, g_source_unref);
    }
}

static void
wait_data_free (WaitData *data)
{
  clear_sources (data);
  g_clear_object (&data->input);
  g_free (data);
}

/* Starting a wait: one at a time, with compiled acceptors. */
static gboolean
begin_wait (GawsWaiter  *self,
            GError     **error)
{
  if (self->busy)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                   "Waiter %s is already waiting", self->info->name);
      return FALSE;
    }
  if (!compile_acceptors (self, error))
    return FALSE;
  self->busy = TRUE;
  set_attempts (self, 0);
  set_last_response (self, NULL);
  return TRUE;
}

/* Async */

static void poll_once (GTask *task);

static void
return_error (GTask  *task,
              GError *error)
{
  WaitData *data = g_task_get_task_data (task);

  clear_sources (data);
  data->self->busy = FALSE;
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
return_success (GTask *task)
{
  WaitData *data = g_task_get_task_data (task);

  clear_sources (data);
  data->self->busy = FALSE;
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
delay_done_cb (gpointer user_data)
{
  GTask *task = user_data;

  clear_sources (g_task_get_task_data (task));
  poll_once (task);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  return_error (task, error);
  return G_SOURCE_REMOVE;
}

/* Waits the delay on the task's main context; a cancellation ends it early. */
static void
schedule_poll (GTask *task)
{
  WaitData *data = g_task_get_task_data (task);
  GMainContext *context = g_task_get_context (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  data->delay_source = g_timeout_source_new ((guint) MIN (round (data->delay * 1000), G_MAXUINT));
  g_source_set_static_name (data->delay_source, "[gaws] waiter delay");
  g_source_set_callback (data->delay_source, delay_done_cb, task, NULL);
  g_source_attach (data->delay_source, context);
  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_static_name (data->cancel_source, "[gaws] waiter cancel");
      g_source_set_callback (data->cancel_source, G_SOURCE_FUNC (cancelled_cb), task, NULL);
      g_source_attach (data->cancel_source, context);
    }
}

static void
poll_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  WaitData *data = g_task_get_task_data (task);
  GError *poll_error = NULL, *error = NULL;
  g_autoptr(GawsShape) output = gaws_operation_invoke_finish (GAWS_CLIENT (source), result, &poll_error);

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      g_clear_error (&poll_error);
      return_error (task, error);
      return;
    }
  switch (judge (data, output, poll_error, &error))
    {
    case VERDICT_SUCCESS:
      return_success (task);
      break;
    case VERDICT_FAILED:
      return_error (task, error);
      break;
    default:
      schedule_poll (task);
    }
}

static void
poll_once (GTask *task)
{
  WaitData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      return_error (task, error);
      return;
    }
  gaws_operation_invoke_async (data->self->client, data->self->info->operation, data->input,
                               g_task_get_cancellable (task), poll_done_cb, task);
}

/**
 * gaws_waiter_wait_async:
 * @self: a #GawsWaiter
 * @input: (nullable): the input of every poll, such as a
 *   `GawsDynamodbDescribeTableInput`; it must not change during the wait
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the wait is over
 * @user_data: data for @callback
 *
 * Polls the waiter's operation with @input until an acceptor decides or
 * the maximum attempts are made, with the delay in between. The delay runs
 * on the thread-default main context of the caller.
 */
void
gaws_waiter_wait_async (GawsWaiter          *self,
                        GawsShape           *input,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  GError *error = NULL;

  g_return_if_fail (GAWS_IS_WAITER (self));
  g_return_if_fail (input == NULL || GAWS_IS_SHAPE (input));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_waiter_wait_async);
  g_task_set_name (task, "[gaws] waiter");
  if (!begin_wait (self, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, wait_data_new (self, input), (GDestroyNotify) wait_data_free);
  poll_once (task);
}

/**
 * gaws_waiter_wait_finish:
 * @self: a #GawsWaiter
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when a success acceptor matched; %FALSE with a
 *   %GAWS_ERROR_WAITER error on a failure state, an unexpected service
 *   error or too many attempts, %G_IO_ERROR_CANCELLED when cancelled,
 *   %G_IO_ERROR_PENDING when another wait was running, or the poll's own
 *   error when the service could not be asked
 */
gboolean
gaws_waiter_wait_finish (GawsWaiter    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gaws_waiter_wait_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Sync */

static gboolean
quit_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_quit_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  return quit_cb (user_data);
}

/* Blocks for @seconds on a private main context; a cancellation wakes it. */
static gboolean
sleep_cancellable (double         seconds,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new ((guint) MIN (round (seconds * 1000), G_MAXUINT));
  g_autoptr(GSource) cancel = NULL;
  gboolean done = FALSE;

  g_source_set_callback (timeout, quit_cb, &done, NULL);
  g_source_attach (timeout, context);
  if (cancellable != NULL)
    {
      cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (cancel, G_SOURCE_FUNC (cancelled_quit_cb), &done, NULL);
      g_source_attach (cancel, context);
    }
  while (!done)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  if (cancel != NULL)
    g_source_destroy (cancel);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/**
 * gaws_waiter_wait_sync:
 * @self: a #GawsWaiter
 * @input: (nullable): the input of every poll
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_waiter_wait_async() that blocks the calling thread, polls and
 * delays included; see gaws_waiter_wait_finish() for the errors.
 *
 * Returns: %TRUE when a success acceptor matched
 */
gboolean
gaws_waiter_wait_sync (GawsWaiter    *self,
                       GawsShape     *input,
                       GCancellable  *cancellable,
                       GError       **error)
{
  WaitData *data;
  Verdict verdict = VERDICT_AGAIN;

  g_return_val_if_fail (GAWS_IS_WAITER (self), FALSE);
  g_return_val_if_fail (input == NULL || GAWS_IS_SHAPE (input), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin_wait (self, error))
    return FALSE;
  data = wait_data_new (self, input);
  while (verdict == VERDICT_AGAIN)
    {
      GError *poll_error = NULL;
      g_autoptr(GawsShape) output = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          verdict = VERDICT_FAILED;
          break;
        }
      output = gaws_operation_invoke_sync (self->client, self->info->operation, data->input,
                                           cancellable, &poll_error);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_clear_error (&poll_error);
          verdict = VERDICT_FAILED;
          break;
        }
      verdict = judge (data, output, poll_error, error);
      if (verdict == VERDICT_AGAIN && !sleep_cancellable (data->delay, cancellable, error))
        verdict = VERDICT_FAILED;
    }
  wait_data_free (data);
  self->busy = FALSE;
  return verdict == VERDICT_SUCCESS;
}
