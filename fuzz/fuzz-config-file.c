/* fuzz-config-file.c: libFuzzer target for the shared config and credentials files
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Build and run: see fuzz/README.md.
 *
 * The first input byte picks the file kind (bit 0: credentials); the rest is
 * the text, given with its length so that NUL bytes reach the parser.
 * What must hold, besides no crash, leak or sanitizer report:
 *  - a failure is a GAWS_ERROR_CONFIG error with a UTF-8 message;
 *  - every section, key and nested key the file lists can be looked up,
 *    and every profile is a profile section.
 */
#include "gaws-config-file.h"
#include "gaws-error.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_keys (GawsConfigFile *file, GawsConfigSectionKind kind, const char *section)
{
  g_auto(GStrv) keys = gaws_config_file_list_keys (file, kind, section);

  if (keys == NULL)
    abort ();
  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (!gaws_config_file_has_key (file, kind, section, keys[i]))
        abort ();
      /* A key holding nested keys has no plain value: either may be NULL. */
      gaws_config_file_get_value (file, kind, section, keys[i]);
      gaws_config_file_get_nested_value (file, kind, section, keys[i], keys[0]);
    }
  if (gaws_config_file_get_value (file, kind, section, "\x01 no such key") != NULL)
    abort ();
}

static void
check_file (GawsConfigFile *file)
{
  g_auto(GStrv) profiles = gaws_config_file_list_profiles (file);

  for (GawsConfigSectionKind kind = GAWS_CONFIG_SECTION_PROFILE;
       kind <= GAWS_CONFIG_SECTION_OTHER; kind++)
    {
      g_auto(GStrv) sections = gaws_config_file_list_sections (file, kind);

      for (guint i = 0; sections[i] != NULL; i++)
        {
          if (!gaws_config_file_has_section (file, kind, sections[i]))
            abort ();
          check_keys (file, kind, sections[i]);
        }
    }
  for (guint i = 0; profiles[i] != NULL; i++)
    {
      if (!gaws_config_file_has_profile (file, profiles[i]) ||
          !gaws_config_file_has_section (file, GAWS_CONFIG_SECTION_PROFILE, profiles[i]))
        abort ();
      gaws_config_file_get_profile_value (file, profiles[i], "region");
      gaws_config_file_get_profile_nested_value (file, profiles[i], "s3", "addressing_style");
    }
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A critical is a broken precondition inside the runtime: a finding. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GawsConfigFileKind kind;
  GawsConfigFile *file;
  GError *error = NULL;

  if (size < 1)
    return 0;
  kind = (data[0] & 1) ? GAWS_CONFIG_FILE_KIND_CREDENTIALS : GAWS_CONFIG_FILE_KIND_CONFIG;
  file = gaws_config_file_new_from_data ((const char *) data + 1, (gssize) size - 1, kind,
                                         "fuzz", &error);
  if ((file == NULL) == (error == NULL))
    abort ();
  if (file == NULL)
    {
      if (!g_error_matches (error, GAWS_ERROR, GAWS_ERROR_CONFIG) ||
          !g_utf8_validate (error->message, -1, NULL))
        abort ();
      g_error_free (error);
      return 0;
    }
  if (gaws_config_file_get_kind (file) != kind)
    abort ();
  check_file (file);
  g_object_unref (file);
  return 0;
}
