/* gaws-paginator.c: the pages and items of a paginated operation
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * This follows botocore's PageIterator (botocore/paginate.py) step by step:
 * the same tokens, the same truncation for MaxItems, the same resume token
 * bytes. Where botocore works on parsed dicts, the result keys here are
 * walked on the #GawsShape of the page (every result key and non-aggregate
 * key of the models is a dotted member path), and the output tokens and
 * more_results are JMESPath expressions. Nearly all of those are plain
 * member paths too (`NextToken`, `IsTruncated`): they are read straight
 * from the shape; the others (`NextMarker || Contents[-1].Key`) are
 * searched over the page's JSON, made only when one of them needs it.
 */
#include "gaws-paginator.h"
#include "gaws-error.h"
#include "gaws-jmespath.h"
#include "gaws-operation.h"
#include "gaws-shape-json.h"

#include <string.h>

/* The key botocore stores the in-page offset under in its tokens, and the
 * one listing the paths of base64-encoded bytes. */
#define TRUNCATE_KEY "boto_truncate_amount"
#define ENCODED_KEYS "boto_encoded_keys"

/* The most input tokens the string token path (next_token_strings())
 * takes; S3's ListObjectVersions has two. */
#define MAX_STRING_TOKENS 4

/* A private name, so that a json_t cleanup defined in a shared header
 * later cannot collide with this one. */
typedef json_t PagJson;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PagJson, json_decref)

/* Where a page fetch ends: the call's task gets the page (transfer
 * full) or the error, or neither at the end. The fetch shares the call's
 * task rather than making one of its own per page. */
typedef void (*PageDone) (GawsPaginator *self,
                          GTask         *task,
                          GawsShape     *page,
                          GError        *error);

/**
 * GawsPaginator:
 *
 * The pages of a paginated operation, fetched one at a time: botocore's
 * `PageIterator`. Make one with the service client's typed constructor
 * (`gaws_s3_client_get_paginator_list_objects_v2()`) or
 * gaws_client_get_paginator(), set the `PaginationConfig` if wanted, then
 * call gaws_paginator_next_page_async() until it gives %NULL, or
 * gaws_paginator_next_item_async() until it gives %FALSE, or
 * gaws_paginator_build_full_result_async() once.
 *
 * A paginator is not thread-safe and runs one call at a time.
 */
struct _GawsPaginator
{
  GObject                  parent_instance;
  GawsClient              *client;
  const GawsPaginatorInfo *info;
  GawsShape               *input;          /* our copy; tokens are set on it */

  /* Compiled once, at construction. A member path (GArray of guint
   * member indices) is there for each expression or key that is a plain
   * member path through structures, NULL for the others. */
  GPtrArray               *output_tokens;  /* GawsJmespath */
  GPtrArray               *output_token_members;  /* member path or NULL */
  GawsJmespath            *more_results;
  GArray                  *more_results_members;
  GPtrArray               *result_paths;   /* GStrv: member names */
  GPtrArray               *result_members; /* member path or NULL */
  GPtrArray               *non_aggregate_paths;
  GPtrArray               *non_aggregate_members;  /* member path or NULL */
  GError                  *setup_error;    /* a paginator the runtime can't run */

  /* PaginationConfig */
  guint                    max_items;      /* 0: no limit */
  guint                    page_size;      /* 0: the service's default */
  char                    *starting_token;

  /* Where the iteration is */
  gboolean                 started;
  gboolean                 got_page;
  gboolean                 done;
  gboolean                 in_flight;
  GError                  *error;          /* sticky: pagination cannot go on */
  json_t                  *next_token;     /* input token name → value or null */
  json_t                  *previous_next_token;
  guint64                  total_items;
  guint                    starting_truncation;
  json_t                  *non_aggregate_part;
  json_t                  *page_json;      /* of the last page, when made */
  gboolean                 page_json_full; /* else only token_members */
  GArray                  *token_members;  /* guint: the output members the
                                            * expressions that are not member
                                            * paths name; NULL: all */
  PageDone                 page_done;      /* of the page in flight */

  /* The string token path: when every output token is a member path to
   * a string and every input token a string member, the token going from
   * one page to the next is read, compared and set as strings, and its
   * JSON is made only when needed (see sync_token_json()). */
  gboolean                 string_tokens;
  guint                    token_inputs[MAX_STRING_TOKENS];  /* input member indices */
  gboolean                 tokens_in_input; /* next_token and previous_next_token
                                             * are stale: the token is the
                                             * input's token members */
  char                    *resume_token;

  /* next_item: the page being flattened */
  GawsShape               *item_page;
  guint                    item_key;
  guint                    item_index;
};

G_DEFINE_FINAL_TYPE (GawsPaginator, gaws_paginator, G_TYPE_OBJECT)

static void
member_path_free (gpointer path)
{
  if (path != NULL)
    g_array_unref (path);
}

static void
gaws_paginator_finalize (GObject *object)
{
  GawsPaginator *self = GAWS_PAGINATOR (object);

  g_clear_object (&self->client);
  g_clear_object (&self->input);
  g_clear_pointer (&self->output_tokens, g_ptr_array_unref);
  g_clear_pointer (&self->output_token_members, g_ptr_array_unref);
  g_clear_pointer (&self->more_results, gaws_jmespath_unref);
  g_clear_pointer (&self->more_results_members, g_array_unref);
  g_clear_pointer (&self->result_paths, g_ptr_array_unref);
  g_clear_pointer (&self->result_members, g_ptr_array_unref);
  g_clear_pointer (&self->non_aggregate_paths, g_ptr_array_unref);
  g_clear_pointer (&self->non_aggregate_members, g_ptr_array_unref);
  g_clear_error (&self->setup_error);
  g_free (self->starting_token);
  g_clear_error (&self->error);
  g_clear_pointer (&self->next_token, json_decref);
  g_clear_pointer (&self->previous_next_token, json_decref);
  g_clear_pointer (&self->non_aggregate_part, json_decref);
  g_clear_pointer (&self->page_json, json_decref);
  g_clear_pointer (&self->token_members, g_array_unref);
  g_free (self->resume_token);
  g_clear_object (&self->item_page);
  G_OBJECT_CLASS (gaws_paginator_parent_class)->finalize (object);
}

static void
gaws_paginator_class_init (GawsPaginatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_paginator_finalize;
}

static void
gaws_paginator_init (GawsPaginator *self)
{
  self->output_tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) gaws_jmespath_unref);
  self->output_token_members = g_ptr_array_new_with_free_func (member_path_free);
  self->result_paths = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->result_members = g_ptr_array_new_with_free_func (member_path_free);
  self->non_aggregate_paths = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->non_aggregate_members = g_ptr_array_new_with_free_func (member_path_free);
}

static guint
strv_length0 (const char *const *strv)
{
  return strv != NULL ? g_strv_length ((char **) strv) : 0;
}

/* --- construction --------------------------------------------------- */

static void
set_setup_error (GawsPaginator *self,
                 const char    *what,
                 const char    *expression)
{
  if (self->setup_error == NULL)
    self->setup_error = g_error_new (GAWS_ERROR, GAWS_ERROR_PAGINATION,
                                     "Paginator of %s: unsupported %s “%s”",
                                     self->info->operation->name, what, expression);
}

/* Result keys and non-aggregate keys are dotted member names in every
 * model; anything else is refused when the first page is asked for. */
static char **
split_member_path (const char *expression)
{
  g_auto(GStrv) parts = g_strsplit (expression, ".", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0')
        return NULL;
      for (const char *p = parts[i]; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '_')
          return NULL;
    }
  return g_steal_pointer (&parts);
}

/* The member indices of @expression when it is a plain member path
 * through structures of @output (`NextToken`, `Result.NextToken`), which
 * JMESPath evaluates to that member, or to null where one on the way is
 * unset. NULL for anything else, left to JMESPath over the page's JSON:
 * other expressions, names that are not members (a missing key),
 * paths into maps or lists. */
