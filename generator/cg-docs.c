/* cg-docs.c: model documentation (HTML) as gi-docgen comment text
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "cg-docs.h"

#include <string.h>

/* The models document in a small HTML subset; gi-docgen reads Markdown.
 * This keeps paragraphs, lists, code, emphasis and links, drops every
 * other tag, and wraps the text for a C comment. */

#define WRAP_COLUMN 76

typedef struct {
  GPtrArray *paragraphs;   /* of char *, Markdown, one line each */
  GString   *current;
  GString   *link_text;    /* while inside <a> */
  char      *link_href;
} DocWriter;

static void
end_paragraph (DocWriter *writer)
{
  g_strstrip (writer->current->str);
  writer->current->len = strlen (writer->current->str);
  if (writer->current->len > 0)
    g_ptr_array_add (writer->paragraphs, g_strdup (writer->current->str));
  g_string_truncate (writer->current, 0);
}

static GString *
sink (DocWriter *writer)
{
  return writer->link_text ? writer->link_text : writer->current;
}

static void
append_text (DocWriter  *writer,
             const char *text,
             gsize       length)
{
  GString *out = sink (writer);

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (g_ascii_isspace (c))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          continue;
        }
      /* A comment must not end early, nor seem to open another one. */
      if ((c == '/' && out->len > 0 && out->str[out->len - 1] == '*') ||
          (c == '*' && out->len > 0 && out->str[out->len - 1] == '/'))
        g_string_append_c (out, ' ');
      g_string_append_c (out, c);
    }
}

static const struct {
  const char *name;
  const char *text;
} entities[] = {
  { "lt", "<" }, { "gt", ">" }, { "amp", "&" }, { "quot", "\"" }, { "apos", "'" }, { "nbsp", " " },
};

static const char *
append_entity (DocWriter  *writer,
               const char *p)
{
  const char *end = strchr (p, ';');
  char buffer[8];

  if (end == NULL || end - p > 10)
    {
      append_text (writer, "&", 1);
      return p + 1;
    }
  if (p[1] == '#')
    {
      gunichar c = p[2] == 'x' ? g_ascii_strtoull (p + 3, NULL, 16) : g_ascii_strtoull (p + 2, NULL, 10);
      append_text (writer, buffer, g_unichar_to_utf8 (c, buffer));
      return end + 1;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (entities); i++)
    if ((gsize) (end - p - 1) == strlen (entities[i].name) && strncmp (p + 1, entities[i].name, end - p - 1) == 0)
      {
        append_text (writer, entities[i].text, strlen (entities[i].text));
        return end + 1;
      }
  append_text (writer, "&", 1);
  return p + 1;
}

static char *
attribute (const char *tag,
           const char *name)
{
  const char *found = strstr (tag, name);
  const char *start, *end;

  if (found == NULL || (found[strlen (name)] != '=' ))
    return NULL;
  start = found + strlen (name) + 1;
  if (*start != '"' && *start != '\'')
    return NULL;
  end = strchr (start + 1, *start);
  return end ? g_strndup (start + 1, end - start - 1) : NULL;
}

