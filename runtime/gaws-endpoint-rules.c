/* gaws-endpoint-rules.c: the endpoint rules engine
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * SECTION:gaws-endpoint-rules
 * @title: GawsEndpointRules
 *
 * The interpreter of the Smithy endpoint rules that every AWS service model
 * ships as `endpoint-rule-set-1.json`. Loading compiles the rule set once:
 * references become slot numbers, template strings are split into parts,
 * `getAttr` paths are parsed and functions are looked up, so that an
 * evaluation only walks the tree. Values at evaluation time are jansson
 * values (strings, booleans, arrays and the records that parseURL,
 * aws.parseArn and aws.partition return); %NULL is "unset".
 *
 * aws.partition reads `partitions.json` (models/partitions.json, embedded):
 * a region listed by a partition picks it, with that region's overrides of
 * the partition's outputs; otherwise the first partition whose
 * `regionRegex` matches; otherwise `aws`.
 */
#include "gaws-endpoint-rules.h"
#include "gaws-endpoint-partitions-private.h"
#include "gaws-error.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
  EXPR_LITERAL,        /* string, boolean or number without references */
  EXPR_TEMPLATE,
  EXPR_REF,
  EXPR_FN,
  EXPR_ARRAY,
  EXPR_OBJECT,
} ExprKind;

typedef enum {
  FN_IS_SET,
  FN_NOT,
  FN_GET_ATTR,
  FN_BOOLEAN_EQUALS,
  FN_STRING_EQUALS,
  FN_SUBSTRING,
  FN_URI_ENCODE,
  FN_PARSE_URL,
  FN_IS_VALID_HOST_LABEL,
  FN_PARTITION,
  FN_PARSE_ARN,
  FN_IS_VIRTUAL_HOSTABLE_S3_BUCKET,
} FnId;

static const struct {
  const char *name;
  FnId        id;
  guint       argc;
} functions[] = {
  { "isSet", FN_IS_SET, 1 },
  { "not", FN_NOT, 1 },
  { "getAttr", FN_GET_ATTR, 2 },
  { "booleanEquals", FN_BOOLEAN_EQUALS, 2 },
  { "stringEquals", FN_STRING_EQUALS, 2 },
  { "substring", FN_SUBSTRING, 4 },
  { "uriEncode", FN_URI_ENCODE, 1 },
  { "parseURL", FN_PARSE_URL, 1 },
  { "isValidHostLabel", FN_IS_VALID_HOST_LABEL, 2 },
  { "aws.partition", FN_PARTITION, 1 },
  { "aws.parseArn", FN_PARSE_ARN, 1 },
  { "aws.isVirtualHostableS3Bucket", FN_IS_VIRTUAL_HOSTABLE_S3_BUCKET, 2 },
};

/* One step of a getAttr path: a key when key != NULL, else an index. */
typedef struct {
  const char *key;
  gint        index;
} PathStep;

typedef struct {
  PathStep *steps;
  guint     n_steps;
} Path;

typedef struct {
  const char *text;     /* literal text, or NULL for a reference */
  guint       slot;
  Path        path;
} TemplatePart;

typedef struct Expr Expr;
struct Expr {
  ExprKind      kind;
  json_t       *literal;       /* EXPR_LITERAL (owned by rules->literals) */
  guint         slot;          /* EXPR_REF */
  FnId          fn;            /* EXPR_FN */
  Path          path;          /* EXPR_FN getAttr */
  Expr        **items;         /* EXPR_FN argv, EXPR_ARRAY, EXPR_OBJECT values */
  const char  **keys;          /* EXPR_OBJECT */
  guint         n_items;
  TemplatePart *parts;         /* EXPR_TEMPLATE */
  guint         n_parts;
};

typedef struct {
  Expr *fn;
  gint  assign_slot;           /* -1 when the condition assigns nothing */
} Condition;

typedef enum { RULE_ENDPOINT, RULE_ERROR, RULE_TREE } RuleKind;

typedef struct Rule Rule;
struct Rule {
  RuleKind    kind;
  Condition  *conditions;
  guint       n_conditions;
  Expr       *url;             /* RULE_ENDPOINT */
  Expr       *headers;         /* RULE_ENDPOINT, EXPR_OBJECT of EXPR_ARRAY, or NULL */
  Expr       *properties;      /* RULE_ENDPOINT, or NULL */
  Expr       *error;           /* RULE_ERROR */
  Rule      **rules;           /* RULE_TREE */
  guint       n_rules;
};

typedef enum { PARAM_STRING, PARAM_BOOLEAN, PARAM_STRING_ARRAY } ParamType;

typedef struct {
  const char *name;
  ParamType   type;
  const char *builtin;
  json_t     *default_value;   /* owned by rules->literals */
  gboolean    required;
} Param;

typedef struct {
  const char *id;
  GRegex     *region_regex;
  json_t     *outputs;         /* with "name" */
  json_t     *regions;         /* region → outputs with that region's overrides */
} Partition;

struct _GawsEndpointRules
{
  gatomicrefcount  ref_count;
  GPtrArray       *allocations;   /* every compiled node and string, g_free */
  json_t          *literals;      /* array keeping literal values alive */
  Param           *params;
  guint            n_params;
  guint            n_slots;
  Rule           **rules;
  guint            n_rules;
  const Partition *partitions;    /* the process's shared table */
  guint            n_partitions;
};

/* partitions.json, parsed once per process and never freed: every rule
 * set reads the same table. */
typedef struct {
  Partition *partitions;
  guint      n_partitions;
} PartitionTable;

G_DEFINE_BOXED_TYPE (GawsEndpointRules, gaws_endpoint_rules, gaws_endpoint_rules_ref, gaws_endpoint_rules_unref)

/* ---- compiling ---- */