static GArray *
compile_member_path (const GawsShapeInfo *output,
                     const char          *expression)
{
  g_auto(GStrv) parts = split_member_path (expression);
  const GawsShapeInfo *shape = output;
  GArray *path;

  if (parts == NULL || parts[0] == NULL)
    return NULL;
  path = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint index = -1;
      guint member;

      /* A JMESPath identifier does not start with a digit. */
      if (shape != NULL && shape->kind == GAWS_SHAPE_KIND_STRUCTURE && !g_ascii_isdigit (parts[i][0]))
        index = gaws_shape_info_find_member (shape, parts[i]);
      if (index < 0)
        {
          g_array_unref (path);
          return NULL;
        }
      member = (guint) index;
      g_array_append_val (path, member);
      shape = shape->members[member].shape;
    }
  return path;
}

/* @members_out gets the member path of each path, or NULL. */
static void
compile_paths (GawsPaginator      *self,
               const char *const  *expressions,
               GPtrArray          *out,
               GPtrArray          *members_out,
               const char         *what)
{
  const GawsShapeInfo *output = self->info->operation->output;

  for (guint i = 0; expressions != NULL && expressions[i] != NULL; i++)
    {
      char **path = split_member_path (expressions[i]);

      if (path == NULL)
        set_setup_error (self, what, expressions[i]);
      else
        {
          g_ptr_array_add (out, path);
          g_ptr_array_add (members_out,
                           output != NULL ? compile_member_path (output, expressions[i]) : NULL);
        }
    }
}

/* Adds to @members the output members whose names appear in @expression
 * as identifiers: a superset of what it reads. FALSE when it has quoted
 * names or literals, which are not looked into. */
static gboolean
add_named_members (const GawsShapeInfo *output,
                   const char          *expression,
                   GArray              *members)
{
  const char *p = expression;

  if (strpbrk (expression, "\"'`") != NULL)
    return FALSE;
  while (*p != '\0')
    {
      const char *start = p;
      gint index;

      if (!g_ascii_isalpha (*p) && *p != '_')
        {
          p++;
          continue;
        }
      while (g_ascii_isalnum (*p) || *p == '_')
        p++;
      for (guint i = 0; i < output->n_members; i++)
        if (strlen (output->members[i].name) == (gsize) (p - start) &&
            strncmp (output->members[i].name, start, p - start) == 0)
          {
            index = (gint) i;
            for (guint j = 0; j < members->len && index >= 0; j++)
              if (g_array_index (members, guint, j) == (guint) index)
                index = -1;
            if (index >= 0)
              g_array_append_val (members, i);
          }
    }
  return TRUE;
}

/* Which members of a page the expressions that are not member paths
 * read: converting only those to JSON spares converting every item of
 * every page. (The member paths are read from the shape.) */
static void
find_token_members (GawsPaginator *self)
{
  const GawsPaginatorInfo *info = self->info;
  const GawsShapeInfo *output = info->operation->output;
  GArray *members;
  gboolean ok = output != NULL;

  if (!ok)
    return;
  members = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; ok && i < self->output_tokens->len; i++)
    if (self->output_token_members->pdata[i] == NULL)
      ok = add_named_members (output, info->output_tokens[i], members);
  if (ok && self->more_results != NULL && self->more_results_members == NULL)
    ok = add_named_members (output, info->more_results, members);
  for (guint i = 0; ok && i < self->non_aggregate_paths->len; i++)
    {
      char **path = self->non_aggregate_paths->pdata[i];

      for (guint j = 0; ok && self->non_aggregate_members->pdata[i] == NULL && path[j] != NULL; j++)
        ok = add_named_members (output, path[j], members);
    }
  if (ok)
    self->token_members = members;
  else
    g_array_unref (members);
}

/* The JSON of @page: whole (@full) or only its token members. */
static json_t *
page_to_json (GawsPaginator *self,
              GawsShape     *page,
              gboolean       full)
{
  json_t *object;

  if (full || self->token_members == NULL)
    {
      self->page_json_full = TRUE;
      return gaws_shape_to_json (page, GAWS_SHAPE_JSON_DEFAULT);
    }
  object = json_object ();
  for (guint i = 0; i < self->token_members->len; i++)
    {
      guint index = g_array_index (self->token_members, guint, i);
      const GawsMemberInfo *member = &gaws_shape_get_info (page)->members[index];
      const GValue *value = gaws_shape_get_value (page, index);

      if (value != NULL)
        json_object_set_new (object, member->name,
                             gaws_shape_json_from_value (member, value, GAWS_SHAPE_JSON_DEFAULT));
    }
  self->page_json_full = FALSE;
  return object;
}

/* A member whose value is a plain string, the same in a token's JSON. */
static gboolean
is_plain_string (const GawsMemberInfo *member)
{
  return member->shape->kind == GAWS_SHAPE_KIND_STRING && !(member->flags & GAWS_MEMBER_FLAG_JSONVALUE);
}

/* Whether the string token path can take the paginator's tokens: all
 * output tokens member paths to plain strings, all input tokens plain
 * string members. */
static void
find_string_tokens (GawsPaginator *self)
{
  const GawsShapeInfo *input_info = self->info->operation->input;
  const GawsShapeInfo *output_info = self->info->operation->output;
  guint n = self->output_tokens->len;

  if (self->setup_error != NULL || input_info == NULL || output_info == NULL ||
      n == 0 || n > MAX_STRING_TOKENS)
    return;
  for (guint i = 0; i < n; i++)
    {
      GArray *members = self->output_token_members->pdata[i];
      const GawsShapeInfo *shape = output_info;
      const GawsMemberInfo *member = NULL;
      gint index = gaws_shape_info_find_member (input_info, self->info->input_tokens[i]);

      if (members == NULL || index < 0 || !is_plain_string (&input_info->members[index]))
        return;
      for (guint j = 0; j < members->len; j++)
        {
          member = &shape->members[g_array_index (members, guint, j)];
          shape = member->shape;
        }
      if (!is_plain_string (member))
        return;
      self->token_inputs[i] = (guint) index;
    }
  self->string_tokens = TRUE;
}

static void
compile_info (GawsPaginator *self)
{
  const GawsPaginatorInfo *info = self->info;
  const GawsShapeInfo *input_info = info->operation->input;
  const GawsShapeInfo *output_info = info->operation->output;
  guint n_inputs = strv_length0 (info->input_tokens);

  if (n_inputs == 0 || n_inputs != strv_length0 (info->output_tokens))
    set_setup_error (self, "token list of", info->python_name ? info->python_name : "");
  for (guint i = 0; i < n_inputs; i++)
    if (input_info == NULL || gaws_shape_info_find_member (input_info, info->input_tokens[i]) < 0)
      set_setup_error (self, "input token", info->input_tokens[i]);
  for (guint i = 0; info->output_tokens != NULL && info->output_tokens[i] != NULL; i++)
    {
      GawsJmespath *expression = gaws_jmespath_compile (info->output_tokens[i], NULL);

      if (expression == NULL)
        set_setup_error (self, "output token", info->output_tokens[i]);
      else
        {
          g_ptr_array_add (self->output_tokens, expression);
          g_ptr_array_add (self->output_token_members, output_info != NULL ?
                           compile_member_path (output_info, info->output_tokens[i]) : NULL);
        }
    }
  if (info->more_results != NULL)
    {
      self->more_results = gaws_jmespath_compile (info->more_results, NULL);
      if (self->more_results == NULL)
        set_setup_error (self, "more_results", info->more_results);
      else if (output_info != NULL)
        self->more_results_members = compile_member_path (output_info, info->more_results);
    }
  compile_paths (self, info->result_keys, self->result_paths, self->result_members, "result key");
  compile_paths (self, info->non_aggregate_keys, self->non_aggregate_paths,
                 self->non_aggregate_members, "non-aggregate key");
  find_token_members (self);
  find_string_tokens (self);
}