static gboolean
is_block (const char *name)
{
  static const char *const blocks[] = {
    "p", "ul", "ol", "li", "note", "important", "dl", "dt", "dd", "pre", "br", "div",
    "h1", "h2", "h3", "h4", "h5", "h6", "examples", "example", "title", "table", "tr",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (blocks); i++)
    if (strcmp (name, blocks[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
handle_link (DocWriter  *writer,
             const char *tag,
             gboolean    closing)
{
  if (!closing && writer->link_text == NULL)
    {
      writer->link_text = g_string_new (NULL);
      writer->link_href = attribute (tag, "href");
      return;
    }
  if (closing && writer->link_text != NULL)
    {
      GString *text = writer->link_text;

      writer->link_text = NULL;
      g_strstrip (text->str);
      if (writer->link_href != NULL && g_str_has_prefix (writer->link_href, "http"))
        g_string_append_printf (writer->current, "[%s](%s)", text->str, writer->link_href);
      else
        g_string_append (writer->current, text->str);
      g_string_free (text, TRUE);
      g_clear_pointer (&writer->link_href, g_free);
    }
}

static void
handle_tag (DocWriter  *writer,
            const char *tag)
{
  gboolean closing = tag[0] == '/';
  g_autofree char *name = NULL;
  const char *start = tag + closing;
  gsize length = strcspn (start, " \t\n/");

  name = g_ascii_strdown (start, length);
  if (strcmp (name, "a") == 0)
    handle_link (writer, tag, closing);
  else if (strcmp (name, "code") == 0)
    g_string_append_c (sink (writer), '`');
  else if (strcmp (name, "b") == 0 || strcmp (name, "strong") == 0)
    append_text (writer, "**", 2);   /* after a '/', that would open a comment */
  else if (strcmp (name, "i") == 0 || strcmp (name, "em") == 0)
    g_string_append_c (sink (writer), '_');
  else if (is_block (name))
    {
      end_paragraph (writer);
      if (!closing && strcmp (name, "li") == 0)
        g_string_append (writer->current, "- ");
    }
}

static GPtrArray *
html_to_paragraphs (const char *html)
{
  DocWriter writer = { g_ptr_array_new_with_free_func (g_free), g_string_new (NULL), NULL, NULL };
  const char *p = html;

  while (*p != '\0')
    {
      const char *close;
      gsize run = strcspn (p, "<&");

      append_text (&writer, p, run);
      p += run;
      if (*p == '&')
        p = append_entity (&writer, p);
      else if (*p == '<' && (close = strchr (p, '>')) != NULL)
        {
          g_autofree char *tag = g_strndup (p + 1, close - p - 1);
          handle_tag (&writer, tag);
          p = close + 1;
        }
      else if (*p == '<')
        append_text (&writer, p++, 1);
    }
  if (writer.link_text != NULL)
    handle_link (&writer, "", TRUE);
  end_paragraph (&writer);
  g_string_free (writer.current, TRUE);
  return writer.paragraphs;
}

/* The tags of gtk-doc and of g-ir-scanner's annotation parser: a comment
 * line that starts with one of them and a colon (`Type: String`, any case)
 * would be read as that tag, not as text. */
static const char *const tag_words[] = {
  "deprecated", "returns", "since", "stability", "description", "return value",
  "return", "returns value", "attributes", "get value func", "ref func",
  "rename to", "set value func", "transfer", "type", "unref func", "value",
  "virtual",
};

static gboolean
starts_like_tag (char *const *words)
{
  for (gsize t = 0; t < G_N_ELEMENTS (tag_words); t++)
    {
      g_auto(GStrv) parts = g_strsplit (tag_words[t], " ", -1);
      guint n = 0, w = 0;
      const char *rest;

      /* the tag's words, then the colon, right after them or as the next word */
      for (; parts[n] != NULL; n++, w++)
        {
          while (words[w] != NULL && words[w][0] == '\0')
            w++;
          if (words[w] == NULL || g_ascii_strncasecmp (words[w], parts[n], strlen (parts[n])) != 0)
            break;
          rest = words[w] + strlen (parts[n]);
          if (parts[n + 1] != NULL ? *rest != '\0' : (*rest != '\0' && *rest != ':'))
            break;
          if (parts[n + 1] == NULL &&
              (*rest == ':' || (words[w + 1] != NULL && words[w + 1][0] == ':')))
            return TRUE;
        }
    }
  return FALSE;
}

static void
wrap (GString    *out,
      const char *paragraph)
{
  g_auto(GStrv) words = g_strsplit (paragraph, " ", -1);
  gsize column = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize length = g_utf8_strlen (words[i], -1);

      if (length == 0)
        continue;
      if (column > 0 && column + 1 + length > WRAP_COLUMN)
        {
          g_string_append (out, "\n * ");
          column = 0;
        }
      else if (column > 0)
        {
          g_string_append_c (out, ' ');
          column++;
        }
      /* Indented deeper than the description, the line is text to the
       * scanner; Markdown ignores up to three leading spaces. */
      if (column == 0 && starts_like_tag (words + i))
        {
          g_string_append_c (out, ' ');
          column++;
        }
      g_string_append (out, words[i]);
      column += length;
    }
}

/**
 * cg_docs_to_comment:
 * @html: (nullable): documentation from a model
 *
 * Returns: (transfer full): the documentation as Markdown lines to follow
 *   ` * ` in a C comment, joined by `\n * ` (blank lines are ` *`); empty
 *   when there is none
 */
char *
cg_docs_to_comment (const char *html)
{
  g_autoptr(GPtrArray) paragraphs = NULL;
  GString *out = g_string_new (NULL);

  if (html == NULL)
    return g_string_free (out, FALSE);
  paragraphs = html_to_paragraphs (html);
  for (guint i = 0; i < paragraphs->len; i++)
    {
      if (i > 0)
        g_string_append (out, "\n *\n * ");
      wrap (out, paragraphs->pdata[i]);
    }
  return g_string_free (out, FALSE);
}