typedef struct {
  GawsEndpointRules *rules;
  GPtrArray         *scope_names;   /* names in scope, innermost last */
  GArray            *scope_slots;   /* guint, parallel to scope_names */
  GError           **error;
} Compiler;

static gpointer
alloc0 (GawsEndpointRules *self, gsize size)
{
  gpointer p = g_malloc0 (size ? size : 1);

  g_ptr_array_add (self->allocations, p);
  return p;
}

static const char *
keep_string (GawsEndpointRules *self, const char *s, gssize len)
{
  char *copy = len < 0 ? g_strdup (s) : g_strndup (s, len);

  g_ptr_array_add (self->allocations, copy);
  return copy;
}

static json_t *
keep_literal (GawsEndpointRules *self, json_t *value)
{
  json_array_append_new (self->literals, value);
  return value;
}

static gboolean
compile_fail (Compiler *c, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
compile_fail (Compiler *c, const char *format, ...)
{
  va_list args;
  char *message;

  if (c->error == NULL || *c->error != NULL)
    return FALSE;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (c->error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
               "Invalid endpoint rule set: %s", message);
  g_free (message);
  return FALSE;
}

static gboolean
lookup_name (Compiler *c, const char *name, gsize len, guint *slot)
{
  for (guint i = c->scope_names->len; i > 0; i--)
    {
      const char *n = g_ptr_array_index (c->scope_names, i - 1);
      if (strlen (n) == len && strncmp (n, name, len) == 0)
        {
          *slot = g_array_index (c->scope_slots, guint, i - 1);
          return TRUE;
        }
    }
  return compile_fail (c, "reference to “%.*s”, which is not defined here", (int) len, name);
}

static void
push_name (Compiler *c, const char *name, guint slot)
{
  g_ptr_array_add (c->scope_names, (gpointer) name);
  g_array_append_val (c->scope_slots, slot);
}

static void
pop_names (Compiler *c, guint to_length)
{
  g_ptr_array_set_size (c->scope_names, to_length);
  g_array_set_size (c->scope_slots, to_length);
}

/* "a.b[0][1]", "resourceId[2]" */
static gboolean
compile_path (Compiler *c, const char *text, gsize len, Path *path)
{
  GArray *steps = g_array_new (FALSE, TRUE, sizeof (PathStep));
  gsize i = 0;

  while (i < len)
    {
      PathStep step = { NULL, 0 };

      if (text[i] == '[')
        {
          gsize j = i + 1;
          guint64 index = 0;
          if (j >= len || !g_ascii_isdigit (text[j]))
            goto bad;
          while (j < len && g_ascii_isdigit (text[j]))
            {
              index = index * 10 + (guint64) (text[j] - '0');
              if (index > G_MAXINT)
                goto bad;
              j++;
            }
          if (j >= len || text[j] != ']')
            goto bad;
          step.index = (gint) index;
          i = j + 1;
          if (i < len && text[i] == '.')
            {
              i++;
              if (i >= len)
                goto bad;
            }
        }
      else
        {
          gsize j = i;
          while (j < len && text[j] != '.' && text[j] != '[')
            j++;
          if (j == i)
            goto bad;
          step.key = keep_string (c->rules, text + i, (gssize) (j - i));
          i = j;
          if (i < len && text[i] == '.')
            {
              i++;
              if (i >= len)
                goto bad;
            }
        }
      g_array_append_val (steps, step);
    }
  if (steps->len == 0)
    goto bad;
  path->n_steps = steps->len;
  path->steps = alloc0 (c->rules, sizeof (PathStep) * steps->len);
  memcpy (path->steps, steps->data, sizeof (PathStep) * steps->len);
  g_array_free (steps, TRUE);
  return TRUE;

bad:
  g_array_free (steps, TRUE);
  return compile_fail (c, "bad getAttr path “%.*s”", (int) len, text);
}

static Expr *
new_expr (Compiler *c, ExprKind kind)
{
  Expr *e = alloc0 (c->rules, sizeof (Expr));

  e->kind = kind;
  return e;
}

/* A string: a literal unless it holds `{name}` or `{name#path}`. */
static Expr *
compile_string (Compiler *c, const char *s)
{
  GArray *parts;
  GString *text;
  Expr *e;

  if (strchr (s, '{') == NULL && strchr (s, '}') == NULL)
    {
      e = new_expr (c, EXPR_LITERAL);
      e->literal = keep_literal (c->rules, json_string (s));
      return e;
    }

  parts = g_array_new (FALSE, TRUE, sizeof (TemplatePart));
  text = g_string_new (NULL);
  for (const char *p = s; *p; p++)
    {
      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        {
          g_string_append_c (text, p[0]);
          p++;
        }
      else if (p[0] == '{')
        {
          const char *end = strchr (p, '}');
          const char *hash;
          TemplatePart part = { NULL, 0, { NULL, 0 } };

          if (end == NULL || end == p + 1)
            {
              compile_fail (c, "unterminated template in “%s”", s);
              goto fail;
            }
          if (text->len)
            {
              TemplatePart lit = { keep_string (c->rules, text->str, (gssize) text->len), 0, { NULL, 0 } };
              g_array_append_val (parts, lit);
              g_string_truncate (text, 0);
            }
          hash = memchr (p + 1, '#', (gsize) (end - p - 1));
          if (!lookup_name (c, p + 1, (gsize) ((hash ? hash : end) - p - 1), &part.slot))
            goto fail;
          if (hash && !compile_path (c, hash + 1, (gsize) (end - hash - 1), &part.path))
            goto fail;
          g_array_append_val (parts, part);
          p = end;
        }
      else if (p[0] == '}')
        {
          compile_fail (c, "unbalanced “}” in “%s”", s);
          goto fail;
        }
      else
        g_string_append_c (text, p[0]);
    }
  if (text->len)
    {
      TemplatePart lit = { keep_string (c->rules, text->str, (gssize) text->len), 0, { NULL, 0 } };
      g_array_append_val (parts, lit);
    }
  g_string_free (text, TRUE);

  e = new_expr (c, EXPR_TEMPLATE);
  e->n_parts = parts->len;
  e->parts = alloc0 (c->rules, sizeof (TemplatePart) * parts->len);
  memcpy (e->parts, parts->data, sizeof (TemplatePart) * parts->len);
  g_array_free (parts, TRUE);
  return e;

fail:
  g_string_free (text, TRUE);
  g_array_free (parts, TRUE);
  return NULL;
}

static Expr *compile_expr (Compiler *c, json_t *node);

static Expr *
compile_fn (Compiler *c, json_t *node)
{
  const char *name = json_string_value (json_object_get (node, "fn"));
  json_t *argv = json_object_get (node, "argv");
  Expr *e;
  guint i;

  if (name == NULL || !json_is_array (argv))
    return compile_fail (c, "a function call needs “fn” and “argv”"), NULL;
  for (i = 0; i < G_N_ELEMENTS (functions); i++)
    if (strcmp (functions[i].name, name) == 0)
      break;
  if (i == G_N_ELEMENTS (functions))
    return compile_fail (c, "unknown function “%s”", name), NULL;
  if (json_array_size (argv) != functions[i].argc)
    return compile_fail (c, "%s takes %u arguments, not %zu", name, functions[i].argc,
                         json_array_size (argv)), NULL;

  e = new_expr (c, EXPR_FN);
  e->fn = functions[i].id;
  e->n_items = functions[i].argc;
  e->items = alloc0 (c->rules, sizeof (Expr *) * e->n_items);
  if (e->fn == FN_GET_ATTR)
    {
      const char *path = json_string_value (json_array_get (argv, 1));
      if (path == NULL)
        return compile_fail (c, "getAttr needs a literal path"), NULL;
      if (!compile_path (c, path, strlen (path), &e->path))
        return NULL;
      e->n_items = 1;
    }
  for (i = 0; i < e->n_items; i++)
    if ((e->items[i] = compile_expr (c, json_array_get (argv, i))) == NULL)
      return NULL;
  return e;
}

static Expr *
compile_expr (Compiler *c, json_t *node)
{
  Expr *e;

  switch (json_typeof (node))
    {
    case JSON_STRING:
      return compile_string (c, json_string_value (node));
    case JSON_TRUE:
    case JSON_FALSE:
    case JSON_INTEGER:
    case JSON_REAL:
      e = new_expr (c, EXPR_LITERAL);
      e->literal = keep_literal (c->rules, json_incref (node));
      return e;
    case JSON_ARRAY:
      e = new_expr (c, EXPR_ARRAY);
      e->n_items = (guint) json_array_size (node);
      e->items = alloc0 (c->rules, sizeof (Expr *) * e->n_items);
      for (guint i = 0; i < e->n_items; i++)
        if ((e->items[i] = compile_expr (c, json_array_get (node, i))) == NULL)
          return NULL;
      return e;
    case JSON_OBJECT:
      {
        json_t *ref = json_object_get (node, "ref");
        const char *key;
        json_t *value;
        guint i = 0;

        if (json_is_string (ref))
          {
            e = new_expr (c, EXPR_REF);
            if (!lookup_name (c, json_string_value (ref), json_string_length (ref), &e->slot))
              return NULL;
            return e;
          }
        if (json_object_get (node, "fn") != NULL)
          return compile_fn (c, node);
        e = new_expr (c, EXPR_OBJECT);
        e->n_items = (guint) json_object_size (node);
        e->items = alloc0 (c->rules, sizeof (Expr *) * e->n_items);
        e->keys = alloc0 (c->rules, sizeof (char *) * e->n_items);
        json_object_foreach (node, key, value)
          {
            e->keys[i] = keep_string (c->rules, key, -1);
            if ((e->items[i] = compile_expr (c, value)) == NULL)
              return NULL;
            i++;
          }
        return e;
      }
    case JSON_NULL:
    default:
      return compile_fail (c, "unexpected null"), NULL;
    }
}

static Rule *compile_rule (Compiler *c, json_t *node);

static gboolean
compile_rule_list (Compiler *c, json_t *list, Rule ***rules, guint *n_rules)
{
  if (!json_is_array (list))
    return compile_fail (c, "“rules” must be an array");
  *n_rules = (guint) json_array_size (list);
  *rules = alloc0 (c->rules, sizeof (Rule *) * *n_rules);
  for (guint i = 0; i < *n_rules; i++)
    if (((*rules)[i] = compile_rule (c, json_array_get (list, i))) == NULL)
      return FALSE;
  return TRUE;
}

static Rule *
compile_rule (Compiler *c, json_t *node)
{
  const char *type = json_string_value (json_object_get (node, "type"));
  json_t *conditions = json_object_get (node, "conditions");
  guint scope_length = c->scope_names->len;
  Rule *rule = alloc0 (c->rules, sizeof (Rule));
  Rule *result = NULL;

  if (type == NULL)
    return compile_fail (c, "a rule needs a “type”"), NULL;
  if (conditions != NULL && !json_is_array (conditions))
    return compile_fail (c, "“conditions” must be an array"), NULL;

  rule->n_conditions = (guint) json_array_size (conditions);
  rule->conditions = alloc0 (c->rules, sizeof (Condition) * rule->n_conditions);
  for (guint i = 0; i < rule->n_conditions; i++)
    {
      json_t *cond = json_array_get (conditions, i);
      const char *assign = json_string_value (json_object_get (cond, "assign"));

      if (!json_is_object (cond) || json_object_get (cond, "fn") == NULL)
        {
          compile_fail (c, "a condition must be a function call");
          goto out;
        }
      if ((rule->conditions[i].fn = compile_fn (c, cond)) == NULL)
        goto out;
      rule->conditions[i].assign_slot = -1;
      if (assign != NULL)
        {
          rule->conditions[i].assign_slot = (gint) c->rules->n_slots;
          push_name (c, keep_string (c->rules, assign, -1), c->rules->n_slots++);
        }
    }

  if (strcmp (type, "endpoint") == 0)
    {
      json_t *endpoint = json_object_get (node, "endpoint");
      json_t *headers = json_object_get (endpoint, "headers");
      json_t *properties = json_object_get (endpoint, "properties");

      rule->kind = RULE_ENDPOINT;
      if (!json_is_object (endpoint) || json_object_get (endpoint, "url") == NULL)
        {
          compile_fail (c, "an endpoint rule needs an endpoint with a url");
          goto out;
        }
      if ((rule->url = compile_expr (c, json_object_get (endpoint, "url"))) == NULL)
        goto out;
      if (headers && (!json_is_object (headers) || (rule->headers = compile_expr (c, headers)) == NULL))
        {
          compile_fail (c, "bad endpoint headers");
          goto out;
        }
      if (properties && (!json_is_object (properties) ||
                         (rule->properties = compile_expr (c, properties)) == NULL))
        {
          compile_fail (c, "bad endpoint properties");
          goto out;
        }
    }
  else if (strcmp (type, "error") == 0)
    {
      rule->kind = RULE_ERROR;
      if (json_object_get (node, "error") == NULL)
        {
          compile_fail (c, "an error rule needs an error message");
          goto out;
        }
      if ((rule->error = compile_expr (c, json_object_get (node, "error"))) == NULL)
        goto out;
    }
  else if (strcmp (type, "tree") == 0)
    {
      rule->kind = RULE_TREE;
      if (!compile_rule_list (c, json_object_get (node, "rules"), &rule->rules, &rule->n_rules))
        goto out;
    }
  else
    {
      compile_fail (c, "unknown rule type “%s”", type);
      goto out;
    }
  result = rule;

out:
  pop_names (c, scope_length);
  return result;
}

static gboolean
compile_parameters (Compiler *c, json_t *parameters)
{
  GawsEndpointRules *self = c->rules;
  const char *name;
  json_t *spec;
  guint i = 0;

  if (!json_is_object (parameters))
    return compile_fail (c, "“parameters” must be an object");
  self->n_params = (guint) json_object_size (parameters);
  self->params = alloc0 (self, sizeof (Param) * self->n_params);
  json_object_foreach (parameters, name, spec)
    {
      Param *p = &self->params[i];
      const char *type = json_string_value (json_object_get (spec, "type"));
      json_t *def = json_object_get (spec, "default");

      p->name = keep_string (self, name, -1);
      if (type == NULL)
        return compile_fail (c, "parameter “%s” has no type", name);
      if (g_ascii_strcasecmp (type, "string") == 0)
        p->type = PARAM_STRING;
      else if (g_ascii_strcasecmp (type, "boolean") == 0)
        p->type = PARAM_BOOLEAN;
      else if (g_ascii_strcasecmp (type, "stringArray") == 0)
        p->type = PARAM_STRING_ARRAY;
      else
        return compile_fail (c, "parameter “%s” has unknown type “%s”", name, type);
      if (json_is_string (json_object_get (spec, "builtIn")))
        p->builtin = keep_string (self, json_string_value (json_object_get (spec, "builtIn")), -1);
      if (def != NULL && !json_is_null (def))
        p->default_value = keep_literal (self, json_deep_copy (def));
      p->required = json_is_true (json_object_get (spec, "required"));
      push_name (c, p->name, i);
      i++;
    }
  self->n_slots = self->n_params;
  return TRUE;
}

static PartitionTable *
parse_partitions (void)
{
  PartitionTable *table = g_new0 (PartitionTable, 1);
  json_t *root = json_loads (gaws_endpoint_partitions_json, 0, NULL);
  json_t *list = json_object_get (root, "partitions");

  table->n_partitions = (guint) json_array_size (list);
  table->partitions = g_new0 (Partition, MAX (table->n_partitions, 1));
  for (guint i = 0; i < table->n_partitions; i++)
    {
      json_t *node = json_array_get (list, i);
      Partition *part = &table->partitions[i];
      const char *regex = json_string_value (json_object_get (node, "regionRegex"));
      const char *id = json_string_value (json_object_get (node, "id"));
      json_t *regions = json_object_get (node, "regions");
      const char *region;
      json_t *info;

      part->id = g_strdup (id ? id : "");
      part->outputs = json_deep_copy (json_object_get (node, "outputs"));
      if (!json_is_object (part->outputs))
        {
          json_decref (part->outputs);
          part->outputs = json_object ();
        }
      json_object_set_new (part->outputs, "name", json_string (part->id));
      part->region_regex = regex ? g_regex_new (regex, 0, 0, NULL) : NULL;
      part->regions = json_object ();
      json_object_foreach (regions, region, info)
        {
          json_t *outputs = json_deep_copy (part->outputs);
          const char *key;
          json_t *value;

          json_object_foreach (info, key, value)
            if (strcmp (key, "description") != 0)
              json_object_set (outputs, key, value);
          json_object_set_new (part->regions, region, outputs);
        }
    }
  json_decref (root);
  return table;
}

static gboolean
load_partitions (GawsEndpointRules *self, GError **error)
{
  static PartitionTable *table;

  if (g_once_init_enter (&table))
    g_once_init_leave (&table, parse_partitions ());
  if (table->n_partitions == 0)
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                           "Invalid partitions.json: no partitions");
      return FALSE;
    }
  self->partitions = table->partitions;
  self->n_partitions = table->n_partitions;
  return TRUE;
}