/**
 * gaws_paginator_new:
 * @client: the #GawsClient of the service
 * @info: the paginator's descriptor, from the service's tables
 * @input: (nullable): the operation's input; the paginator takes a copy
 *
 * Makes an iterator over the pages of @info's operation, as botocore's
 * `client.get_paginator (name).paginate (**input)` does. Nothing is sent
 * before the first gaws_paginator_next_page_async(). Set the
 * `PaginationConfig` (gaws_paginator_set_max_items(),
 * gaws_paginator_set_page_size(), gaws_paginator_set_starting_token())
 * before that.
 *
 * Returns: (transfer full): a new #GawsPaginator
 */
GawsPaginator *
gaws_paginator_new (GawsClient              *client,
                    const GawsPaginatorInfo *info,
                    GawsShape               *input)
{
  GawsPaginator *self;

  g_return_val_if_fail (GAWS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (info != NULL && info->operation != NULL, NULL);
  g_return_val_if_fail (input == NULL || GAWS_IS_SHAPE (input), NULL);

  self = g_object_new (GAWS_TYPE_PAGINATOR, NULL);
  self->client = g_object_ref (client);
  self->info = info;
  if (input != NULL)
    self->input = gaws_shape_copy (input);
  else if (info->operation->input != NULL)
    self->input = gaws_shape_new (info->operation->input);
  compile_info (self);
  return self;
}

/**
 * gaws_client_get_paginator:
 * @client: a #GawsClient
 * @operation_name: the operation, by its boto3 name (`list_objects_v2`) or
 *   its model name (`ListObjectsV2`)
 * @input: (nullable): the operation's input; the paginator takes a copy
 * @error: return location for a #GError
 *
 * Looks @operation_name up in the paginators of @client's service and
 * makes a #GawsPaginator for it with gaws_paginator_new().
 *
 * Returns: (transfer full) (nullable): a new #GawsPaginator, or %NULL with
 *   %GAWS_ERROR_INVALID_ARGUMENT when the operation cannot be paginated
 */
GawsPaginator *
gaws_client_get_paginator (GawsClient  *client,
                           const char  *operation_name,
                           GawsShape   *input,
                           GError     **error)
{
  const GawsServiceInfo *model;
  const GawsPaginatorInfo *info;

  g_return_val_if_fail (GAWS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (operation_name != NULL, NULL);

  model = gaws_client_get_model (client);
  info = model ? gaws_service_info_find_paginator (model, operation_name) : NULL;
  if (info == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Operation cannot be paginated: %s", operation_name);
      return NULL;
    }
  if (input != NULL && info->operation->input != NULL
      && gaws_shape_get_info (input) != info->operation->input)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "The input of a %s paginator must be a %s, not a %s",
                   operation_name, info->operation->input->name,
                   gaws_shape_get_info (input)->name);
      return NULL;
    }
  return gaws_paginator_new (client, info, input);
}

/* --- PaginationConfig ------------------------------------------------ */

/**
 * gaws_paginator_get_info:
 * @self: a #GawsPaginator
 *
 * Returns: (transfer none): the paginator's descriptor
 */
const GawsPaginatorInfo *
gaws_paginator_get_info (GawsPaginator *self)
{
  g_return_val_if_fail (GAWS_IS_PAGINATOR (self), NULL);
  return self->info;
}

/**
 * gaws_paginator_get_client:
 * @self: a #GawsPaginator
 *
 * Returns: (transfer none): the client the paginator calls
 */
GawsClient *
gaws_paginator_get_client (GawsPaginator *self)
{
  g_return_val_if_fail (GAWS_IS_PAGINATOR (self), NULL);
  return self->client;
}

/**
 * gaws_paginator_set_max_items:
 * @self: a #GawsPaginator
 * @max_items: the most items to return, or 0 for no limit
 *
 * `PaginationConfig.MaxItems`: the items of the first result key counted
 * over all pages. The page that reaches the limit is cut, and
 * gaws_paginator_get_resume_token() then gives the token that resumes
 * after its last item. Set it before the first page.
 */
void
gaws_paginator_set_max_items (GawsPaginator *self,
                              guint          max_items)
{
  g_return_if_fail (GAWS_IS_PAGINATOR (self));
  g_return_if_fail (!self->started);
  self->max_items = max_items;
}

/**
 * gaws_paginator_get_max_items:
 * @self: a #GawsPaginator
 *
 * Returns: the limit set with gaws_paginator_set_max_items(), or 0
 */
guint
gaws_paginator_get_max_items (GawsPaginator *self)
{
  g_return_val_if_fail (GAWS_IS_PAGINATOR (self), 0);
  return self->max_items;
}

/**
 * gaws_paginator_set_page_size:
 * @self: a #GawsPaginator
 * @page_size: the items per page to ask for, or 0 for the service's default
 *
 * `PaginationConfig.PageSize`: sent as the paginator's limit key (`MaxKeys`,
 * `Limit`, `MaxResults`, ...). For an operation without a limit key the
 * first page fails with %GAWS_ERROR_PAGINATION, as in botocore. Set it
 * before the first page.
 */
void
gaws_paginator_set_page_size (GawsPaginator *self,
                              guint          page_size)
{
  g_return_if_fail (GAWS_IS_PAGINATOR (self));
  g_return_if_fail (!self->started);
  self->page_size = page_size;
}

/**
 * gaws_paginator_get_page_size:
 * @self: a #GawsPaginator
 *
 * Returns: the page size set with gaws_paginator_set_page_size(), or 0
 */
guint
gaws_paginator_get_page_size (GawsPaginator *self)
{
  g_return_val_if_fail (GAWS_IS_PAGINATOR (self), 0);
  return self->page_size;
}

/**
 * gaws_paginator_set_starting_token:
 * @self: a #GawsPaginator
 * @token: (nullable): a resume token from gaws_paginator_get_resume_token()
 *   or from botocore, or %NULL to start at the beginning
 *
 * `PaginationConfig.StartingToken`: where to start. The token is botocore's:
 * base64 of a JSON object holding the input tokens and, when a page was cut,
 * `boto_truncate_amount`, the items of that page already returned. botocore's
 * deprecated form (`token___offset`) is read too. A token that is neither
 * makes the first page fail with %GAWS_ERROR_PAGINATION. Set it before the
 * first page.
 */
void
gaws_paginator_set_starting_token (GawsPaginator *self,
                                   const char    *token)
{
  g_return_if_fail (GAWS_IS_PAGINATOR (self));
  g_return_if_fail (!self->started);
  g_free (self->starting_token);
  self->starting_token = g_strdup (token);
}

/**
 * gaws_paginator_get_resume_token:
 * @self: a #GawsPaginator
 *
 * The token that continues where the paginator stopped because of
 * gaws_paginator_set_max_items(), in botocore's format (so botocore takes
 * it as `StartingToken` too). botocore's build_full_result() puts it in the
 * result as `NextToken`.
 *
 * Returns: (nullable): the resume token, or %NULL when the paginator did
 *   not stop at the max items (yet)
 */
const char *
gaws_paginator_get_resume_token (GawsPaginator *self)
{
  g_return_val_if_fail (GAWS_IS_PAGINATOR (self), NULL);
  return self->resume_token;
}

/**
 * gaws_paginator_is_done:
 * @self: a #GawsPaginator
 *
 * Returns: %TRUE when no page is left to fetch: the last page was
 *   returned, the max items were reached, or pagination failed
 */
gboolean
gaws_paginator_is_done (GawsPaginator *self)
{
  g_return_val_if_fail (GAWS_IS_PAGINATOR (self), TRUE);
  return self->done || self->error != NULL;
}

/* --- JSON helpers ---------------------------------------------------- */

static json_t *
json_lookup_path (json_t     *root,
                  char      **path)
{
  json_t *node = root;

  for (guint i = 0; node != NULL && path[i] != NULL; i++)
    node = json_is_object (node) ? json_object_get (node, path[i]) : NULL;
  return node;
}

/* botocore's set_value_from_jmespath(): makes the objects on the way. */
static void
json_set_path (json_t  *root,
               char   **path,
               json_t  *value)
{
  json_t *node = root;
  guint i;

  for (i = 0; path[i + 1] != NULL; i++)
    {
      json_t *next = json_object_get (node, path[i]);

      if (!json_is_object (next))
        {
          next = json_object ();
          json_object_set_new (node, path[i], next);
        }
      node = next;
    }
  json_object_set_new (node, path[i], value);
}

