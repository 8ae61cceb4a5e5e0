/* cg-names.c: every name gaws-codegen emits, computed in one place
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "cg-names.h"

#include <string.h>

/* Names follow boto3, so that users find the operations and members they
 * know: xform_name() below is botocore's, regexes and special cases alike
 * (botocore/__init__.py). Everything else is derived from its result. */

/* botocore's _xform_cache: names its regexes get wrong. */
static const struct {
  const char *name;
  const char *snake;
} xform_special_cases[] = {
  { "AssociateWhatsAppBusinessAccount", "associate_whatsapp_business_account" },
  { "CreateCachediSCSIVolume", "create_cached_iscsi_volume" },
  { "CreateStorediSCSIVolume", "create_stored_iscsi_volume" },
  { "CreateWhatsAppMessageTemplate", "create_whatsapp_message_template" },
  { "CreateWhatsAppMessageTemplateFromLibrary", "create_whatsapp_message_template_from_library" },
  { "CreateWhatsAppMessageTemplateMedia", "create_whatsapp_message_template_media" },
  { "DeleteWhatsAppMessageMedia", "delete_whatsapp_message_media" },
  { "DeleteWhatsAppMessageTemplate", "delete_whatsapp_message_template" },
  { "DescribeCachediSCSIVolumes", "describe_cached_iscsi_volumes" },
  { "DescribeStorediSCSIVolumes", "describe_stored_iscsi_volumes" },
  { "DisassociateWhatsAppBusinessAccount", "disassociate_whatsapp_business_account" },
  { "ExecutePartiQLBatch", "execute_partiql_batch" },
  { "ExecutePartiQLStatement", "execute_partiql_statement" },
  { "ExecutePartiQLTransaction", "execute_partiql_transaction" },
  { "GetLinkedWhatsAppBusinessAccount", "get_linked_whatsapp_business_account" },
  { "GetLinkedWhatsAppBusinessAccountPhoneNumber", "get_linked_whatsapp_business_account_phone_number" },
  { "GetOTelEnrichment", "get_otel_enrichment" },
  { "GetWhatsAppMessageMedia", "get_whatsapp_message_media" },
  { "GetWhatsAppMessageTemplate", "get_whatsapp_message_template" },
  { "ListHITsForQualificationType", "list_hits_for_qualification_type" },
  { "ListLinkedWhatsAppBusinessAccounts", "list_linked_whatsapp_business_accounts" },
  { "ListWhatsAppMessageTemplates", "list_whatsapp_message_templates" },
  { "ListWhatsAppTemplateLibrary", "list_whatsapp_template_library" },
  { "PostWhatsAppMessageMedia", "post_whatsapp_message_media" },
  { "PutWhatsAppBusinessAccountEventDestinations", "put_whatsapp_business_account_event_destinations" },
  { "SendWhatsAppMessage", "send_whatsapp_message" },
  { "StartOTelEnrichment", "start_otel_enrichment" },
  { "StopOTelEnrichment", "stop_otel_enrichment" },
  { "UpdateWhatsAppMessageTemplate", "update_whatsapp_message_template" },
};

/* The one table of renames. A C keyword can not stand alone; a member
 * accessor must not collide with what every class has (`_get_type`); a
 * shape must not take the client's names, nor those of the hand-written
 * extensions of its service in runtime/ (DynamoDB's condition builder is
 * GawsDynamodbCondition). Renamed names get a trailing `_`, which
 * snake-cased model names never have, so that the rename itself cannot
 * collide. */
