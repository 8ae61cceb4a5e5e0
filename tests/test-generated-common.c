/* test-generated-common.c: one moto with signature checking on, and a user
 * created through IAM whose key signs the calls of the generated clients
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "test-generated-common.h"

#include <string.h>
#include "gaws-test-moto.h"

/* The user is set up by hand-made IAM requests (gaws-test-moto.c), not
 * through the generated IAM client, so that a bug in one codec cannot hide
 * behind another. */
static GawsTestMoto *moto;
static char *user_key_id;
static char *user_secret;

void
tg_moto_start (void)
{
  moto = gaws_test_moto_start (GAWS_TEST_MOTO_ADMIN_USER_ACTIONS);
  gaws_test_moto_create_admin_user (moto, "gaws-tester", &user_key_id, &user_secret);
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