/* botocore's merge_dicts() without append_lists. */
static void
json_merge (json_t *into,
            json_t *from)
{
  const char *key;
  json_t *value;

  json_object_foreach (from, key, value)
    {
      json_t *existing = json_object_get (into, key);

      if (json_is_object (existing) && json_is_object (value))
        json_merge (existing, value);
      else
        json_object_set (into, key, value);
    }
}

/* Python's truth value, which botocore tests tokens and more_results by. */
static gboolean
json_truthy (json_t *value)
{
  switch (value != NULL ? json_typeof (value) : JSON_NULL)
    {
    case JSON_OBJECT:
      return json_object_size (value) > 0;
    case JSON_ARRAY:
      return json_array_size (value) > 0;
    case JSON_STRING:
      return json_string_length (value) > 0;
    case JSON_INTEGER:
      return json_integer_value (value) != 0;
    case JSON_REAL:
      return json_real_value (value) != 0.0;
    case JSON_TRUE:
      return TRUE;
    case JSON_FALSE:
    case JSON_NULL:
    default:
      return FALSE;
    }
}

/* --- tokens ------------------------------------------------------------ */

/* The paths of the blobs in a token, for botocore's `boto_encoded_keys`:
 * our JSON already holds blobs in base64, botocore needs to know where. */
static void
collect_blob_paths (const GawsShapeInfo *shape,
                    json_t              *json,
                    json_t              *path,
                    json_t              *out)
{
  const char *key;
  json_t *value;

  switch ((GawsShapeKind) shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
    case GAWS_SHAPE_KIND_MAP:
      json_object_foreach (json, key, value)
        {
          const GawsShapeInfo *child;
          gint index = 1;

          if (shape->kind != GAWS_SHAPE_KIND_MAP)
            index = gaws_shape_info_find_member (shape, key);
          if (index < 0)
            continue;
          child = shape->members[index].shape;
          json_array_append_new (path, json_string (key));
          collect_blob_paths (child, value, path, out);
          json_array_remove (path, json_array_size (path) - 1);
        }
      break;
    case GAWS_SHAPE_KIND_LIST:
      for (gsize i = 0; json_is_array (json) && i < json_array_size (json); i++)
        {
          json_array_append_new (path, json_integer ((json_int_t) i));
          collect_blob_paths (shape->members[0].shape, json_array_get (json, i), path, out);
          json_array_remove (path, json_array_size (path) - 1);
        }
      break;
    case GAWS_SHAPE_KIND_BLOB:
      if (json_is_string (json))
        json_array_append_new (out, json_deep_copy (path));
      break;
    default:
      break;
    }
}

/* botocore's TokenEncoder: base64 of `json.dumps (token)`. jansson's
 * default separators are Python's, and its objects keep insertion order. */
static char *
encode_token (GawsPaginator *self,
              json_t        *token)
{
  const GawsShapeInfo *input_info = self->info->operation->input;
  g_autoptr(PagJson) copy = json_deep_copy (token);
  g_autoptr(PagJson) encoded = json_array ();
  g_autofree char *text = NULL;

  for (guint i = 0; self->info->input_tokens[i] != NULL; i++)
    {
      const char *name = self->info->input_tokens[i];
      gint index = gaws_shape_info_find_member (input_info, name);
      g_autoptr(PagJson) path = json_array ();

      json_array_append_new (path, json_string (name));
      if (index >= 0 && json_object_get (copy, name) != NULL)
        collect_blob_paths (input_info->members[index].shape,
                            json_object_get (copy, name), path, encoded);
    }
  if (json_array_size (encoded) > 0)
    json_object_set (copy, ENCODED_KEYS, encoded);
  text = json_dumps (copy, JSON_ENSURE_ASCII);
  return g_base64_encode ((const guchar *) text, strlen (text));
}

static json_t *
empty_token (GawsPaginator *self)
{
  json_t *token = json_object ();

  for (guint i = 0; self->info->input_tokens[i] != NULL; i++)
    json_object_set_new (token, self->info->input_tokens[i], json_null ());
  return token;
}

static gboolean
bad_starting_token (GawsPaginator  *self,
                    GError        **error)
{
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_PAGINATION,
               "Bad starting token: %s", self->starting_token);
  return FALSE;
}

/* botocore's _parse_starting_token_deprecated(): `tok1___tok2___index`. */
static gboolean
parse_deprecated_token (GawsPaginator  *self,
                        json_t        **token,
                        guint          *index,
                        GError        **error)
{
  g_auto(GStrv) parts = g_strsplit (self->starting_token, "___", -1);
  guint n_parts = g_strv_length (parts);
  guint n_inputs = g_strv_length ((char **) self->info->input_tokens);
  guint64 number;

  *index = 0;
  if (n_parts == n_inputs + 1
      && g_ascii_string_to_unsigned (parts[n_parts - 1], 10, 0, G_MAXUINT, &number, NULL))
    {
      *index = (guint) number;
      n_parts--;
    }
  if (n_parts > n_inputs)
    return bad_starting_token (self, error);
  *token = empty_token (self);
  for (guint i = 0; i < n_parts; i++)
    if (g_strcmp0 (parts[i], "None") != 0)
      json_object_set_new (*token, self->info->input_tokens[i], json_string (parts[i]));
  return TRUE;
}

static gboolean
is_input_token (GawsPaginator *self,
                const char    *key)
{
  return g_strv_contains ((const char *const *) self->info->input_tokens, key);
}

/* botocore's TokenDecoder + _parse_starting_token(). Unlike botocore, a
 * token that is neither base64 JSON nor the deprecated `___` form is an
 * error, not a service token passed through as is. */
static gboolean
parse_starting_token (GawsPaginator  *self,
                      json_t        **token,
                      guint          *index,
                      GError        **error)
{
  gsize length = 0;
  g_autofree guchar *bytes = NULL;
  g_autoptr(PagJson) decoded = NULL;
  json_t *amount;
  const char *key;
  json_t *value;

  if (strstr (self->starting_token, "___") != NULL)
    return parse_deprecated_token (self, token, index, error);
  bytes = g_base64_decode (self->starting_token, &length);
  if (length == 0 || !g_utf8_validate ((const char *) bytes, (gssize) length, NULL))
    return bad_starting_token (self, error);
  decoded = json_loadb ((const char *) bytes, length, JSON_REJECT_DUPLICATES, NULL);
  if (!json_is_object (decoded))
    return bad_starting_token (self, error);
  json_object_del (decoded, ENCODED_KEYS);
  amount = json_object_get (decoded, TRUNCATE_KEY);
  *index = 0;
  if (amount != NULL)
    {
      if (!json_is_integer (amount) || json_integer_value (amount) < 0
          || json_integer_value (amount) > G_MAXUINT)
        return bad_starting_token (self, error);
      *index = (guint) json_integer_value (amount);
      json_object_del (decoded, TRUNCATE_KEY);
    }
  json_object_foreach (decoded, key, value)
    if (!is_input_token (self, key))
      return bad_starting_token (self, error);
  *token = empty_token (self);
  json_object_update (*token, decoded);
  return TRUE;
}