static const struct {
  CgNameKind  kind;
  const char *name;
  const char *service;   /* NULL: every service */
} renames[] = {
  { CG_NAME_MEMBER, "type", NULL },
  { CG_NAME_SHAPE, "client", NULL },
  { CG_NAME_SHAPE, "*_class", NULL },
  { CG_NAME_SHAPE, "condition", "dynamodb" },
  { CG_NAME_SHAPE, "operand", "dynamodb" },
  { CG_NAME_ENUM_VALUE, "", NULL },
  /* C keywords, for names that stand alone. */
  { CG_NAME_OPERATION, "auto", NULL }, { CG_NAME_OPERATION, "break", NULL }, { CG_NAME_OPERATION, "case", NULL },
  { CG_NAME_OPERATION, "char", NULL }, { CG_NAME_OPERATION, "const", NULL }, { CG_NAME_OPERATION, "continue", NULL },
  { CG_NAME_OPERATION, "default", NULL }, { CG_NAME_OPERATION, "do", NULL }, { CG_NAME_OPERATION, "double", NULL },
  { CG_NAME_OPERATION, "else", NULL }, { CG_NAME_OPERATION, "enum", NULL }, { CG_NAME_OPERATION, "extern", NULL },
  { CG_NAME_OPERATION, "float", NULL }, { CG_NAME_OPERATION, "for", NULL }, { CG_NAME_OPERATION, "goto", NULL },
  { CG_NAME_OPERATION, "if", NULL }, { CG_NAME_OPERATION, "inline", NULL }, { CG_NAME_OPERATION, "int", NULL },
  { CG_NAME_OPERATION, "long", NULL }, { CG_NAME_OPERATION, "register", NULL }, { CG_NAME_OPERATION, "restrict", NULL },
  { CG_NAME_OPERATION, "return", NULL }, { CG_NAME_OPERATION, "short", NULL }, { CG_NAME_OPERATION, "signed", NULL },
  { CG_NAME_OPERATION, "sizeof", NULL }, { CG_NAME_OPERATION, "static", NULL }, { CG_NAME_OPERATION, "struct", NULL },
  { CG_NAME_OPERATION, "switch", NULL }, { CG_NAME_OPERATION, "typedef", NULL }, { CG_NAME_OPERATION, "union", NULL },
  { CG_NAME_OPERATION, "unsigned", NULL }, { CG_NAME_OPERATION, "void", NULL }, { CG_NAME_OPERATION, "volatile", NULL },
  { CG_NAME_OPERATION, "while", NULL },
};

static GRegex *
compile_once (GRegex **regex,
              const char *pattern)
{
  if (g_once_init_enter (regex))
    g_once_init_leave (regex, g_regex_new (pattern, 0, 0, NULL));
  return *regex;
}

/**
 * cg_names_xform:
 * @name: a CamelCase name from a model, such as `ListObjectsV2`
 *
 * botocore's xform_name() with `_`: `ListObjectsV2` is `list_objects_v2`,
 * `DescribeDBInstances` is `describe_db_instances`, `ListWebACLs` is
 * `list_web_acls`. A name that holds `_` already is returned as it is.
 *
 * Returns: (transfer full): the snake_case name
 */
char *
cg_names_xform (const char *name)
{
  static GRegex *first_cap, *end_cap, *special_case;
  g_autofree char *step0 = NULL, *step1 = NULL, *step2 = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  if (strchr (name, '_') != NULL)
    return g_strdup (name);
  for (gsize i = 0; i < G_N_ELEMENTS (xform_special_cases); i++)
    if (strcmp (name, xform_special_cases[i].name) == 0)
      return g_strdup (xform_special_cases[i].snake);
  step0 = g_strdup (name);
  /* `GatewayARNs` and the like: the plural of an acronym. */
  if (g_regex_match (compile_once (&special_case, "[A-Z]{2,}s$"), name, 0, &match))
    {
      gint start;
      g_autofree char *matched = g_match_info_fetch (match, 0);
      g_autofree char *lower = g_ascii_strdown (matched, -1);

      g_match_info_fetch_pos (match, 0, &start, NULL);
      g_free (step0);
      step0 = g_strdup_printf ("%.*s_%s", start, name, lower);
    }
  step1 = g_regex_replace (compile_once (&first_cap, "(.)([A-Z][a-z]+)"), step0, -1, 0, "\\1_\\2", 0, NULL);
  step2 = g_regex_replace (compile_once (&end_cap, "([a-z0-9])([A-Z])"), step1, -1, 0, "\\1_\\2", 0, NULL);
  return g_ascii_strdown (step2, -1);
}