static void
rules_free (GawsEndpointRules *self)
{
  json_decref (self->literals);
  g_ptr_array_unref (self->allocations);
  g_free (self);
}

/**
 * gaws_endpoint_rules_new:
 * @json: the text of an `endpoint-rule-set-1.json`
 * @length: the length of @json, or -1 when it is nul-terminated
 * @error: return location for a #GError
 *
 * Parses and compiles a rule set.
 *
 * Returns: (transfer full) (nullable): the compiled rules, or %NULL with
 *   @error set when the text is not a valid rule set
 */
GawsEndpointRules *
gaws_endpoint_rules_new (const char *json, gssize length, GError **error)
{
  GawsEndpointRules *self;
  Compiler c = { NULL, NULL, NULL, error };
  json_error_t jerror;
  json_t *root;
  gboolean ok;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = json_loadb (json, length < 0 ? strlen (json) : (gsize) length, 0, &jerror);
  if (root == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Invalid endpoint rule set: %d:%d: %s", jerror.line, jerror.column, jerror.text);
      return NULL;
    }

  self = g_new0 (GawsEndpointRules, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->allocations = g_ptr_array_new_with_free_func (g_free);
  self->literals = json_array ();
  c.rules = self;
  c.scope_names = g_ptr_array_new ();
  c.scope_slots = g_array_new (FALSE, FALSE, sizeof (guint));

  ok = compile_parameters (&c, json_object_get (root, "parameters")) &&
       compile_rule_list (&c, json_object_get (root, "rules"), &self->rules, &self->n_rules) &&
       load_partitions (self, error);

  g_ptr_array_unref (c.scope_names);
  g_array_unref (c.scope_slots);
  json_decref (root);
  if (!ok)
    {
      rules_free (self);
      return NULL;
    }
  return self;
}

typedef struct {
  const char        *json;   /* the caller's static text: the key */
  char              *copy;   /* what it said when compiled */
  GawsEndpointRules *rules;
} SharedRules;

/**
 * gaws_endpoint_rules_get_shared:
 * @json: the nul-terminated text of an `endpoint-rule-set-1.json` in
 *   static storage, such as a generated client's
 *   #GawsClientServiceInfo.endpoint_rule_set_json
 * @error: return location for a #GError
 *
 * Like gaws_endpoint_rules_new(), but compiles each rule set once per
 * process: later calls with the same text return the same rules, so that
 * every new client of a service does not parse and compile its rule set
 * again. Thread-safe.
 *
 * Returns: (transfer full) (nullable): a reference to the compiled rules,
 *   or %NULL with @error set when the text is not a valid rule set
 */
GawsEndpointRules *
gaws_endpoint_rules_get_shared (const char *json, GError **error)
{
  static GMutex lock;
  static GHashTable *cache;   /* json pointer → SharedRules, never freed */
  SharedRules *entry;
  GawsEndpointRules *rules;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new (g_direct_hash, g_direct_equal);
  entry = g_hash_table_lookup (cache, json);
  /* The pointer is the key; the text is compared too (a few thousand
   * instructions, once per client) in case a caller's text was not
   * static after all and another took its address. */
  if (entry != NULL && strcmp (entry->copy, json) == 0)
    {
      rules = gaws_endpoint_rules_ref (entry->rules);
      g_mutex_unlock (&lock);
      return rules;
    }
  g_mutex_unlock (&lock);

  /* Compiled outside the lock: two threads may both compile a new rule
   * set, and the second one's replaces the first's in the cache. */
  rules = gaws_endpoint_rules_new (json, -1, error);
  if (rules == NULL)
    return NULL;

  g_mutex_lock (&lock);
  entry = g_hash_table_lookup (cache, json);
  if (entry == NULL)
    {
      entry = g_new0 (SharedRules, 1);
      entry->json = json;
      g_hash_table_insert (cache, (gpointer) json, entry);
    }
  else
    {
      g_free (entry->copy);
      gaws_endpoint_rules_unref (entry->rules);
    }
  entry->copy = g_strdup (json);
  entry->rules = gaws_endpoint_rules_ref (rules);
  g_mutex_unlock (&lock);
  return rules;
}

/**
 * gaws_endpoint_rules_new_from_file:
 * @path: an `endpoint-rule-set-1.json`, or the `.json.gz` botocore ships
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the compiled rules, or %NULL with
 *   @error set
 */
GawsEndpointRules *
gaws_endpoint_rules_new_from_file (const char *path, GError **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  file = g_file_new_for_path (path);
  stream = G_INPUT_STREAM (g_file_read (file, NULL, error));
  if (stream == NULL)
    return NULL;
  if (g_str_has_suffix (path, ".gz"))
    {
      g_autoptr(GConverter) gunzip = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
      GInputStream *plain = g_converter_input_stream_new (stream, gunzip);
      g_object_unref (stream);
      stream = plain;
    }
  out = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  return gaws_endpoint_rules_new (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                                  (gssize) g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                                  error);
}

/**
 * gaws_endpoint_rules_ref:
 * @self: a #GawsEndpointRules
 *
 * Returns: (transfer full): @self
 */
GawsEndpointRules *
gaws_endpoint_rules_ref (GawsEndpointRules *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * gaws_endpoint_rules_unref:
 * @self: (transfer full): a #GawsEndpointRules
 */
void
gaws_endpoint_rules_unref (GawsEndpointRules *self)
{
  g_return_if_fail (self != NULL);
  if (g_atomic_ref_count_dec (&self->ref_count))
    rules_free (self);
}

/**
 * gaws_endpoint_rules_has_parameter:
 * @self: a #GawsEndpointRules
 * @name: a parameter name, such as `Bucket`
 *
 * Returns: whether the rule set declares the parameter @name
 */
gboolean
gaws_endpoint_rules_has_parameter (GawsEndpointRules *self, const char *name)
{
  g_return_val_if_fail (self != NULL, FALSE);
  for (guint i = 0; i < self->n_params; i++)
    if (strcmp (self->params[i].name, name) == 0)
      return TRUE;
  return FALSE;
}

/* ---- the standard library ---- */

static json_t *
get_path (json_t *value, const Path *path)
{
  for (guint i = 0; i < path->n_steps && value != NULL; i++)
    {
      if (path->steps[i].key != NULL)
        value = json_is_object (value) ? json_object_get (value, path->steps[i].key) : NULL;
      else
        value = json_is_array (value) ? json_array_get (value, (gsize) path->steps[i].index) : NULL;
    }
  return value ? json_incref (value) : NULL;
}

static gboolean
is_valid_host_label (const char *s, gboolean allow_subdomains)
{
  const char *label = s;

  for (;;)
    {
      const char *end = label;
      gsize len;

      while (*end && *end != '.')
        end++;
      len = (gsize) (end - label);
      if (len < 1 || len > 63 || label[0] == '-' || label[len - 1] == '-')
        return FALSE;
      for (gsize i = 0; i < len; i++)
        if (!g_ascii_isalnum (label[i]) && label[i] != '-')
          return FALSE;
      if (*end == '\0')
        return TRUE;
      if (!allow_subdomains)
        return FALSE;
      label = end + 1;
    }
}

static gboolean
is_ipv4 (const char *s, gsize len)
{
  guint dots = 0, digits = 0, value = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '.')
        {
          if (digits == 0)
            return FALSE;
          dots++;
          digits = value = 0;
        }
      else if (g_ascii_isdigit (s[i]))
        {
          value = value * 10 + (guint) (s[i] - '0');
          if (++digits > 3 || value > 255)
            return FALSE;
        }
      else
        return FALSE;
    }
  return dots == 3 && digits > 0;
}