/* botocore's _inject_token_into_kwargs(). */
static gboolean
inject_token (GawsPaginator  *self,
              json_t         *token,
              GError        **error)
{
  const GawsShapeInfo *input_info = gaws_shape_get_info (self->input);

  for (guint i = 0; self->info->input_tokens[i] != NULL; i++)
    {
      const char *name = self->info->input_tokens[i];
      json_t *value = json_object_get (token, name);
      gint index = gaws_shape_info_find_member (input_info, name);
      g_autoptr(GError) local_error = NULL;

      if (index < 0)
        continue;
      if (value == NULL || json_is_null (value)
          || (json_is_string (value) && g_strcmp0 (json_string_value (value), "None") == 0))
        gaws_shape_unset (self->input, (guint) index);
      else if (!gaws_shape_json_to_member (self->input, (guint) index, value,
                                           GAWS_SHAPE_JSON_DEFAULT, &local_error))
        {
          g_set_error (error, GAWS_ERROR, GAWS_ERROR_PAGINATION,
                       "Bad pagination token for %s: %s", name, local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
inject_page_size (GawsPaginator  *self,
                  GError        **error)
{
  const char *limit_key = self->info->limit_key;
  const GawsShapeInfo *input_info = gaws_shape_get_info (self->input);
  g_autoptr(PagJson) value = NULL;
  gint index;

  index = limit_key != NULL ? gaws_shape_info_find_member (input_info, limit_key) : -1;
  if (index < 0)
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_PAGINATION,
                           "PageSize parameter is not supported for the "
                           "pagination interface for this operation.");
      return FALSE;
    }
  if (input_info->members[index].shape->kind == GAWS_SHAPE_KIND_STRING)
    {
      g_autofree char *text = g_strdup_printf ("%u", self->page_size);
      value = json_string (text);
    }
  else
    value = json_integer (self->page_size);
  if (!gaws_shape_json_to_member (self->input, (guint) index, value, GAWS_SHAPE_JSON_DEFAULT, error))
    return FALSE;
  return TRUE;
}

/* botocore's __iter__ up to the first request: the starting token and
 * the page size go into the input. */
static gboolean
start (GawsPaginator  *self,
       GError        **error)
{
  json_t *token = NULL;

  if (self->setup_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->setup_error));
      return FALSE;
    }
  if (self->input == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_PAGINATION,
                   "Operation %s has no input to paginate", self->info->operation->name);
      return FALSE;
    }
  if (self->starting_token != NULL)
    {
      if (!parse_starting_token (self, &token, &self->starting_truncation, error))
        return FALSE;
      self->next_token = token;
      if (!inject_token (self, token, error))
        return FALSE;
    }
  else
    self->next_token = empty_token (self);
  if (self->page_size > 0 && !inject_page_size (self, error))
    return FALSE;
  return TRUE;
}

/* --- result keys on shapes ------------------------------------------ */

/* The structure holding the last member of @members, and that member's
 * index; FALSE when a structure on the way is unset. */
static gboolean
resolve_members (GawsShape   *page,
                 GArray      *members,
                 GawsShape  **holder,
                 guint       *index)
{
  GawsShape *shape = page;

  for (guint i = 0; i + 1 < members->len; i++)
    {
      const GValue *value = gaws_shape_get_value (shape, g_array_index (members, guint, i));

      if (value == NULL || !G_VALUE_HOLDS (value, GAWS_TYPE_SHAPE) || g_value_get_object (value) == NULL)
        return FALSE;
      shape = g_value_get_object (value);
    }
  *holder = shape;
  *index = g_array_index (members, guint, members->len - 1);
  return TRUE;
}

/* resolve_members() for @path, by its member path @members when it has
 * one (no names looked up), else by its names. */
static gboolean
resolve_path (GawsShape   *page,
              char       **path,
              GArray      *members,
              GawsShape  **holder,
              guint       *index)
{
  GawsShape *shape = page;

  if (members != NULL)
    return resolve_members (page, members, holder, index);
  for (guint i = 0; path[i] != NULL; i++)
    {
      const GawsShapeInfo *info = gaws_shape_get_info (shape);
      gint member = gaws_shape_info_find_member (info, path[i]);
      const GValue *value;

      if (member < 0)
        return FALSE;
      if (path[i + 1] == NULL)
        {
          *holder = shape;
          *index = (guint) member;
          return TRUE;
        }
      value = gaws_shape_get_value (shape, (guint) member);
      if (value == NULL || !G_VALUE_HOLDS (value, GAWS_TYPE_SHAPE) || g_value_get_object (value) == NULL)
        return FALSE;
      shape = g_value_get_object (value);
    }
  return FALSE;
}

/* The list result key @key names in @page, or NULL when it is unset or
 * not a list. */
static GPtrArray *
result_list (GawsPaginator         *self,
             GawsShape             *page,
             guint                  key,
             const GawsMemberInfo **member)
{
  GawsShape *holder;
  guint index;
  const GValue *value;

  if (!resolve_path (page, self->result_paths->pdata[key], self->result_members->pdata[key],
                     &holder, &index))
    return NULL;
  if (member != NULL)
    *member = &gaws_shape_get_info (holder)->members[index];
  value = gaws_shape_get_value (holder, index);
  if (value == NULL || !G_VALUE_HOLDS (value, G_TYPE_PTR_ARRAY))
    return NULL;
  return g_value_get_boxed (value);
}

/* botocore's _handle_first_request(): a starting token cut into the
 * first page; the other result keys were returned with the page it was
 * cut from, so they are emptied. */
static void
handle_first_request (GawsPaginator *self,
                      GawsShape     *page)
{
  GPtrArray *primary = result_list (self, page, 0, NULL);

  if (primary != NULL)
    g_ptr_array_remove_range (primary, 0, MIN (self->starting_truncation, primary->len));
  for (guint i = 1; i < self->result_paths->len; i++)
    {
      GawsShape *holder;
      guint index;
      const GawsShapeInfo *shape;
      GPtrArray *list;

      if (!resolve_path (page, self->result_paths->pdata[i], self->result_members->pdata[i],
                         &holder, &index)
          || !gaws_shape_is_set (holder, index))
        continue;
      shape = gaws_shape_get_info (holder)->members[index].shape;
      list = result_list (self, page, i, NULL);
      if (list != NULL)
        g_ptr_array_set_size (list, 0);
      else if (shape->kind == GAWS_SHAPE_KIND_STRING)
        gaws_shape_set_string (holder, index, "");
      else if (shape->kind != GAWS_SHAPE_KIND_INTEGER && shape->kind != GAWS_SHAPE_KIND_LONG
               && shape->kind != GAWS_SHAPE_KIND_FLOAT && shape->kind != GAWS_SHAPE_KIND_DOUBLE)
        gaws_shape_unset (holder, index);
    }
}

/* --- expressions on a page ------------------------------------------- */

/* The JSON of the member @members names in @page, the same value the
 * page's JSON holds there; NULL when a member on the way is unset. */
static json_t *
member_path_value (GawsShape *page,
                   GArray    *members)
{
  GawsShape *holder;
  guint index;
  const GValue *value;

  if (!resolve_members (page, members, &holder, &index)
      || (value = gaws_shape_get_value (holder, index)) == NULL)
    return NULL;
  return gaws_shape_json_from_value (&gaws_shape_get_info (holder)->members[index],
                                     value, GAWS_SHAPE_JSON_DEFAULT);
}

/* The JSON of @page's token members, made on first use: only expressions
 * that are not member paths need it. It lives until the next page, for
 * accumulate_page() when it is whole. */
static json_t *
get_page_json (GawsPaginator *self,
               GawsShape     *page)
{
  if (self->page_json == NULL)
    self->page_json = page_to_json (self, page, FALSE);
  return self->page_json;
}

/* @expression's value on @page (new reference, nullable): from the shape
 * when @members is its member path, else searched over the JSON. */
static json_t *
search_page (GawsPaginator *self,
             GawsShape     *page,
             GawsJmespath  *expression,
             GArray        *members)
{
  if (members != NULL)
    return member_path_value (page, members);
  return gaws_jmespath_search (expression, get_page_json (self, page), NULL);
}

static void
record_non_aggregate (GawsPaginator *self,
                      GawsShape     *page)
{
  self->non_aggregate_part = json_object ();
  for (guint i = 0; i < self->non_aggregate_paths->len; i++)
    {
      char **path = self->non_aggregate_paths->pdata[i];
      GArray *members = self->non_aggregate_members->pdata[i];
      json_t *value;

      if (members != NULL)
        value = member_path_value (page, members);
      else
        {
          value = json_lookup_path (get_page_json (self, page), path);
          value = value != NULL ? json_deep_copy (value) : NULL;
        }
      /* botocore records a missing key as None; a shape has no null. */
      if (value != NULL && !json_is_null (value))
        json_set_path (self->non_aggregate_part, path, value);
      else if (value != NULL)
        json_decref (value);
    }
}

