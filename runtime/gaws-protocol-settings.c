/* gaws-protocol-settings.c: a client's resolved settings, once per client
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Apart from gaws-protocol-util.c because it needs the client and its
 * config, which gaws-codegen (building in the model layer only) lacks.
 */
#include "gaws-protocol-util.h"
#include "gaws-client.h"
#include "gaws-client-config.h"
#include "gaws-session.h"

/* ---- a client's resolved settings, per request ---- */

#define SETTINGS_KEY "gaws-protocol-client-settings"

typedef struct {
  GMutex              lock;
  GawsClientConfig   *config;     /* a reference, for the handler */
  gulong              notify_id;
  GawsResolvedConfig *settings;   /* nullable: resolved on demand */
  gboolean            loaded;     /* resolved with the loaded session's profile */
  GPtrArray          *retired;    /* settings replaced while a request may use them */
} SettingsCache;

static void
settings_cache_free (SettingsCache *cache)
{
  g_signal_handler_disconnect (cache->config, cache->notify_id);
  g_object_unref (cache->config);
  g_clear_pointer (&cache->settings, gaws_resolved_config_free);
  g_ptr_array_unref (cache->retired);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

/* Settings handed out by gaws_protocol_client_settings_peek() live as
 * long as the client: replaced ones are kept, not freed under a request
 * on another thread. Configs change seldom, so few pile up. */
static void
retire_settings (SettingsCache *cache)
{
  if (cache->settings != NULL)
    g_ptr_array_add (cache->retired, g_steal_pointer (&cache->settings));
}

/* A change of the client's config resolves again on the next request. */
static void
config_changed_cb (GObject *config, GParamSpec *pspec, gpointer user_data)
{
  SettingsCache *cache = user_data;

  g_mutex_lock (&cache->lock);
  retire_settings (cache);
  g_mutex_unlock (&cache->lock);
}

static GQuark
settings_quark (void)
{
  static gsize quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_quark_from_static_string (SETTINGS_KEY));
  return (GQuark) quark;
}

static SettingsCache *
client_settings_cache (GawsClient *client)
{
  static GMutex create_lock;
  GQuark quark = settings_quark ();
  SettingsCache *cache;

  /* Made once per client: every request after that finds it unlocked,
   * and without G_OBJECT()'s type check (a client is one; asked twice
   * for each request). */
  cache = g_object_get_qdata ((GObject *) client, quark);
  if (cache != NULL)
    return cache;
  g_mutex_lock (&create_lock);
  cache = g_object_get_qdata (G_OBJECT (client), quark);
  if (cache == NULL)
    {
      cache = g_new0 (SettingsCache, 1);
      g_mutex_init (&cache->lock);
      cache->retired = g_ptr_array_new_with_free_func ((GDestroyNotify) gaws_resolved_config_free);
      cache->config = g_object_ref (gaws_client_get_config (client));
      cache->notify_id = g_signal_connect (cache->config, "notify", G_CALLBACK (config_changed_cb), cache);
      g_object_set_qdata_full (G_OBJECT (client), quark, cache, (GDestroyNotify) settings_cache_free);
    }
  g_mutex_unlock (&create_lock);
  return cache;
}

/**
 * gaws_protocol_client_settings_peek: (skip)
 * @client: a #GawsClient
 * @error: return location for a #GError
 *
 * gaws_client_config_resolve() of the client's config and session,
 * resolved once per client rather than for every request that needs a
 * setting (S3 addressing, checksums, compression), and not copied: a
 * change of the client's config resolves again, as does the loading of
 * its session (before which the settings lack its profile).
 *
 * Returns: (transfer none) (nullable): the settings, valid as long as
 *   @client, or %NULL with @error set
 */
const GawsResolvedConfig *
gaws_protocol_client_settings_peek (GawsClient  *client,
                                    GError     **error)
{
  GawsSession *session = gaws_client_get_session (client);
  gboolean loaded = session == NULL || gaws_session_is_loaded (session);
  SettingsCache *cache = client_settings_cache (client);
  const GawsResolvedConfig *settings;

  g_mutex_lock (&cache->lock);
  if (cache->settings != NULL && loaded && !cache->loaded)
    retire_settings (cache);
  if (cache->settings == NULL)
    {
      cache->settings = gaws_client_config_resolve (cache->config, loaded ? session : NULL,
                                                    gaws_client_get_service_info (client)->env_name, error);
      cache->loaded = loaded;
    }
  settings = cache->settings;
  g_mutex_unlock (&cache->lock);
  return settings;
}

/**
 * gaws_protocol_client_settings: (skip)
 * @client: a #GawsClient
 * @error: return location for a #GError
 *
 * A copy of gaws_protocol_client_settings_peek().
 *
 * Returns: (transfer full) (nullable): the settings, or %NULL with @error
 *   set
 */
GawsResolvedConfig *
gaws_protocol_client_settings (GawsClient  *client,
                               GError     **error)
{
  const GawsResolvedConfig *settings = gaws_protocol_client_settings_peek (client, error);

  return settings != NULL ? gaws_resolved_config_copy (settings) : NULL;
}