static gboolean
is_virtual_hostable_s3_bucket (const char *s, gboolean allow_subdomains)
{
  gsize len = strlen (s);

  if (len < 3 || len > 63 || is_ipv4 (s, len))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (g_ascii_isupper (s[i]))
      return FALSE;
  return is_valid_host_label (s, allow_subdomains);
}

static json_t *
parse_url (const char *url)
{
  const char *sep = strstr (url, "://");
  const char *authority, *auth_end, *host_end, *path;
  g_autofree char *scheme = NULL;
  GString *normalized;
  gboolean is_ip;
  json_t *result;

  if (sep == NULL)
    return NULL;
  scheme = g_strndup (url, (gsize) (sep - url));
  if (strcmp (scheme, "http") != 0 && strcmp (scheme, "https") != 0)
    return NULL;
  authority = sep + 3;
  auth_end = authority + strcspn (authority, "/?#");
  if (*auth_end == '?' || *auth_end == '#' || strchr (auth_end, '?') || strchr (auth_end, '#'))
    return NULL;
  if (auth_end == authority || memchr (authority, '@', (gsize) (auth_end - authority)))
    return NULL;
  path = auth_end;

  /* host, then an optional numeric port */
  if (authority[0] == '[')
    {
      const char *close = memchr (authority, ']', (gsize) (auth_end - authority));
      if (close == NULL)
        return NULL;
      for (const char *p = authority + 1; p < close; p++)
        if (!g_ascii_isxdigit (*p) && *p != ':' && *p != '.')
          return NULL;
      host_end = close + 1;
      is_ip = TRUE;
    }
  else
    {
      host_end = memchr (authority, ':', (gsize) (auth_end - authority));
      if (host_end == NULL)
        host_end = auth_end;
      if (host_end == authority)
        return NULL;
      is_ip = is_ipv4 (authority, (gsize) (host_end - authority));
    }
  if (host_end < auth_end)
    {
      if (*host_end != ':' || host_end + 1 == auth_end)
        return NULL;
      for (const char *p = host_end + 1; p < auth_end; p++)
        if (!g_ascii_isdigit (*p))
          return NULL;
      if (auth_end - host_end - 1 > 5 || atoi (host_end + 1) > 65535)
        return NULL;
    }

  normalized = g_string_new (path);
  if (normalized->len == 0 || normalized->str[normalized->len - 1] != '/')
    g_string_append_c (normalized, '/');
  result = json_pack ("{s:s, s:s#, s:s, s:s, s:b}",
                      "scheme", scheme,
                      "authority", authority, (int) (auth_end - authority),
                      "path", path,
                      "normalizedPath", normalized->str,
                      "isIp", is_ip);
  g_string_free (normalized, TRUE);
  return result;
}