/* --- one page --------------------------------------------------------- */

typedef enum {
  STEP_REQUEST,
  STEP_END,
  STEP_ERROR,
} Step;

static Step
begin_page (GawsPaginator  *self,
            GError        **error)
{
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return STEP_ERROR;
    }
  if (self->done)
    return STEP_END;
  if (!self->started)
    {
      GError *local_error = NULL;

      self->started = TRUE;
      if (!start (self, &local_error))
        {
          self->error = g_error_copy (local_error);
          g_propagate_error (error, local_error);
          return STEP_ERROR;
        }
    }
  return STEP_REQUEST;
}

/* botocore's test of more_results: a boolean member (`IsTruncated`) is
 * read as it is, anything else as JSON by Python's truth. */
static gboolean
has_more_results (GawsPaginator *self,
                  GawsShape     *page)
{
  g_autoptr(PagJson) more = NULL;
  GawsShape *holder;
  guint index;
  const GValue *value;

  if (self->more_results_members != NULL
      && resolve_members (page, self->more_results_members, &holder, &index)
      && (value = gaws_shape_get_value (holder, index)) != NULL
      && G_VALUE_HOLDS_BOOLEAN (value))
    return g_value_get_boolean (value);
  more = search_page (self, page, self->more_results, self->more_results_members);
  return json_truthy (more);
}

/* botocore's _get_next_token(). */
static json_t *
get_next_token (GawsPaginator *self,
                GawsShape     *page)
{
  json_t *token = json_object ();

  if (self->more_results != NULL && !has_more_results (self, page))
    return token;
  for (guint i = 0; i < self->output_tokens->len; i++)
    {
      json_t *value = search_page (self, page, self->output_tokens->pdata[i],
                                   self->output_token_members->pdata[i]);

      if (json_truthy (value))
        json_object_set_new (token, self->info->input_tokens[i], value);
      else
        {
          json_object_set_new (token, self->info->input_tokens[i], json_null ());
          if (value != NULL)
            json_decref (value);
        }
    }
  return token;
}

static gboolean
token_is_empty (json_t *token)
{
  const char *key;
  json_t *value;

  json_object_foreach (token, key, value)
    if (!json_is_null (value))
      return FALSE;
  return TRUE;
}

static void
set_resume_token (GawsPaginator *self,
                  json_t        *token)
{
  g_free (self->resume_token);
  self->resume_token = encode_token (self, token);
}

/* The input token @i as the string token path set it: %NULL for null. */
static const char *
input_token_string (GawsPaginator *self,
                    guint          i)
{
  return gaws_shape_is_set (self->input, self->token_inputs[i])
           ? gaws_shape_get_string (self->input, self->token_inputs[i]) : NULL;
}

/* Makes next_token and previous_next_token again, both the token the
 * string token path set on the input, before the JSON way uses them. */
static void
sync_token_json (GawsPaginator *self)
{
  json_t *token;

  if (!self->tokens_in_input)
    return;
  self->tokens_in_input = FALSE;
  token = json_object ();
  for (guint i = 0; i < self->output_tokens->len; i++)
    {
      const char *value = input_token_string (self, i);

      json_object_set_new (token, self->info->input_tokens[i], value != NULL ? json_string (value) : json_null ());
    }
  g_clear_pointer (&self->previous_next_token, json_decref);
  self->previous_next_token = json_incref (token);
  json_decref (self->next_token);
  self->next_token = token;
}

/* The string output token @members names in @page, or %NULL where its
 * JSON would be null or falsy: unset, or empty. */
static const char *
page_token_string (GawsShape *page,
                   GArray    *members)
{
  GawsShape *holder;
  guint index;
  const GValue *value;
  const char *text;

  if (!resolve_members (page, members, &holder, &index)
      || (value = gaws_shape_get_value (holder, index)) == NULL || !G_VALUE_HOLDS_STRING (value))
    return NULL;
  text = g_value_get_string (value);
  return text != NULL && text[0] != '\0' ? text : NULL;
}

/* end_page()'s step to the next page when the paginator has string
 * tokens (string_tokens): what the JSON way below does when the pages go
 * on, without making, comparing and reading back a JSON token a page.
 * FALSE, with nothing changed, for the JSON way to decide: the last page,
 * the max items reached, the same token twice, a token of "None" (unset
 * there) or one json_string() would refuse. */
static gboolean
next_token_strings (GawsPaginator *self,
                    GawsShape     *page)
{
  const char *values[MAX_STRING_TOKENS];
  guint n = self->output_tokens->len;
  gboolean empty = TRUE;
  gboolean same = self->tokens_in_input;

  /* the JSON way compares with previous_next_token: only when there is
   * none or it is the input's */
  if (!self->tokens_in_input && self->previous_next_token != NULL)
    return FALSE;
  if (self->max_items > 0 && self->total_items == self->max_items)
    return FALSE;
  if (self->more_results != NULL && !has_more_results (self, page))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      values[i] = page_token_string (page, self->output_token_members->pdata[i]);
      if (values[i] != NULL)
        {
          if (strcmp (values[i], "None") == 0 || !g_utf8_validate (values[i], -1, NULL))
            return FALSE;
          empty = FALSE;
        }
      same = same && g_strcmp0 (values[i], input_token_string (self, i)) == 0;
    }
  if (empty || same)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (values[i] != NULL)
      gaws_shape_set_string (self->input, self->token_inputs[i], values[i]);
    else
      gaws_shape_unset (self->input, self->token_inputs[i]);
  self->tokens_in_input = TRUE;
  return TRUE;
}

/* The rest of botocore's loop for one response: cut the page at the max
 * items, or find the next token. What botocore raises when asked for the
 * page after this one is kept in self->error. */
static GawsShape *
end_page (GawsPaginator *self,
          GawsShape     *page)
{
  GPtrArray *primary = NULL;
  guint n_items = 0;
  gboolean first = !self->got_page;
  json_t *next_token;

  self->got_page = TRUE;
  g_clear_pointer (&self->page_json, json_decref);
  if (self->result_paths->len > 0)
    {
      if (first && self->starting_token != NULL)
        handle_first_request (self, page);
      else if (!first)
        self->starting_truncation = 0;
      primary = result_list (self, page, 0, NULL);
      n_items = primary != NULL ? primary->len : 0;
    }
  else if (!first)
    self->starting_truncation = 0;

  if (self->max_items > 0 && self->total_items + n_items > self->max_items)
    {
      guint keep = (guint) (self->max_items - self->total_items);

      sync_token_json (self);
      g_ptr_array_remove_range (primary, keep, primary->len - keep);
      json_object_set_new (self->next_token, TRUNCATE_KEY,
                           json_integer ((json_int_t) keep + self->starting_truncation));
      set_resume_token (self, self->next_token);
      json_object_del (self->next_token, TRUNCATE_KEY);
      self->total_items += keep;
      self->done = TRUE;
    }

  /* The page's JSON, if made, is made after the cuts above. */
  if (first)
    record_non_aggregate (self, page);
  if (self->done)
    return page;

  self->total_items += n_items;
  if (self->string_tokens && next_token_strings (self, page))
    return page;
  sync_token_json (self);
  next_token = get_next_token (self, page);
  if (token_is_empty (next_token))
    self->done = TRUE;
  else if (self->max_items > 0 && self->total_items == self->max_items)
    {
      set_resume_token (self, next_token);
      self->done = TRUE;
    }
  else if (self->previous_next_token != NULL && json_equal (self->previous_next_token, next_token))
    {
      g_autofree char *text = json_dumps (next_token, 0);

      self->error = g_error_new (GAWS_ERROR, GAWS_ERROR_PAGINATION,
                                 "The same next token was received twice: %s", text);
    }
  else
    {
      GError *local_error = NULL;

      if (!inject_token (self, next_token, &local_error))
        self->error = local_error;
      g_clear_pointer (&self->previous_next_token, json_decref);
      self->previous_next_token = json_incref (next_token);
    }
  json_decref (self->next_token);
  self->next_token = next_token;
  return page;
}

