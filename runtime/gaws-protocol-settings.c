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
} SettingsCache;

static void
settings_cache_free (SettingsCache *cache)
{
  g_signal_handler_disconnect (cache->config, cache->notify_id);
  g_object_unref (cache->config);
  g_clear_pointer (&cache->settings, gaws_resolved_config_free);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

/* A change of the client's config resolves again on the next request. */
static void
config_changed_cb (GObject *config, GParamSpec *pspec, gpointer user_data)
{
  SettingsCache *cache = user_data;

  g_mutex_lock (&cache->lock);
  g_clear_pointer (&cache->settings, gaws_resolved_config_free);
  g_mutex_unlock (&cache->lock);
}

static SettingsCache *
client_settings_cache (GawsClient *client)
{
  static GMutex create_lock;
  SettingsCache *cache;

  g_mutex_lock (&create_lock);
  cache = g_object_get_data (G_OBJECT (client), SETTINGS_KEY);
  if (cache == NULL)
    {
      cache = g_new0 (SettingsCache, 1);
      g_mutex_init (&cache->lock);
      cache->config = g_object_ref (gaws_client_get_config (client));
      cache->notify_id = g_signal_connect (cache->config, "notify", G_CALLBACK (config_changed_cb), cache);
      g_object_set_data_full (G_OBJECT (client), SETTINGS_KEY, cache, (GDestroyNotify) settings_cache_free);
    }
  g_mutex_unlock (&create_lock);
  return cache;
}

/**
 * gaws_protocol_client_settings: (skip)
 * @client: a #GawsClient
 * @error: return location for a #GError
 *
 * gaws_client_config_resolve() of the client's config and session (when
 * it is loaded), resolved once per client rather than for every request
 * that needs a setting (S3 addressing, checksums, compression); a change
 * of the client's config resolves again.
 *
 * Returns: (transfer full) (nullable): the settings, or %NULL with @error
 *   set
 */
GawsResolvedConfig *
gaws_protocol_client_settings (GawsClient  *client,
                               GError     **error)
{
  GawsSession *session = gaws_client_get_session (client);
  gboolean loaded = session == NULL || gaws_session_is_loaded (session);
  SettingsCache *cache;
  GawsResolvedConfig *settings;

  /* Before the session is loaded the settings lack its profile: those
   * are not kept. */
  if (!loaded)
    return gaws_client_config_resolve (gaws_client_get_config (client), NULL,
                                       gaws_client_get_service_info (client)->env_name, error);
  cache = client_settings_cache (client);
  g_mutex_lock (&cache->lock);
  if (cache->settings == NULL)
    cache->settings = gaws_client_config_resolve (cache->config, session,
                                                  gaws_client_get_service_info (client)->env_name, error);
  settings = cache->settings ? gaws_resolved_config_copy (cache->settings) : NULL;
  g_mutex_unlock (&cache->lock);
  return settings;
}