static json_t *
parse_arn (const char *s)
{
  char **parts;
  json_t *result = NULL;

  if (!g_str_has_prefix (s, "arn:"))
    return NULL;
  parts = g_strsplit (s, ":", 6);
  if (g_strv_length (parts) == 6 && parts[1][0] && parts[2][0] && parts[5][0])
    {
      json_t *ids = json_array ();
      const char *start = parts[5];

      for (const char *p = parts[5];; p++)
        if (*p == ':' || *p == '/' || *p == '\0')
          {
            json_array_append_new (ids, json_stringn (start, (gsize) (p - start)));
            if (*p == '\0')
              break;
            start = p + 1;
          }
      result = json_pack ("{s:s, s:s, s:s, s:s, s:o}",
                          "partition", parts[1], "service", parts[2], "region", parts[3],
                          "accountId", parts[4], "resourceId", ids);
    }
  g_strfreev (parts);
  return result;
}

static json_t *
substring (const char *s, json_int_t start, json_int_t stop, gboolean reverse)
{
  json_int_t len = (json_int_t) strlen (s);

  for (json_int_t i = 0; i < len; i++)
    if ((guchar) s[i] >= 0x80)
      return NULL;
  if (start < 0 || start >= stop || len < stop)
    return NULL;
  if (reverse)
    {
      json_int_t r_start = len - stop;
      stop = len - start;
      start = r_start;
    }
  return json_stringn (s + start, (gsize) (stop - start));
}