/* The page fetch shared by pages, items and the full result; the public
 * functions add the one-call-at-a-time check. */
static void
page_received_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  GawsPaginator *self = g_task_get_source_object (task);
  PageDone done = g_steal_pointer (&self->page_done);
  GError *error = NULL;
  GawsShape *page = gaws_operation_invoke_finish (GAWS_CLIENT (source), result, &error);

  if (page == NULL && error == NULL)
    error = g_error_new (GAWS_ERROR, GAWS_ERROR_PAGINATION,
                         "Operation %s returned no output to paginate",
                         self->info->operation->name);
  if (error != NULL)
    done (self, task, NULL, error);
  else
    done (self, task, end_page (self, page), NULL);
}

/* Fetches the next page for the call of @task (whose cancellable it
 * uses) and hands it to @done. @done may run before this returns, when
 * no request is needed; GTask still never runs the caller's callback
 * inside its _async call. The calls' tasks don't check the cancellable:
 * a page that arrived has moved the iteration on, it must reach the
 * caller even when the cancellable fired meanwhile. */
static void
fetch_page_async (GawsPaginator *self,
                  GTask         *task,
                  PageDone       done)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  switch (begin_page (self, &error))
    {
    case STEP_ERROR:
      done (self, task, NULL, error);
      break;
    case STEP_END:
      done (self, task, NULL, NULL);
      break;
    case STEP_REQUEST:
    default:
      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        done (self, task, NULL, error);
      else
        {
          self->page_done = done;
          gaws_operation_invoke_async (self->client, self->info->operation, self->input,
                                       cancellable, page_received_cb, task);
        }
      break;
    }
}

static GawsShape *
fetch_page_sync (GawsPaginator  *self,
                 GCancellable   *cancellable,
                 GError        **error)
{
  GError *local_error = NULL;
  GawsShape *page;

  switch (begin_page (self, error))
    {
    case STEP_ERROR:
    case STEP_END:
      return NULL;
    case STEP_REQUEST:
    default:
      break;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  page = gaws_operation_invoke_sync (self->client, self->info->operation, self->input,
                                     cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (page == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_PAGINATION,
                   "Operation %s returned no output to paginate", self->info->operation->name);
      return NULL;
    }
  return end_page (self, page);
}

/* --- one call at a time ------------------------------------------------ */

static GTask *
begin_call (GawsPaginator       *self,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  /* The function, not GLib's macro of the same name, which names the
   * task after its argument: "source_tag", a copy made and freed for
   * every page that tells nothing. */
  (g_task_set_source_tag) (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  if (self->in_flight)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "The paginator already has a call in progress");
      g_object_unref (task);
      return NULL;
    }
  self->in_flight = TRUE;
  return task;
}

static gboolean
begin_sync_call (GawsPaginator  *self,
                 GError        **error)
{
  if (self->in_flight)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           "The paginator already has a call in progress");
      return FALSE;
    }
  self->in_flight = TRUE;
  return TRUE;
}

/* --- pages ------------------------------------------------------------- */

static void
next_page_done (GawsPaginator *self,
                GTask         *task,
                GawsShape     *page,
                GError        *error)
{
  self->in_flight = FALSE;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, page, g_object_unref);
  g_object_unref (task);
}

/**
 * gaws_paginator_next_page_async:
 * @self: a #GawsPaginator
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the page is in
 * @user_data: data for @callback
 *
 * Fetches the next page. A paginator runs one call at a time: a call made
 * while another is in progress fails with %G_IO_ERROR_PENDING. A call that
 * fails for a reason other than pagination itself (network, service error,
 * cancellation) can be repeated: it sends the same request again.
 */
