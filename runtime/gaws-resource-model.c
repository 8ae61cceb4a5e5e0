/* gaws-resource-model.c: boto3's resources-1.json of a service, parsed
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-resource-model-private.h"
#include "gaws-error.h"

#include <string.h>

struct _GawsResourceModel
{
  gatomicrefcount        ref_count;
  const GawsServiceInfo *service;
  json_t                *root;
  /* The service definition with boto3's implied `has` of every resource. */
  json_t                *service_definition;
  /* The text a cached model was parsed from, to notice a reused address. */
  const char            *source;
};

G_DEFINE_BOXED_TYPE (GawsResourceModel, gaws_resource_model,
                     gaws_resource_model_ref, gaws_resource_model_unref)

/* Parsing is not free and models are immutable: one per service. */
static GMutex cache_lock;
static GHashTable *cache;

static const char *const param_sources[] =
  { "identifier", "data", "string", "integer", "boolean", "input", NULL };
static const char *const identifier_sources[] =
  { "response", "requestParameter", "identifier", "data", "input", NULL };

typedef struct {
  GawsResourceModel *model;
  GString           *where;
  GError           **error;
} Checker;

static gboolean
fail (Checker    *checker,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (Checker    *checker,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (checker->error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
               "Malformed resource model of %s at %s: %s",
               checker->model->service ? checker->model->service->name : "a service",
               checker->where->str, message);
  return FALSE;
}

static const char *
string_member (json_t     *object,
               const char *key)
{
  return json_string_value (json_object_get (object, key));
}

/* Case and underscores aside: `PutItem` is `put_item`, as boto3 names it. */
gboolean
gaws_resource_name_matches (const char *model_name,
                            const char *name)
{
  const char *a = model_name, *b = name;

  if (a == NULL || b == NULL)
    return FALSE;
  for (;;)
    {
      while (*a == '_')
        a++;
      while (*b == '_')
        b++;
      if (*a == '\0' || *b == '\0')
        return *a == *b;
      if (g_ascii_tolower (*a) != g_ascii_tolower (*b))
        return FALSE;
      a++, b++;
    }
}

static json_t *
resource_definition (GawsResourceModel *self,
                     const char        *resource)
{
  return json_object_get (json_object_get (self->root, "resources"), resource);
}

static gboolean
identifier_exists (json_t     *definition,
                   const char *name)
{
  json_t *identifier;
  size_t i;

  json_array_foreach (json_object_get (definition, "identifiers"), i, identifier)
    if (g_strcmp0 (string_member (identifier, "name"), name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
check_sources (Checker           *checker,
               json_t            *owner,
               json_t            *list,
               const char *const *sources,
               const char        *target_key)
{
  json_t *item;
  size_t i;

  if (list != NULL && !json_is_array (list))
    return fail (checker, "not a list");
  json_array_foreach (list, i, item)
    {
      const char *source = string_member (item, "source");

      if (string_member (item, target_key) == NULL)
        return fail (checker, "item %zu has no %s", i, target_key);
      if (source == NULL || !g_strv_contains (sources, source))
        return fail (checker, "item %zu has an unknown source %s", i, source ? source : "(none)");
      if (strcmp (source, "identifier") == 0
          && (owner == NULL || !identifier_exists (owner, string_member (item, "name"))))
        return fail (checker, "item %zu names no identifier of its resource", i);
      if ((strcmp (source, "data") == 0 || strcmp (source, "response") == 0
           || strcmp (source, "requestParameter") == 0)
          && string_member (item, "path") == NULL)
        return fail (checker, "item %zu has no path", i);
    }
  return TRUE;
}

static gboolean
check_request (Checker *checker,
               json_t  *owner,
               json_t  *request)
{
  const char *operation = string_member (request, "operation");
  const GawsServiceInfo *service = checker->model->service;

  if (operation == NULL)
    return fail (checker, "no request operation");
  if (service != NULL && gaws_service_info_find_operation (service, operation) == NULL)
    return fail (checker, "unknown operation %s", operation);
  return check_sources (checker, owner, json_object_get (request, "params"), param_sources, "target");
}

static gboolean
check_response_resource (Checker *checker,
                         json_t  *owner,
                         json_t  *resource)
{
  const char *type = string_member (resource, "type");

  if (type == NULL || resource_definition (checker->model, type) == NULL)
    return fail (checker, "unknown resource type %s", type ? type : "(none)");
  return check_sources (checker, owner, json_object_get (resource, "identifiers"),
                        identifier_sources, "target");
}

/* Checks one action-like entry: its request, its resource, or both. */
static gboolean
check_entry (Checker    *checker,
             json_t     *owner,
             const char *group,
             const char *name,
             json_t     *entry)
{
  gsize length = checker->where->len;
  json_t *request = json_object_get (entry, "request");
  json_t *resource = json_object_get (entry, "resource");
  gboolean ok = TRUE;

  g_string_append_printf (checker->where, ".%s.%s", group, name);
  if (!json_is_object (entry))
    ok = fail (checker, "not an object");
  else if (request != NULL && !check_request (checker, owner, request))
    ok = FALSE;
  else if (resource != NULL && !check_response_resource (checker, owner, resource))
    ok = FALSE;
  else if (strcmp (group, "waiters") == 0)
    {
      const char *waiter = string_member (entry, "waiterName");
      const GawsServiceInfo *service = checker->model->service;

      if (waiter == NULL)
        ok = fail (checker, "no waiterName");
      else if (service != NULL && service->n_waiters > 0
               && gaws_service_info_find_waiter (service, waiter) == NULL)
        ok = fail (checker, "unknown waiter %s", waiter);
      else
        ok = check_sources (checker, owner, json_object_get (entry, "params"), param_sources, "target");
    }
  else if (request == NULL && resource == NULL)
    ok = fail (checker, "neither request nor resource");
  g_string_truncate (checker->where, length);
  return ok;
}

static gboolean
check_definition (Checker    *checker,
                  const char *name,
                  json_t     *definition)
{
  static const char *const groups[] = { "actions", "batchActions", "has", "hasMany", "waiters" };
  const char *shape = string_member (definition, "shape");
  const GawsServiceInfo *service = checker->model->service;
  json_t *owner = name ? definition : NULL;
  json_t *load = json_object_get (definition, "load");

  g_string_assign (checker->where, name ? name : "service");
  if (!json_is_object (definition))
    return fail (checker, "not an object");
  if (shape != NULL && service != NULL && gaws_service_info_find_shape (service, shape) == NULL)
    return fail (checker, "unknown shape %s", shape);
  if (load != NULL && !check_entry (checker, owner, "load", "", load))
    return FALSE;
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      json_t *group = json_object_get (definition, groups[g]);
      const char *key;
      json_t *entry;

      if (group != NULL && !json_is_object (group))
        return fail (checker, "%s is not an object", groups[g]);
      json_object_foreach (group, key, entry)
        if (!check_entry (checker, owner, groups[g], key, entry))
          return FALSE;
    }
  return TRUE;
}

/* boto3 exposes every resource type on the service resource: the ones its
 * `has` does not name take all their identifiers from the caller. */
static json_t *
build_service_definition (json_t *root)
{
  json_t *definition = json_deep_copy (json_object_get (root, "service"));
  json_t *has, *resource_def, *entry;
  const char *name, *has_name;

  if (definition == NULL)
    definition = json_object ();
  has = json_object_get (definition, "has");
  if (has == NULL)
    json_object_set_new (definition, "has", has = json_object ());
  json_object_foreach (json_object_get (root, "resources"), name, resource_def)
    {
      gboolean found = FALSE;
      json_t *identifiers, *identifier;
      size_t i;

      json_object_foreach (has, has_name, entry)
        if (g_strcmp0 (json_string_value (json_object_get (json_object_get (entry, "resource"), "type")), name) == 0)
          found = TRUE;
      if (found)
        continue;
      identifiers = json_array ();
      json_array_foreach (json_object_get (resource_def, "identifiers"), i, identifier)
        json_array_append_new (identifiers, json_pack ("{s:O,s:s}", "target", json_object_get (identifier, "name"),
                                                      "source", "input"));
      json_object_set_new (has, name, json_pack ("{s:{s:s,s:o}}", "resource", "type", name,
                                                 "identifiers", identifiers));
    }
  return definition;
}

/**
 * gaws_resource_model_new_from_json:
 * @json: the text of a `resources-1.json`
 * @service: (nullable): the service model to check operations, shapes and
 *   waiters against, or %NULL to check only the structure
 * @error: return location for a #GError
 *
 * Parses and checks boto3's resource model of a service.
 *
 * Returns: (transfer full) (nullable): the model, or %NULL with
 *   %GAWS_ERROR_INVALID_ARGUMENT when the text is not a valid model
 */
GawsResourceModel *
gaws_resource_model_new_from_json (const char             *json,
                                   const GawsServiceInfo  *service,
                                   GError                **error)
{
  g_autoptr(GawsResourceModel) self = g_new0 (GawsResourceModel, 1);
  g_autoptr(GString) where = g_string_new ("service");
  Checker checker = { self, where, error };
  json_error_t json_error;
  const char *name;
  json_t *definition;

  g_return_val_if_fail (json != NULL, NULL);

  g_atomic_ref_count_init (&self->ref_count);
  self->service = service;
  self->root = json_loads (json, JSON_REJECT_DUPLICATES, &json_error);
  if (self->root == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Malformed resource model: %s at line %d", json_error.text, json_error.line);
      return NULL;
    }
  if (!json_is_object (json_object_get (self->root, "resources")))
    {
      fail (&checker, "no resources object");
      return NULL;
    }
  if (json_object_get (self->root, "service") != NULL
      && !check_definition (&checker, NULL, json_object_get (self->root, "service")))
    return NULL;
  json_object_foreach (json_object_get (self->root, "resources"), name, definition)
    if (!check_definition (&checker, name, definition))
      return NULL;
  self->service_definition = build_service_definition (self->root);
  return g_steal_pointer (&self);
}

/**
 * gaws_resource_model_get_for_service:
 * @service: a service model with #GawsServiceInfo.resources_json
 * @error: return location for a #GError
 *
 * The resource model of @service, parsed once per process.
 *
 * Returns: (transfer full) (nullable): the model, or %NULL when the service
 *   has none (%GAWS_ERROR_INVALID_ARGUMENT)
 */
GawsResourceModel *
gaws_resource_model_get_for_service (const GawsServiceInfo  *service,
                                     GError                **error)
{
  GawsResourceModel *model;

  g_return_val_if_fail (service != NULL, NULL);

  if (service->resources_json == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "The service %s has no resources", service->name);
      return NULL;
    }
  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) gaws_resource_model_unref);
  model = g_hash_table_lookup (cache, service);
  /* A service built at run time may be freed and its address reused. */
  if (model != NULL && model->source != service->resources_json)
    model = NULL;
  if (model == NULL)
    {
      model = gaws_resource_model_new_from_json (service->resources_json, service, error);
      if (model != NULL)
        {
          model->source = service->resources_json;
          g_hash_table_replace (cache, (gpointer) service, model);
        }
    }
  if (model != NULL)
    gaws_resource_model_ref (model);
  g_mutex_unlock (&cache_lock);
  return model;
}