static json_t *
uri_encode (const char *s)
{
  static const char hex[] = "0123456789ABCDEF";
  GString *out = g_string_new (NULL);
  json_t *result;

  for (const guchar *p = (const guchar *) s; *p; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~')
        g_string_append_c (out, (char) *p);
      else
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, hex[*p >> 4]);
          g_string_append_c (out, hex[*p & 15]);
        }
    }
  result = json_stringn (out->str, out->len);
  g_string_free (out, TRUE);
  return result;
}

static json_t *
partition (GawsEndpointRules *self, const char *region)
{
  for (guint i = 0; i < self->n_partitions; i++)
    {
      json_t *outputs = json_object_get (self->partitions[i].regions, region);
      if (outputs)
        return json_incref (outputs);
    }
  for (guint i = 0; i < self->n_partitions; i++)
    if (self->partitions[i].region_regex &&
        g_regex_match (self->partitions[i].region_regex, region, 0, NULL))
      return json_incref (self->partitions[i].outputs);
  for (guint i = 0; i < self->n_partitions; i++)
    if (strcmp (self->partitions[i].id, "aws") == 0)
      return json_incref (self->partitions[i].outputs);
  return NULL;
}

/* ---- evaluating ---- */

typedef struct {
  GawsEndpointRules  *rules;
  json_t            **slots;
  GError             *error;
} Eval;

