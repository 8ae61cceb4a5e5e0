/* gaws-config-file.h: the shared ~/.aws/config and ~/.aws/credentials files
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * GawsConfigFileKind:
 * @GAWS_CONFIG_FILE_KIND_CONFIG: the shared config file (`~/.aws/config`),
 *   where profiles are written `[profile name]`, except `[default]`
 * @GAWS_CONFIG_FILE_KIND_CREDENTIALS: the shared credentials file
 *   (`~/.aws/credentials`), where every section `[name]` is a profile
 *
 * Which of the two shared files a #GawsConfigFile holds; it decides how
 * section headers are read.
 */
typedef enum {
  GAWS_CONFIG_FILE_KIND_CONFIG,
  GAWS_CONFIG_FILE_KIND_CREDENTIALS,
} GawsConfigFileKind;

/**
 * GawsConfigSectionKind:
 * @GAWS_CONFIG_SECTION_PROFILE: a profile: `[default]` or `[profile name]`
 *   in the config file, `[name]` in the credentials file
 * @GAWS_CONFIG_SECTION_SSO_SESSION: an `[sso-session name]` section
 * @GAWS_CONFIG_SECTION_SERVICES: a `[services name]` section
 * @GAWS_CONFIG_SECTION_OTHER: any other section of the config file, such as
 *   `[plugins]` or a `[name]` missing its `profile ` prefix; kept under its
 *   whole header, never treated as a profile
 *
 * The kinds of sections a shared file holds.
 */
typedef enum {
  GAWS_CONFIG_SECTION_PROFILE,
  GAWS_CONFIG_SECTION_SSO_SESSION,
  GAWS_CONFIG_SECTION_SERVICES,
  GAWS_CONFIG_SECTION_OTHER,
} GawsConfigSectionKind;

#define GAWS_TYPE_CONFIG_FILE_KIND (gaws_config_file_kind_get_type ())
GType gaws_config_file_kind_get_type (void) G_GNUC_CONST;

#define GAWS_TYPE_CONFIG_SECTION_KIND (gaws_config_section_kind_get_type ())
GType gaws_config_section_kind_get_type (void) G_GNUC_CONST;

#define GAWS_TYPE_CONFIG_FILE (gaws_config_file_get_type ())
G_DECLARE_FINAL_TYPE (GawsConfigFile, gaws_config_file, GAWS, CONFIG_FILE, GObject)

GawsConfigFile     *gaws_config_file_new               (GawsConfigFileKind     kind);
GawsConfigFile     *gaws_config_file_new_from_data     (const char            *data,
                                                        gssize                 length,
                                                        GawsConfigFileKind     kind,
                                                        const char            *origin,
                                                        GError               **error);
void                gaws_config_file_load_async        (GFile                 *file,
                                                        GawsConfigFileKind     kind,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
GawsConfigFile     *gaws_config_file_load_finish       (GAsyncResult          *result,
                                                        GError               **error);
GawsConfigFile     *gaws_config_file_load_sync         (GFile                 *file,
                                                        GawsConfigFileKind     kind,
                                                        GCancellable          *cancellable,
                                                        GError               **error);

GawsConfigFileKind  gaws_config_file_get_kind          (GawsConfigFile        *self);
const char         *gaws_config_file_get_origin        (GawsConfigFile        *self);

char              **gaws_config_file_list_sections     (GawsConfigFile        *self,
                                                        GawsConfigSectionKind  kind);
gboolean            gaws_config_file_has_section       (GawsConfigFile        *self,
                                                        GawsConfigSectionKind  kind,
                                                        const char            *name);
char              **gaws_config_file_list_keys         (GawsConfigFile        *self,
                                                        GawsConfigSectionKind  kind,
                                                        const char            *name);
gboolean            gaws_config_file_has_key           (GawsConfigFile        *self,
                                                        GawsConfigSectionKind  kind,
                                                        const char            *name,
                                                        const char            *key);
const char         *gaws_config_file_get_value         (GawsConfigFile        *self,
                                                        GawsConfigSectionKind  kind,
                                                        const char            *name,
                                                        const char            *key);
const char         *gaws_config_file_get_nested_value  (GawsConfigFile        *self,
                                                        GawsConfigSectionKind  kind,
                                                        const char            *name,
                                                        const char            *key,
                                                        const char            *subkey);

char              **gaws_config_file_list_profiles     (GawsConfigFile        *self);
gboolean            gaws_config_file_has_profile       (GawsConfigFile        *self,
                                                        const char            *profile);
const char         *gaws_config_file_get_profile_value (GawsConfigFile        *self,
                                                        const char            *profile,
                                                        const char            *key);
const char         *gaws_config_file_get_profile_nested_value (GawsConfigFile *self,
                                                               const char     *profile,
                                                               const char     *key,
                                                               const char     *subkey);

G_END_DECLS
