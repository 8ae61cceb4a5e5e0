/* test-generated-common.c: one moto with signature checking on, and a user
 * created through IAM whose key signs the calls of the generated clients
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "test-generated-common.h"

#include <string.h>
#include "gaws-test-moto.h"

static const GawsClientServiceInfo iam_service = {
  .service_id = "IAM", .endpoint_prefix = "iam", .signing_name = "iam",
  .env_name = "IAM", .global_region = "us-east-1",
};

/* The three IAM calls that set the user up go through unsigned; moto
 * checks every request after them. They are sent by hand, not through the
 * generated IAM client, so that a bug in one codec cannot hide behind
 * another. */
#define NO_AUTH_ACTIONS 3

static GawsTestMoto *moto;
static char *user_key_id;
static char *user_secret;

static char *
xml_text (GBytes *body, const char *element)
{
  g_autofree char *open = g_strdup_printf ("<%s>", element);
  g_autofree char *close = g_strdup_printf ("</%s>", element);
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  const char *start = strstr (text, open);
  const char *end = start ? strstr (start, close) : NULL;

  if (start == NULL || end == NULL)
    return NULL;
  start += strlen (open);
  return g_strndup (start, end - start);
}

static GawsHttpResponse *
iam_call (const char *action, const char *params)
{
  g_autoptr(GawsSession) session = gaws_test_moto_new_session (moto, "AKIDBOOTSTRAP", "bootstrap");
  g_autoptr(GawsClientConfig) config = gaws_test_moto_new_config (moto);
  g_autoptr(GawsClient) client = gaws_client_new (session, config, &iam_service);
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new ("POST");
  g_autofree char *body = g_strdup_printf ("Action=%s&Version=2010-05-08&%s", action, params);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  GawsRequestOptions options = { .operation_name = action };
  g_autoptr(GError) error = NULL;
  GawsHttpResponse *response;

  gaws_http_headers_append (gaws_http_request_get_headers (request), "Content-Type",
                            "application/x-www-form-urlencoded; charset=utf-8");
  gaws_http_request_set_body (request, bytes);
  response = gaws_client_send_sync (client, request, &options, NULL, &error);
  g_assert_no_error (error);
  return response;
}

void
tg_moto_start (void)
{
  const char *admin = "PolicyDocument=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B"
                      "%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D";
  g_autofree char *policy_params = g_strdup_printf ("UserName=gaws-tester&PolicyName=admin&%s", admin);
  g_autoptr(GawsHttpResponse) created = NULL, key = NULL, policy = NULL;

  moto = gaws_test_moto_start (NO_AUTH_ACTIONS);
  created = iam_call ("CreateUser", "UserName=gaws-tester");
  key = iam_call ("CreateAccessKey", "UserName=gaws-tester");
  user_key_id = xml_text (gaws_http_response_get_body (key), "AccessKeyId");
  user_secret = xml_text (gaws_http_response_get_body (key), "SecretAccessKey");
  g_assert_nonnull (user_key_id);
  g_assert_nonnull (user_secret);
  policy = iam_call ("PutUserPolicy", policy_params);
}

void
tg_moto_stop (void)
{
  g_clear_pointer (&user_key_id, g_free);
  g_clear_pointer (&user_secret, g_free);
  gaws_test_moto_stop (moto);
  moto = NULL;
}

GawsSession *
tg_new_session (void)
{
  return gaws_test_moto_new_session (moto, user_key_id, user_secret);
}

GawsClientConfig *
tg_new_config (void)
{
  return gaws_test_moto_new_config (moto);
}

const char *
tg_moto_url (void)
{
  return gaws_test_moto_get_url (moto);
}

/* Inputs too nested to be worth building member by member are filled from
 * JSON in the model's member names, as boto3 takes them. */
void
tg_fill (gpointer    shape,
         const char *json)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gaws_shape_update_from_json_string (GAWS_SHAPE (shape), json, &error));
  g_assert_no_error (error);
}

json_t *
tg_to_json (gpointer shape)
{
  g_autofree char *text = gaws_shape_to_json_string (GAWS_SHAPE (shape));
  json_t *root = json_loads (text, 0, NULL);

  g_assert_nonnull (root);
  return root;
}

/* A string at a path of object keys and array indexes: "Item/name/S". */
const char *
tg_json_string (json_t     *root,
                const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  json_t *node = root;

  for (guint i = 0; node != NULL && parts[i] != NULL; i++)
    node = json_is_array (node) ? json_array_get (node, g_ascii_strtoull (parts[i], NULL, 10))
                                : json_object_get (node, parts[i]);
  return json_string_value (node);
}
