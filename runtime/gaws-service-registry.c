/* gaws-service-registry.c: generated services found by name at run time
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-service-registry.h"

#include <gmodule.h>

#include "gaws-error.h"

/**
 * SECTION:gaws-service-registry
 * @title: The service registry
 *
 * libgaws cannot link the generated service libraries, which link it; yet
 * parts of the runtime call services: the SSO credentials provider calls
 * the `sso` portal and refreshes its token through `sso-oidc`. The
 * registry finds a generated service by its name (`sso`, `sso-oidc`, the
 * folder names of `generated/`).
 *
 * A generated library registers itself when it is loaded (a constructor
 * function, where the compiler has them) and when its client class is
 * first used, so a program that links it needs nothing more. Otherwise the
 * registry loads `libgaws-<name>-1` with #GModule, first from the folders
 * listed in the `GAWS_SERVICE_PATH` environment variable (separated like
 * `PATH`), then from the system's library search path.
 */

#define API_VERSION "1"

typedef struct {
  const GawsServiceInfo       *info;
  GawsClientGetTypeFunc        client_get_type;
  const GawsClientServiceInfo *client_info;
} Entry;

/* Process-wide by nature, like the GType system it feeds: a library is
 * loaded once per process. Entries are never removed, and their tables are
 * static data of libraries that are made resident. */
static GMutex      registry_lock;
static GHashTable *registry;

/**
 * gaws_service_registry_register: (skip)
 * @name: the service's name, such as `sso-oidc`
 * @info: the service's descriptor tables
 * @client_get_type: the `get_type` function of the service's client class
 * @client_info: what the transport needs to know about the service
 *
 * Makes a generated service known by name. Generated libraries call this
 * themselves; registering a name again keeps the first registration.
 */
void
gaws_service_registry_register (const char                  *name,
                                const GawsServiceInfo       *info,
                                GawsClientGetTypeFunc        client_get_type,
                                const GawsClientServiceInfo *client_info)
{
  Entry *entry;

  g_return_if_fail (name != NULL);
  g_return_if_fail (info != NULL);
  g_return_if_fail (client_get_type != NULL);
  g_return_if_fail (client_info != NULL);

  g_mutex_lock (&registry_lock);
  if (registry == NULL)
    registry = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!g_hash_table_contains (registry, name))
    {
      entry = g_new0 (Entry, 1);
      entry->info = info;
      entry->client_get_type = client_get_type;
      entry->client_info = client_info;
      g_hash_table_insert (registry, g_strdup (name), entry);
    }
  g_mutex_unlock (&registry_lock);
}

static gboolean
find_registered (const char *name,
                 Entry      *out)
{
  Entry *entry;

  g_mutex_lock (&registry_lock);
  entry = registry ? g_hash_table_lookup (registry, name) : NULL;
  if (entry != NULL)
    *out = *entry;
  g_mutex_unlock (&registry_lock);
  return entry != NULL;
}

/* ---- loading a library ---------------------------------------------------- */

static char *
library_file_name (const char *name)
{
#if defined(G_OS_WIN32)
  return g_strdup_printf ("libgaws-%s-" API_VERSION "-0.dll", name);
#elif defined(__APPLE__)
  return g_strdup_printf ("libgaws-%s-" API_VERSION ".0.dylib", name);
#else
  return g_strdup_printf ("libgaws-%s-" API_VERSION ".so.0", name);
#endif
}

/* The C name of a service, as the generator makes it: `sso-oidc` → `sso_oidc`. */
static char *
service_c_name (const char *name)
{
  char *c_name = g_ascii_strdown (name, -1);

  for (char *p = c_name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      *p = '_';
  return c_name;
}

static GModule *
open_library (const char  *file_name,
              GString     *failures)
{
  const char *path_env = g_getenv ("GAWS_SERVICE_PATH");
  g_auto(GStrv) dirs = g_strsplit (path_env ? path_env : "", G_SEARCHPATH_SEPARATOR_S, -1);
  GModule *module;

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i][0] == '\0')
        continue;
      path = g_build_filename (dirs[i], file_name, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
      if (module != NULL)
        return module;
      g_string_append_printf (failures, "; %s", g_module_error ());
    }
  module = g_module_open (file_name, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    g_string_append_printf (failures, "; %s", g_module_error ());
  return module;
}

