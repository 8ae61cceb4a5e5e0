/* gaws-session.h: profile, region, shared files and credentials
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

#include "gaws-config-file.h"
#include "gaws-credentials-provider.h"

G_BEGIN_DECLS

#define GAWS_TYPE_SESSION (gaws_session_get_type ())
G_DECLARE_FINAL_TYPE (GawsSession, gaws_session, GAWS, SESSION, GObject)

GawsSession             *gaws_session_new                       (void);
GawsSession             *gaws_session_new_with_credentials      (const char          *access_key_id,
                                                                 const char          *secret_access_key,
                                                                 const char          *session_token);

const char              *gaws_session_get_profile_name          (GawsSession         *self);
void                     gaws_session_set_profile_name          (GawsSession         *self,
                                                                 const char          *profile_name);
gboolean                 gaws_session_has_explicit_profile      (GawsSession         *self);
const char              *gaws_session_get_region                (GawsSession         *self);
void                     gaws_session_set_region                (GawsSession         *self,
                                                                 const char          *region);
const char              *gaws_session_get_config_file_path      (GawsSession         *self);
void                     gaws_session_set_config_file_path      (GawsSession         *self,
                                                                 const char          *path);
const char              *gaws_session_get_credentials_file_path (GawsSession         *self);
void                     gaws_session_set_credentials_file_path (GawsSession         *self,
                                                                 const char          *path);

const char              *gaws_session_get_access_key_id         (GawsSession         *self);
void                     gaws_session_set_access_key_id         (GawsSession         *self,
                                                                 const char          *access_key_id);
void                     gaws_session_set_secret_access_key     (GawsSession         *self,
                                                                 const char          *secret_access_key);
void                     gaws_session_set_session_token         (GawsSession         *self,
                                                                 const char          *session_token);
void                     gaws_session_set_credentials           (GawsSession         *self,
                                                                 const char          *access_key_id,
                                                                 const char          *secret_access_key,
                                                                 const char          *session_token);

void                     gaws_session_load_async                (GawsSession         *self,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
gboolean                 gaws_session_load_finish               (GawsSession         *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);
gboolean                 gaws_session_load_sync                 (GawsSession         *self,
                                                                 GCancellable        *cancellable,
                                                                 GError             **error);
gboolean                 gaws_session_is_loaded                 (GawsSession         *self);
gboolean                 gaws_session_check_profile             (GawsSession         *self,
                                                                 GError             **error);

GawsConfigFile          *gaws_session_get_config_file           (GawsSession         *self);
GawsConfigFile          *gaws_session_get_credentials_file      (GawsSession         *self);
char                   **gaws_session_list_profiles             (GawsSession         *self);
const char              *gaws_session_get_config_value          (GawsSession         *self,
                                                                 const char          *key);
const char              *gaws_session_get_config_nested_value   (GawsSession         *self,
                                                                 const char          *key,
                                                                 const char          *subkey);
const char              *gaws_session_get_profile_value         (GawsSession         *self,
                                                                 const char          *profile,
                                                                 const char          *key);
const char              *gaws_session_get_profile_nested_value  (GawsSession         *self,
                                                                 const char          *profile,
                                                                 const char          *key,
                                                                 const char          *subkey);
const char              *gaws_session_get_profile_value_origin  (GawsSession         *self,
                                                                 const char          *profile,
                                                                 const char          *key);

GawsCredentialsProvider *gaws_session_get_credentials_provider  (GawsSession         *self);
void                     gaws_session_set_credentials_provider  (GawsSession         *self,
                                                                 GawsCredentialsProvider *provider);
void                     gaws_session_get_credentials_async     (GawsSession         *self,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
GawsCredentials         *gaws_session_get_credentials_finish    (GawsSession         *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);

G_END_DECLS