void
gaws_paginator_next_page_async (GawsPaginator       *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GAWS_IS_PAGINATOR (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = begin_call (self, cancellable, callback, user_data, gaws_paginator_next_page_async);
  if (task != NULL)
    fetch_page_async (self, task, next_page_done);
}

/**
 * gaws_paginator_next_page_finish:
 * @self: a #GawsPaginator
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the next page, an output object of
 *   the operation (its first result key cut by the max items or the
 *   starting token, as in botocore), or %NULL: with @error set on error,
 *   without at the end
 */
GawsShape *
gaws_paginator_next_page_finish (GawsPaginator  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gaws_paginator_next_page_sync:
 * @self: a #GawsPaginator
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_paginator_next_page_async() that blocks the calling thread.
 *
 * Returns: (transfer full) (nullable): the next page, or %NULL: with
 *   @error set on error, without at the end
 */
GawsShape *
gaws_paginator_next_page_sync (GawsPaginator  *self,
                               GCancellable   *cancellable,
                               GError        **error)
{
  GawsShape *page;

  g_return_val_if_fail (GAWS_IS_PAGINATOR (self), NULL);
  if (!begin_sync_call (self, error))
    return NULL;
  page = fetch_page_sync (self, cancellable, error);
  self->in_flight = FALSE;
  return page;
}

/* --- items -------------------------------------------------------------- */

/* An element of a list as the GValue type gaws_member_info_get_value_type()
 * gives its shape: lists keep numbers as GVariants. */
static void
element_to_value (const GawsMemberInfo *element,
                  gpointer              data,
                  GValue               *value)
{
  g_value_init (value, gaws_member_info_get_value_type (element));
  switch ((GawsShapeKind) element->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      g_value_set_object (value, data);
      break;
    case GAWS_SHAPE_KIND_STRING:
    case GAWS_SHAPE_KIND_DOCUMENT:
      g_value_set_string (value, data);
      break;
    case GAWS_SHAPE_KIND_INTEGER:
      g_value_set_int (value, data ? g_variant_get_int32 (data) : 0);
      break;
    case GAWS_SHAPE_KIND_LONG:
      g_value_set_int64 (value, data ? g_variant_get_int64 (data) : 0);
      break;
    case GAWS_SHAPE_KIND_BOOLEAN:
      g_value_set_boolean (value, data ? g_variant_get_boolean (data) : FALSE);
      break;
    case GAWS_SHAPE_KIND_FLOAT:
    case GAWS_SHAPE_KIND_DOUBLE:
      g_value_set_double (value, data ? g_variant_get_double (data) : 0.0);
      break;
    case GAWS_SHAPE_KIND_LIST:
    case GAWS_SHAPE_KIND_MAP:
    case GAWS_SHAPE_KIND_TIMESTAMP:
    case GAWS_SHAPE_KIND_BLOB:
    default:
      if (G_VALUE_HOLDS (value, G_TYPE_OBJECT))
        g_value_set_object (value, data);
      else
        g_value_set_boxed (value, data);
      break;
    }
}

/* The next item of the page being flattened: the result keys in order,
 * the items of each in order. Keys that are not lists (DynamoDB's Count)
 * have no items. */
static gboolean
take_item (GawsPaginator *self,
           GValue        *value)
{
  while (self->item_page != NULL && self->item_key < self->result_paths->len)
    {
      const GawsMemberInfo *member = NULL;
      GPtrArray *list = result_list (self, self->item_page, self->item_key, &member);

      if (list != NULL && self->item_index < list->len)
        {
          element_to_value (&member->shape->members[0], list->pdata[self->item_index++], value);
          return TRUE;
        }
      self->item_key++;
      self->item_index = 0;
    }
  g_clear_object (&self->item_page);
  return FALSE;
}

static void
set_item_page (GawsPaginator *self,
               GawsShape     *page)
{
  g_clear_object (&self->item_page);
  self->item_page = page;
  self->item_key = 0;
  self->item_index = 0;
}

static void
free_value (gpointer data)
{
  g_value_unset (data);
  g_free (data);
}

static void item_page_done (GawsPaginator *self, GTask *task, GawsShape *page, GError *error);

static void
item_step (GTask *task)
{
  GawsPaginator *self = g_task_get_source_object (task);
  GValue value = G_VALUE_INIT;

  if (take_item (self, &value))
    {
      self->in_flight = FALSE;
      g_task_return_pointer (task, g_memdup2 (&value, sizeof value), free_value);
      g_object_unref (task);
      return;
    }
  fetch_page_async (self, task, item_page_done);
}

static void
item_page_done (GawsPaginator *self,
                GTask         *task,
                GawsShape     *page,
                GError        *error)
{
  if (page == NULL)
    {
      self->in_flight = FALSE;
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }
  set_item_page (self, page);
  item_step (task);
}

/**
 * gaws_paginator_next_item_async:
 * @self: a #GawsPaginator
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the item is there
 * @user_data: data for @callback
 *
 * Gets the next item of the result keys, fetching pages as needed: per
 * page, the items of the first result key, then those of the second, ...
 * Result keys that are not lists (such as DynamoDB's `Count`) give no
 * items. Don't mix with gaws_paginator_next_page_async() on one paginator:
 * a page fetched for items is not returned as a page.
 */
void
gaws_paginator_next_item_async (GawsPaginator       *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GAWS_IS_PAGINATOR (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = begin_call (self, cancellable, callback, user_data, gaws_paginator_next_item_async);
  if (task != NULL)
    item_step (task);
}

/**
 * gaws_paginator_next_item_finish:
 * @self: a #GawsPaginator
 * @result: the #GAsyncResult
 * @item: (out caller-allocates): an unset #GValue that receives the item:
 *   what the list holds, as gaws_member_info_get_value_type() says
 *   (a #GawsShape subclass, a string, an integer, ...)
 * @error: return location for a #GError
 *
 * Returns: %TRUE with @item set; %FALSE at the end (@error unset) or on
 *   error
 */
gboolean
gaws_paginator_next_item_finish (GawsPaginator  *self,
                                 GAsyncResult   *result,
                                 GValue         *item,
                                 GError        **error)
{
  GValue *value;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (item != NULL && !G_IS_VALUE (item), FALSE);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value == NULL)
    return FALSE;
  *item = *value;
  g_free (value);
  return TRUE;
}

/**
 * gaws_paginator_next_item_sync:
 * @self: a #GawsPaginator
 * @item: (out caller-allocates): an unset #GValue that receives the item
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_paginator_next_item_async() that blocks the calling thread.
 *
 * Returns: %TRUE with @item set; %FALSE at the end (@error unset) or on
 *   error
 */
gboolean
gaws_paginator_next_item_sync (GawsPaginator  *self,
                               GValue         *item,
                               GCancellable   *cancellable,
                               GError        **error)
{
  gboolean found = FALSE;

  g_return_val_if_fail (GAWS_IS_PAGINATOR (self), FALSE);
  g_return_val_if_fail (item != NULL && !G_IS_VALUE (item), FALSE);
  if (!begin_sync_call (self, error))
    return FALSE;
  while (!(found = take_item (self, item)))
    {
      GawsShape *page = fetch_page_sync (self, cancellable, error);

      if (page == NULL)
        break;
      set_item_page (self, page);
    }
  self->in_flight = FALSE;
  return found;
}

/* --- the full result ---------------------------------------------------- */

/* botocore's build_full_result() for one page: lists are concatenated,
 * numbers added, strings joined. */
static void
accumulate_page (GawsPaginator *self,
                 GawsShape     *page,
                 json_t        *complete)
{
  if (self->page_json == NULL || !self->page_json_full)
    {
      g_clear_pointer (&self->page_json, json_decref);
      self->page_json = page_to_json (self, page, TRUE);
    }
  for (guint i = 0; i < self->result_paths->len; i++)
    {
      char **path = self->result_paths->pdata[i];
      json_t *value = json_lookup_path (self->page_json, path);
      json_t *existing;

      if (value == NULL || json_is_null (value))
        continue;
      existing = json_lookup_path (complete, path);
      if (existing == NULL || json_is_null (existing))
        json_set_path (complete, path, json_deep_copy (value));
      else if (json_is_array (existing) && json_is_array (value))
        json_array_extend (existing, value);
      else if (json_is_integer (existing) && json_is_integer (value))
        json_set_path (complete, path, json_integer (json_integer_value (existing) + json_integer_value (value)));
      else if (json_is_number (existing) && json_is_number (value))
        json_set_path (complete, path, json_real (json_number_value (existing) + json_number_value (value)));
      else if (json_is_string (existing) && json_is_string (value))
        {
          g_autofree char *joined = g_strconcat (json_string_value (existing), json_string_value (value), NULL);
          json_set_path (complete, path, json_string (joined));
        }
    }
}

static GawsShape *
finish_full_result (GawsPaginator  *self,
                    json_t         *complete,
                    GError        **error)
{
  const GawsShapeInfo *output = self->info->operation->output;
  GawsShape *result;
  gint next_token;

  if (self->non_aggregate_part != NULL)
    json_merge (complete, self->non_aggregate_part);
  result = gaws_shape_new_from_json (output, complete, GAWS_SHAPE_JSON_DEFAULT, error);
  if (result == NULL)
    return NULL;
  /* botocore adds the resume token as NextToken; where the output has a
   * string member of that name, so do we. */
  next_token = gaws_shape_info_find_member (output, "NextToken");
  if (self->resume_token != NULL && next_token >= 0
      && output->members[next_token].shape->kind == GAWS_SHAPE_KIND_STRING)
    gaws_shape_set_string (result, (guint) next_token, self->resume_token);
  return result;
}

static void
full_result_page_done (GawsPaginator *self,
                       GTask         *task,
                       GawsShape     *page,
                       GError        *error)
{
  json_t *complete = g_task_get_task_data (task);
  GawsShape *full;

  if (page != NULL)
    {
      accumulate_page (self, page, complete);
      g_object_unref (page);
      fetch_page_async (self, task, full_result_page_done);
      return;
    }
  self->in_flight = FALSE;
  if (error == NULL && (full = finish_full_result (self, complete, &error)) != NULL)
    g_task_return_pointer (task, full, g_object_unref);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

/**
 * gaws_paginator_build_full_result_async:
 * @self: a #GawsPaginator
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when every page is in
 * @user_data: data for @callback
 *
 * botocore's `build_full_result()`: fetches the pages not yet fetched and
 * merges them into one output object of the operation holding the result
 * keys (lists concatenated, numbers added) and the non-aggregate keys of
 * the first page. When the max items stopped it, the resume token is in
 * gaws_paginator_get_resume_token() and, if the output has a `NextToken`
 * string member, there as well (botocore's full result has `NextToken`).
 */
void
gaws_paginator_build_full_result_async (GawsPaginator       *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GAWS_IS_PAGINATOR (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = begin_call (self, cancellable, callback, user_data, gaws_paginator_build_full_result_async);
  if (task == NULL)
    return;
  g_task_set_task_data (task, json_object (), (GDestroyNotify) json_decref);
  fetch_page_async (self, task, full_result_page_done);
}

/**
 * gaws_paginator_build_full_result_finish:
 * @self: a #GawsPaginator
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the full result, or %NULL on error
 */
GawsShape *
gaws_paginator_build_full_result_finish (GawsPaginator  *self,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gaws_paginator_build_full_result_sync:
 * @self: a #GawsPaginator
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * gaws_paginator_build_full_result_async() that blocks the calling thread.
 *
 * Returns: (transfer full) (nullable): the full result, or %NULL on error
 */
GawsShape *
gaws_paginator_build_full_result_sync (GawsPaginator  *self,
                                       GCancellable   *cancellable,
                                       GError        **error)
{
  g_autoptr(PagJson) complete = json_object ();
  GError *local_error = NULL;
  GawsShape *full = NULL;

  g_return_val_if_fail (GAWS_IS_PAGINATOR (self), NULL);
  if (!begin_sync_call (self, error))
    return NULL;
  for (;;)
    {
      g_autoptr(GawsShape) page = fetch_page_sync (self, cancellable, &local_error);

      if (page == NULL)
        break;
      accumulate_page (self, page, complete);
    }
  self->in_flight = FALSE;
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else
    full = finish_full_result (self, complete, error);
  return full;
}
