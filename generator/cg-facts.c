/* cg-facts.c: writing m4 facts, with every model text escaped
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "cg-facts.h"

#include <string.h>

/* A fact is one macro call on one line: `g4_member([12], [TableName], ...)`.
 * The templates define what each fact expands to (the X-macro pattern).
 *
 * Model text reaches m4 in a form m4 cannot act on, whatever a template
 * does with it: as in Bison's muscles, `[` and `]` become `@{` and `@}`
 * and `@` becomes `@@`; so that the text can be expanded unquoted, inside
 * other macros' arguments or in macro bodies, `,` `(` `)` `$` `#` and
 * newlines are escaped too, and so is `_`: every macro gaws uses (m4_*
 * builtins under `m4 -P`, g4_* in the templates) has an underscore, so no
 * word of model text can ever name one. The post-pass after m4
 * (cg_facts_unescape()) turns the escapes back into text. */

struct _CgFacts {
  GString *text;
  GString *lean;       /* the same without documentation */
  gsize    fact_start;
  gboolean is_doc;
  guint    n_args;
};

static const struct {
  char c;
  char code;
} escapes[] = {
  { '@', '@' }, { '[', '{' }, { ']', '}' }, { '$', 'D' }, { '_', 'U' },
  { ',', 'C' }, { '(', 'L' }, { ')', 'R' }, { '#', 'H' }, { '\n', 'N' },
};

/**
 * cg_facts_escape:
 * @out: where to append
 * @text: model text
 *
 * Appends @text in the escaped form described above.
 */
void
cg_facts_escape (GString    *out,
                 const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      gsize i;

      for (i = 0; i < G_N_ELEMENTS (escapes); i++)
        if (*p == escapes[i].c)
          break;
      if (i < G_N_ELEMENTS (escapes))
        {
          g_string_append_c (out, '@');
          g_string_append_c (out, escapes[i].code);
        }
      else
        g_string_append_c (out, *p);
    }
}

/**
 * cg_facts_unescape:
 * @text: m4 output
 * @length: its length
 *
 * Undoes cg_facts_escape(). Templates write literal brackets as `@{` and
 * `@}` too; an `@` followed by anything else stays as it is, so that
 * templates can write gtk-doc's `@param`.
 *
 * Returns: (transfer full): the final text
 */
char *
cg_facts_unescape (const char *text,
                   gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      gsize k = G_N_ELEMENTS (escapes);

      if (text[i] == '@' && i + 1 < length)
        for (k = 0; k < G_N_ELEMENTS (escapes); k++)
          if (text[i + 1] == escapes[k].code)
            break;
      if (k < G_N_ELEMENTS (escapes))
        {
          g_string_append_c (out, escapes[k].c);
          i++;
        }
      else
        g_string_append_c (out, text[i]);
    }
  return g_string_free (out, FALSE);
}

/**
 * cg_facts_new:
 *
 * Returns: (transfer full): an empty list of facts
 */
CgFacts *
cg_facts_new (void)
{
  CgFacts *facts = g_new0 (CgFacts, 1);

  facts->text = g_string_new (NULL);
  facts->lean = g_string_new (NULL);
  return facts;
}

/**
 * cg_facts_free:
 * @facts: (transfer full): a #CgFacts
 */
void
cg_facts_free (CgFacts *facts)
{
  g_string_free (facts->text, TRUE);
  g_string_free (facts->lean, TRUE);
  g_free (facts);
}

/**
 * cg_facts_begin:
 * @facts: a #CgFacts
 * @macro: the fact's macro, `g4_` something
 *
 * Starts a fact; add its arguments, then cg_facts_end().
 */
void
cg_facts_begin (CgFacts    *facts,
                const char *macro)
{
  g_assert (g_str_has_prefix (macro, "g4_"));
  facts->fact_start = facts->text->len;
  facts->is_doc = strcmp (macro, "g4_doc") == 0;
  g_string_append (facts->text, macro);
  g_string_append_c (facts->text, '(');
  facts->n_args = 0;
}

static void
open_argument (CgFacts *facts)
{
  if (facts->n_args++ > 0)
    g_string_append (facts->text, ", ");
  g_string_append_c (facts->text, '[');
}

/**
 * cg_facts_text:
 * @facts: a #CgFacts
 * @text: (nullable): model text, or %NULL for an empty argument
 *
 * Adds an argument holding text from the model, escaped.
 */
void
cg_facts_text (CgFacts    *facts,
               const char *text)
{
  open_argument (facts);
  cg_facts_escape (facts->text, text ? text : "");
  g_string_append_c (facts->text, ']');
}

/**
 * cg_facts_identifier:
 * @facts: a #CgFacts
 * @identifier: (nullable): a C identifier or constant expression the
 *   generator computed, such as `gaws_dynamodb_put_item_input` or
 *   `GAWS_MEMBER_FLAG_REQUIRED | GAWS_MEMBER_FLAG_HOST_LABEL`
 *
 * Adds an argument as it is: names computed here are made of letters,
 * digits, `_`, and `|` and spaces between flags, and never start like an
 * m4 macro.
 */
void
cg_facts_identifier (CgFacts    *facts,
                     const char *identifier)
{
  const char *p;

  identifier = identifier ? identifier : "";
  for (p = identifier; *p != '\0'; p++)
    g_assert (g_ascii_isalnum (*p) || *p == '_' || *p == ' ' || *p == '|' || *p == '-' || *p == '.');
  g_assert (!g_str_has_prefix (identifier, "m4_") && !g_str_has_prefix (identifier, "g4_"));
  open_argument (facts);
  g_string_append (facts->text, identifier);
  g_string_append_c (facts->text, ']');
}

/**
 * cg_facts_int:
 * @facts: a #CgFacts
 * @value: a number
 *
 * Adds a decimal number argument.
 */
void
cg_facts_int (CgFacts *facts,
              gint64   value)
{
  open_argument (facts);
  g_string_append_printf (facts->text, "%" G_GINT64_FORMAT "]", value);
}

/**
 * cg_facts_double:
 * @facts: a #CgFacts
 * @value: a number
 *
 * Adds a C double literal that reads back as @value.
 */
void
cg_facts_double (CgFacts *facts,
                 double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  open_argument (facts);
  g_string_append (facts->text, g_ascii_dtostr (buffer, sizeof buffer, value));
  if (strpbrk (buffer, ".eEn") == NULL)
    g_string_append (facts->text, ".0");
  g_string_append_c (facts->text, ']');
}

/**
 * cg_facts_end:
 * @facts: a #CgFacts
 *
 * Ends the current fact and its line.
 */
void
cg_facts_end (CgFacts *facts)
{
  g_string_append (facts->text, ")\n");
  /* Documentation is most of a model: templates that print none read
   * the lean copy. */
  if (!facts->is_doc)
    g_string_append_len (facts->lean, facts->text->str + facts->fact_start,
                         facts->text->len - facts->fact_start);
}

/**
 * cg_facts_write:
 * @facts: a #CgFacts
 * @path: the file to write
 * @lean_path: (nullable): the file to write without `g4_doc` facts
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
cg_facts_write (CgFacts     *facts,
                const char  *path,
                const char  *lean_path,
                GError     **error)
{
  return g_file_set_contents (path, facts->text->str, facts->text->len, error) &&
         (lean_path == NULL || g_file_set_contents (lean_path, facts->lean->str, facts->lean->len, error));
}