/**
 * gaws_resource_model_ref:
 * @self: a #GawsResourceModel
 *
 * Returns: (transfer full): @self
 */
GawsResourceModel *
gaws_resource_model_ref (GawsResourceModel *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * gaws_resource_model_unref:
 * @self: (transfer full): a #GawsResourceModel
 *
 * Drops a reference.
 */
void
gaws_resource_model_unref (GawsResourceModel *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  json_decref (self->root);
  json_decref (self->service_definition);
  g_free (self);
}

/**
 * gaws_resource_model_get_service:
 * @self: a #GawsResourceModel
 *
 * Returns: (transfer none) (nullable): the service model it was checked against
 */
const GawsServiceInfo *
gaws_resource_model_get_service (GawsResourceModel *self)
{
  return self->service;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char **
sorted_keys (json_t *object)
{
  GPtrArray *names = g_ptr_array_new ();
  const char *key;
  json_t *value;

  json_object_foreach (object, key, value)
    g_ptr_array_add (names, g_strdup (key));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/**
 * gaws_resource_model_get_resource_names:
 * @self: a #GawsResourceModel
 *
 * Returns: (transfer full) (array zero-terminated=1): the resource types, sorted
 */
char **
gaws_resource_model_get_resource_names (GawsResourceModel *self)
{
  return sorted_keys (json_object_get (self->root, "resources"));
}

/**
 * gaws_resource_model_has_resource:
 * @self: a #GawsResourceModel
 * @resource: a resource type, such as `Table`
 *
 * Returns: whether the model defines @resource
 */
gboolean
gaws_resource_model_has_resource (GawsResourceModel *self,
                                  const char        *resource)
{
  return resource != NULL && resource_definition (self, resource) != NULL;
}

/**
 * gaws_resource_model_get_identifier_names:
 * @self: a #GawsResourceModel
 * @resource: a resource type
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the
 *   identifiers of @resource in the model's order, or %NULL for an
 *   unknown type
 */
char **
gaws_resource_model_get_identifier_names (GawsResourceModel *self,
                                          const char        *resource)
{
  json_t *definition = gaws_resource_model_get_definition (self, resource);
  GPtrArray *names;
  json_t *identifier;
  size_t i;

  if (definition == NULL)
    return NULL;
  names = g_ptr_array_new ();
  json_array_foreach (json_object_get (definition, "identifiers"), i, identifier)
    g_ptr_array_add (names, g_strdup (string_member (identifier, "name")));
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/**
 * gaws_resource_model_get_shape_name:
 * @self: a #GawsResourceModel
 * @resource: a resource type
 *
 * Returns: (nullable): the shape of the data of @resource, such as
 *   `TableDescription`, or %NULL when it has none
 */
const char *
gaws_resource_model_get_shape_name (GawsResourceModel *self,
                                    const char        *resource)
{
  return string_member (gaws_resource_model_get_definition (self, resource), "shape");
}

static gboolean
has_needs_data (json_t *entry)
{
  json_t *identifier;
  size_t i;

  json_array_foreach (json_object_get (json_object_get (entry, "resource"), "identifiers"), i, identifier)
    if (g_strcmp0 (string_member (identifier, "source"), "data") == 0)
      return TRUE;
  return FALSE;
}

static const char *
group_of (GawsResourceMemberKind kind)
{
  switch (kind)
    {
    case GAWS_RESOURCE_MEMBER_ACTION: return "actions";
    case GAWS_RESOURCE_MEMBER_BATCH_ACTION: return "batchActions";
    case GAWS_RESOURCE_MEMBER_SUBRESOURCE:
    case GAWS_RESOURCE_MEMBER_REFERENCE: return "has";
    case GAWS_RESOURCE_MEMBER_COLLECTION: return "hasMany";
    case GAWS_RESOURCE_MEMBER_WAITER: return "waiters";
    default: return NULL;
    }
}

/* A `has` entry is a reference when it needs data, else a sub-resource. */
static gboolean
is_kind (GawsResourceMemberKind kind,
         json_t                *entry)
{
  if (kind == GAWS_RESOURCE_MEMBER_SUBRESOURCE)
    return !has_needs_data (entry);
  if (kind == GAWS_RESOURCE_MEMBER_REFERENCE)
    return has_needs_data (entry);
  return TRUE;
}

/**
 * gaws_resource_model_list_members:
 * @self: a #GawsResourceModel
 * @resource: (nullable): a resource type, or %NULL for the service resource
 * @kind: what to list
 *
 * Returns: (transfer full) (array zero-terminated=1): the names of the
 *   members of @kind that @resource defines, as the model spells them, sorted
 */
char **
gaws_resource_model_list_members (GawsResourceModel      *self,
                                  const char             *resource,
                                  GawsResourceMemberKind  kind)
{
  json_t *group = json_object_get (gaws_resource_model_get_definition (self, resource), group_of (kind));
  GPtrArray *names = g_ptr_array_new ();
  const char *key;
  json_t *entry;

  json_object_foreach (group, key, entry)
    if (is_kind (kind, entry))
      g_ptr_array_add (names, g_strdup (key));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

json_t *
gaws_resource_model_get_definition (GawsResourceModel *self,
                                    const char        *resource)
{
  if (resource == NULL)
    return self->service_definition;
  return resource_definition (self, resource);
}

/* Finds a member by its model name or its snake_case name; a waiter also
 * by boto3's method name, `wait_until_exists`. */
json_t *
gaws_resource_model_find_member (GawsResourceModel       *self,
                                 const char              *resource,
                                 GawsResourceMemberKind   kind,
                                 const char              *name,
                                 const char             **model_name)
{
  json_t *group = json_object_get (gaws_resource_model_get_definition (self, resource), group_of (kind));
  const char *key;
  json_t *entry;

  if (name == NULL)
    return NULL;
  if (kind == GAWS_RESOURCE_MEMBER_WAITER && g_str_has_prefix (name, "wait_until_"))
    name += strlen ("wait_until_");
  else if (kind == GAWS_RESOURCE_MEMBER_WAITER && g_str_has_prefix (name, "WaitUntil"))
    name += strlen ("WaitUntil");
  json_object_foreach (group, key, entry)
    if (gaws_resource_name_matches (key, name) && is_kind (kind, entry))
      {
        if (model_name != NULL)
          *model_name = key;
        return entry;
      }
  return NULL;
}