static char *
sanitize (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_isalnum (c))
        g_string_append_c (out, c);
      else if (out->len > 0 && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
    }
  while (out->len > 0 && out->str[out->len - 1] == '_')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* `*_class` matches any name ending in `_class`, whose class structure
 * would be another shape's (medialive's UpdateChannelClass). */
static gboolean
name_matches (const char *pattern,
              const char *identifier)
{
  if (pattern[0] == '*')
    return g_str_has_suffix (identifier, pattern + 1);
  return strcmp (pattern, identifier) == 0;
}

/**
 * cg_names_identifier:
 * @service: the service's folder name, such as `dynamodb`
 * @name: a name from the model
 * @kind: what the name is for
 *
 * The snake_case part of C identifiers: botocore's name with anything but
 * letters and digits made `_`, then passed through the rename table.
 *
 * Returns: (transfer full): a lower-case C identifier part
 */
char *
cg_names_identifier (const char *service,
                     const char *name,
                     CgNameKind  kind)
{
  g_autofree char *snake = kind == CG_NAME_ENUM_VALUE ? g_strdup (name) : cg_names_xform (name);
  char *identifier = sanitize (snake);

  for (gsize i = 0; i < G_N_ELEMENTS (renames); i++)
    if (renames[i].kind == kind && name_matches (renames[i].name, identifier) &&
        (renames[i].service == NULL || g_strcmp0 (renames[i].service, service) == 0))
      {
        char *renamed = g_strconcat (identifier, *identifier ? "_" : "value_", NULL);
        g_free (identifier);
        return renamed;
      }
  /* A leading digit cannot start an identifier part that stands alone. */
  if (g_ascii_isdigit (identifier[0]) && kind != CG_NAME_ENUM_VALUE)
    {
      char *prefixed = g_strconcat ("n", identifier, NULL);
      g_free (identifier);
      return prefixed;
    }
  return identifier;
}

/**
 * cg_names_camel:
 * @snake: a snake_case name
 *
 * `put_item_input` is `PutItemInput`: built from the snake name rather
 * than taken from the model, so that GObject Introspection, which derives
 * function names from type names, finds the functions of each type.
 *
 * Returns: (transfer full): the CamelCase name
 */
char *
cg_names_camel (const char *snake)
{
  GString *out = g_string_new (NULL);
  gboolean upper = TRUE;

  for (const char *p = snake; *p; p++)
    {
      if (*p == '_')
        {
          upper = TRUE;
          continue;
        }
      g_string_append_c (out, upper ? g_ascii_toupper (*p) : *p);
      upper = FALSE;
    }
  /* A renamed name keeps its mark, lest `client_` become `Client` again. */
  if (g_str_has_suffix (snake, "_"))
    g_string_append_c (out, '_');
  return g_string_free (out, FALSE);
}

/**
 * cg_names_upper:
 * @snake: a snake_case name
 *
 * Returns: (transfer full): the name for macros, `PUT_ITEM_INPUT`
 */
char *
cg_names_upper (const char *snake)
{
  return g_ascii_strup (snake, -1);
}

/**
 * cg_names_property:
 * @snake: a snake_case member name
 *
 * Returns: (transfer full): the #GObject property name, `table-name`
 */
char *
cg_names_property (const char *snake)
{
  char *property = g_strdup (snake);

  g_strdelimit (property, "_", '-');
  /* Property names start with a letter. */
  if (!g_ascii_isalpha (property[0]))
    {
      char *prefixed = g_strconcat ("x-", property, NULL);
      g_free (property);
      return prefixed;
    }
  return property;
}

/**
 * cg_names_service_snake:
 * @service: a service folder name, such as `sso-oidc`
 *
 * Returns: (transfer full): its part of C names, `sso_oidc`
 */
char *
cg_names_service_snake (const char *service)
{
  return sanitize (service);
}