/* Loads the library, whose client class registers it when first used (and
 * its constructor, where there is one, when loaded). */
static gboolean
load_library (const char  *name,
              GError     **error)
{
  g_autofree char *file_name = library_file_name (name);
  g_autofree char *c_name = service_c_name (name);
  g_autofree char *get_type_name = g_strdup_printf ("gaws_%s_client_get_type", c_name);
  g_autofree char *info_name = g_strdup_printf ("gaws_%s_get_service_info", c_name);
  g_autoptr(GString) failures = g_string_new (NULL);
  GModule *module = open_library (file_name, failures);
  gpointer get_type = NULL;
  gpointer get_info = NULL;

  if (module == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                   "The %s service is not available: its library %s cannot be loaded%s "
                   "(build gaws with the %s service, or list its folder in GAWS_SERVICE_PATH)",
                   name, file_name, failures->str, name);
      return FALSE;
    }
  /* Its GTypes cannot be unregistered: the library stays. */
  g_module_make_resident (module);
  if (!g_module_symbol (module, get_type_name, &get_type) ||
      !g_module_symbol (module, info_name, &get_info) || get_type == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                   "The library %s is not the generated %s service: it has no %s or %s",
                   g_module_name (module), name, get_type_name, info_name);
      return FALSE;
    }
  g_type_class_unref (g_type_class_ref (((GawsClientGetTypeFunc) get_type) ()));
  return TRUE;
}

static gboolean
find (const char  *name,
      Entry       *entry,
      GError     **error)
{
  if (find_registered (name, entry))
    return TRUE;
  if (!load_library (name, error))
    return FALSE;
  if (find_registered (name, entry))
    return TRUE;
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
               "The library of the %s service does not register it: it was generated by an "
               "older gaws-codegen", name);
  return FALSE;
}

/* ---- the API -------------------------------------------------------------- */

/**
 * gaws_service_registry_lookup: (skip)
 * @name: the service's name, such as `sso`
 * @error: return location for a #GError
 *
 * Finds a generated service, loading its library when no library in the
 * process registered it yet.
 *
 * Returns: (transfer none) (nullable): the service's descriptor tables,
 *   or %NULL with @error set
 */
const GawsServiceInfo *
gaws_service_registry_lookup (const char  *name,
                              GError     **error)
{
  Entry entry;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return find (name, &entry, error) ? entry.info : NULL;
}

/**
 * gaws_service_registry_get_client_type:
 * @name: the service's name, such as `sso`
 * @error: return location for a #GError
 *
 * Finds a generated service as gaws_service_registry_lookup() does.
 *
 * Returns: the #GType of the service's client, or %G_TYPE_INVALID with
 *   @error set
 */
GType
gaws_service_registry_get_client_type (const char  *name,
                                       GError     **error)
{
  Entry entry;

  g_return_val_if_fail (name != NULL, G_TYPE_INVALID);
  g_return_val_if_fail (error == NULL || *error == NULL, G_TYPE_INVALID);

  return find (name, &entry, error) ? entry.client_get_type () : G_TYPE_INVALID;
}

/**
 * gaws_service_registry_new_client:
 * @name: the service's name, such as `sso-oidc`
 * @session: the #GawsSession to take credentials and configuration from
 * @config: (nullable): per-client settings, or %NULL for the session's
 * @error: return location for a #GError
 *
 * Makes a client of a generated service found by name, as its own
 * `_client_new()` function would: an instance of the generated client
 * class, such as #GawsSsoClient, usable with gaws_operation_invoke_async()
 * and the operation tables of gaws_client_get_model().
 *
 * Returns: (transfer full) (nullable): the client, or %NULL with @error
 *   set, naming the library, when the service cannot be found
 */
GawsClient *
gaws_service_registry_new_client (const char        *name,
                                  GawsSession       *session,
                                  GawsClientConfig  *config,
                                  GError           **error)
{
  Entry entry;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (GAWS_IS_SESSION (session), NULL);
  g_return_val_if_fail (config == NULL || GAWS_IS_CLIENT_CONFIG (config), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!find (name, &entry, error))
    return NULL;
  return g_object_new (entry.client_get_type (),
                       "session", session,
                       "config", config,
                       "service-info", entry.client_info,
                       NULL);
}