static json_t *eval_expr (Eval *ev, const Expr *e);

static json_t *
eval_template (Eval *ev, const Expr *e)
{
  GString *out = g_string_new (NULL);
  json_t *result;

  for (guint i = 0; i < e->n_parts; i++)
    {
      const TemplatePart *part = &e->parts[i];
      json_t *value;

      if (part->text)
        {
          g_string_append (out, part->text);
          continue;
        }
      value = part->path.n_steps ? get_path (ev->slots[part->slot], &part->path)
                                 : (ev->slots[part->slot] ? json_incref (ev->slots[part->slot]) : NULL);
      if (!json_is_string (value))
        {
          if (ev->error == NULL)
            g_set_error (&ev->error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                         "Endpoint rules: a template refers to an unset or non-string value");
          json_decref (value);
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_len (out, json_string_value (value), (gssize) json_string_length (value));
      json_decref (value);
    }
  result = json_stringn (out->str, out->len);
  g_string_free (out, TRUE);
  return result;
}

static json_t *
eval_fn (Eval *ev, const Expr *e)
{
  json_t *args[4] = { NULL, NULL, NULL, NULL };
  json_t *result = NULL;
  const char *s;

  for (guint i = 0; i < e->n_items; i++)
    {
      args[i] = eval_expr (ev, e->items[i]);
      if (ev->error)
        goto out;
    }
  s = json_string_value (args[0]);

  switch (e->fn)
    {
    case FN_IS_SET:
      result = json_boolean (args[0] != NULL);
      break;
    case FN_NOT:
      if (json_is_boolean (args[0]))
        result = json_boolean (json_is_false (args[0]));
      break;
    case FN_GET_ATTR:
      result = get_path (args[0], &e->path);
      break;
    case FN_BOOLEAN_EQUALS:
      result = json_boolean (json_is_boolean (args[0]) && json_is_boolean (args[1]) &&
                             json_is_true (args[0]) == json_is_true (args[1]));
      break;
    case FN_STRING_EQUALS:
      result = json_boolean (s && json_is_string (args[1]) && json_equal (args[0], args[1]));
      break;
    case FN_SUBSTRING:
      if (s && json_is_integer (args[1]) && json_is_integer (args[2]) && json_is_boolean (args[3]))
        result = substring (s, json_integer_value (args[1]), json_integer_value (args[2]),
                            json_is_true (args[3]));
      break;
    case FN_URI_ENCODE:
      if (s)
        result = uri_encode (s);
      break;
    case FN_PARSE_URL:
      if (s)
        result = parse_url (s);
      break;
    case FN_IS_VALID_HOST_LABEL:
      result = json_boolean (s && is_valid_host_label (s, json_is_true (args[1])));
      break;
    case FN_PARTITION:
      if (s)
        result = partition (ev->rules, s);
      break;
    case FN_PARSE_ARN:
      if (s)
        result = parse_arn (s);
      break;
    case FN_IS_VIRTUAL_HOSTABLE_S3_BUCKET:
      result = json_boolean (s && is_virtual_hostable_s3_bucket (s, json_is_true (args[1])));
      break;
    default:
      g_assert_not_reached ();
    }

out:
  for (guint i = 0; i < G_N_ELEMENTS (args); i++)
    json_decref (args[i]);
  return result;
}

static json_t *
eval_expr (Eval *ev, const Expr *e)
{
  json_t *result;

  switch (e->kind)
    {
    case EXPR_LITERAL:
      return json_incref (e->literal);
    case EXPR_TEMPLATE:
      return eval_template (ev, e);
    case EXPR_REF:
      return ev->slots[e->slot] ? json_incref (ev->slots[e->slot]) : NULL;
    case EXPR_FN:
      return eval_fn (ev, e);
    case EXPR_ARRAY:
      result = json_array ();
      for (guint i = 0; i < e->n_items && !ev->error; i++)
        {
          json_t *item = eval_expr (ev, e->items[i]);
          json_array_append_new (result, item ? item : json_null ());
        }
      return result;
    case EXPR_OBJECT:
      result = json_object ();
      for (guint i = 0; i < e->n_items && !ev->error; i++)
        {
          json_t *item = eval_expr (ev, e->items[i]);
          json_object_set_new (result, e->keys[i], item ? item : json_null ());
        }
      return result;
    default:
      g_assert_not_reached ();
    }
}

/* Returns the endpoint, or NULL with ev->error set (an error rule, or an
 * evaluation error), or NULL without error when no rule matched. */
static GawsEndpoint *
eval_rules (Eval *ev, Rule **rules, guint n_rules)
{
  for (guint r = 0; r < n_rules; r++)
    {
      const Rule *rule = rules[r];
      gboolean matched = TRUE;

      for (guint i = 0; i < rule->n_conditions && matched; i++)
        {
          json_t *value = eval_expr (ev, rule->conditions[i].fn);

          if (ev->error)
            {
              json_decref (value);
              return NULL;
            }
          matched = value != NULL && !json_is_false (value);
          if (matched && rule->conditions[i].assign_slot >= 0)
            {
              json_t **slot = &ev->slots[rule->conditions[i].assign_slot];
              json_decref (*slot);
              *slot = value;
            }
          else
            json_decref (value);
        }
      if (!matched)
        continue;

      switch (rule->kind)
        {
        case RULE_TREE:
          {
            GawsEndpoint *endpoint = eval_rules (ev, rule->rules, rule->n_rules);
            if (endpoint || ev->error)
              return endpoint;
            break;
          }
        case RULE_ERROR:
          {
            json_t *message = eval_expr (ev, rule->error);
            if (ev->error == NULL)
              g_set_error_literal (&ev->error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                                   json_string_value (message) ? json_string_value (message)
                                                               : "endpoint rule error");
            json_decref (message);
            return NULL;
          }
        case RULE_ENDPOINT:
          {
            json_t *url = eval_expr (ev, rule->url);
            json_t *headers = rule->headers && !ev->error ? eval_expr (ev, rule->headers) : NULL;
            json_t *properties = rule->properties && !ev->error ? eval_expr (ev, rule->properties) : NULL;
            GawsEndpoint *endpoint = NULL;

            if (ev->error == NULL && !json_is_string (url))
              g_set_error_literal (&ev->error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                                   "Endpoint rules: the endpoint URL is not a string");
            if (ev->error == NULL)
              endpoint = gaws_endpoint_new (json_string_value (url), headers, properties);
            json_decref (url);
            json_decref (headers);
            json_decref (properties);
            return endpoint;
          }
        default:
          g_assert_not_reached ();
        }
    }
  return NULL;
}

static gboolean
param_value_ok (const Param *p, json_t *value)
{
  switch (p->type)
    {
    case PARAM_STRING:
      return json_is_string (value);
    case PARAM_BOOLEAN:
      return json_is_boolean (value);
    case PARAM_STRING_ARRAY:
      {
        gsize i;
        json_t *item;
        if (!json_is_array (value))
          return FALSE;
        json_array_foreach (value, i, item)
          if (!json_is_string (item))
            return FALSE;
        return TRUE;
      }
    default:
      return FALSE;
    }
}

/**
 * gaws_endpoint_rules_evaluate: (skip)
 * @self: a #GawsEndpointRules
 * @builtins: (nullable): a JSON object of built-in values by their names
 *   (`AWS::Region`, `AWS::UseFIPS`, `AWS::UseDualStack`, `SDK::Endpoint`,
 *   `AWS::S3::ForcePathStyle`, ...), for parameters that declare them
 * @params: (nullable): a JSON object of parameter values by parameter name
 *   (`Bucket`, `Region`, ...); they win over @builtins
 * @error: return location for a #GError
 *
 * Evaluates the rules. A parameter takes its value from @params, else
 * from @builtins when it declares a `builtIn`, else its `default`. Values
 * that are JSON null count as unset. Values the rule set does not declare
 * are ignored, so one set of built-ins serves every service.
 *
 * Returns: (transfer full) (nullable): the endpoint, or %NULL with @error
 *   set (%GAWS_ERROR_CONFIG) when a required parameter is missing or has
 *   the wrong type, when an error rule matched (its message is the error's)
 *   or when no rule matched
 */
GawsEndpoint *
gaws_endpoint_rules_evaluate (GawsEndpointRules  *self,
                              json_t             *builtins,
                              json_t             *params,
                              GError            **error)
{
  Eval ev = { self, NULL, NULL };
  GawsEndpoint *endpoint = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ev.slots = g_new0 (json_t *, self->n_slots ? self->n_slots : 1);
  for (guint i = 0; i < self->n_params; i++)
    {
      const Param *p = &self->params[i];
      json_t *value = json_object_get (params, p->name);

      if ((value == NULL || json_is_null (value)) && p->builtin)
        value = json_object_get (builtins, p->builtin);
      if (value == NULL || json_is_null (value))
        value = p->default_value;
      if (value == NULL && p->required)
        {
          g_set_error (&ev.error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                       "Endpoint rules: missing required parameter “%s”", p->name);
          goto out;
        }
      if (value != NULL && !param_value_ok (p, value))
        {
          g_set_error (&ev.error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                       "Endpoint rules: parameter “%s” has the wrong type", p->name);
          goto out;
        }
      ev.slots[i] = value ? json_incref (value) : NULL;
    }

  endpoint = eval_rules (&ev, self->rules, self->n_rules);
  if (endpoint == NULL && ev.error == NULL)
    g_set_error_literal (&ev.error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                         "Endpoint rules: no rule matched the parameters");

out:
  for (guint i = 0; i < self->n_slots; i++)
    json_decref (ev.slots[i]);
  g_free (ev.slots);
  if (ev.error)
    g_propagate_error (error, ev.error);
  return endpoint;
}
