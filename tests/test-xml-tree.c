/* test-xml-tree.c: the XML tree (one arena per document) and reading
 * scalars from it
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-util.h"

#include <string.h>
#include "gaws-protocol-rest.h"
#include "gaws-protocol-rest-xml.h"
#include "gaws-protocol-util.h"
#include "gaws-protocol-xml.h"

static GawsXmlNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  GawsXmlNode *root = gaws_xml_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

static void
assert_invalid (const char *text,
                gsize       length)
{
  g_autoptr(GError) error = NULL;
  GawsXmlNode *root = gaws_xml_parse (text, length, &error);

  g_assert_null (root);
  g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
}

/* Names lose their prefix, attributes keep theirs, text is all of an
 * element's character data (entities and CDATA read), in pieces or not. */
static void
test_tree (void)
{
  g_autoptr(GawsXmlNode) root =
    parse ("<?xml version=\"1.0\"?>\n<a:Root xmlns:a=\"urn:x\" x=\"1\" y=\"&amp;&#65;\">head"
           "<Child>one</Child>mid<Child>t&lt;wo<![CDATA[<raw>]]>!</Child><Empty/>tail</a:Root>");
  GawsXmlNode *second;

  g_assert_cmpstr (root->name, ==, "Root");
  g_assert_cmpstr (root->text, ==, "headmidtail");
  g_assert_cmpuint (root->text_length, ==, 11);
  g_assert_cmpuint (root->n_children, ==, 3);
  g_assert_cmpuint (g_strv_length ((char **) root->attribute_names), ==, 3);
  g_assert_cmpstr (gaws_xml_node_get_attribute (root, "xmlns:a"), ==, "urn:x");
  g_assert_cmpstr (gaws_xml_node_get_attribute (root, "y"), ==, "&A");
  g_assert_null (gaws_xml_node_get_attribute (root, "z"));
  g_assert_cmpstr (gaws_xml_node_get_child_text (root, "Child"), ==, "one");
  g_assert_true (gaws_xml_node_get_child (root, "Child") == root->children[0]);
  g_assert_null (gaws_xml_node_get_child (root, "Nothing"));
  g_assert_null (gaws_xml_node_get_child_text (NULL, "Child"));
  second = root->children[1];
  g_assert_cmpstr (second->name, ==, "Child");
  g_assert_cmpstr (second->text, ==, "t<wo<raw>!");
  g_assert_cmpuint (second->text_length, ==, strlen ("t<wo<raw>!"));
  g_assert_cmpuint (second->n_children, ==, 0);
  g_assert_null (second->attribute_names[0]);
  g_assert_cmpstr (gaws_xml_node_get_child_text (root, "Empty"), ==, "");
  g_assert_cmpuint (root->children[2]->text_length, ==, 0);
}

/* More than fits in one block: many children, text between them that
 * moves as it grows, and a text longer than the largest block. */
static void
test_large (void)
{
  g_autoptr(GString) xml = g_string_new ("<Root>");
  g_autoptr(GawsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gsize between = 0;
  const guint n = 20000;
  const gsize long_text = 3 * 1024 * 1024 + 7;

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (xml, "<Item id=\"%u\"><Key>key-%u</Key><Size>%u</Size></Item>\n ", i, i, i);
      between += 2;
    }
  g_string_append (xml, "<Long>");
  for (gsize i = 0; i < long_text; i++)
    g_string_append_c (xml, 'a' + i % 26);
  g_string_append (xml, "</Long></Root>");
  root = gaws_xml_parse (xml->str, xml->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (root->n_children, ==, n + 1);
  g_assert_cmpuint (root->text_length, ==, between);
  g_assert_cmpuint (strlen (root->text), ==, between);
  for (guint i = 0; i < n; i += 997)
    {
      GawsXmlNode *item = root->children[i];
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *key = g_strdup_printf ("key-%u", i);

      g_assert_cmpstr (item->name, ==, "Item");
      g_assert_cmpstr (gaws_xml_node_get_attribute (item, "id"), ==, id);
      g_assert_cmpuint (item->n_children, ==, 2);
      g_assert_cmpstr (gaws_xml_node_get_child_text (item, "Key"), ==, key);
    }
  g_assert_cmpuint (root->children[n]->text_length, ==, long_text);
  g_assert_cmpint (root->children[n]->text[long_text - 1], ==, 'a' + (long_text - 1) % 26);
  g_assert_cmpint (root->children[n]->text[long_text], ==, '\0');
}

static void
test_invalid (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GawsXmlNode) ok = NULL;

  assert_invalid ("", 0);
  assert_invalid (" \n", 2);
  assert_invalid ("<a/><b/>", 8);
  assert_invalid ("<a><b></a>", 10);
  assert_invalid ("<a>text", 7);
  assert_invalid ("<a>\xff</a>", 8);
  assert_invalid ("<a>x</a>\0", 9);
  /* an attribute twice: XML forbids it, GMarkup does not check */
  assert_invalid ("<a x=\"1\" y=\"2\" x=\"3\"/>", 22);
  assert_invalid ("<a><b n0=\"\" n1=\"\" n2=\"\" n3=\"\" n4=\"\" n5=\"\" n6=\"\" n7=\"\" n8=\"\" n3=\"\"/></a>", 71);
  g_clear_pointer (&ok, gaws_xml_node_free);
  ok = parse ("<a n0=\"\" n1=\"\" n2=\"\" n3=\"\" n4=\"\" n5=\"\" n6=\"\" n7=\"\" n8=\"\" n9=\"9\"/>");
  g_assert_cmpstr (gaws_xml_node_get_attribute (ok, "n9"), ==, "9");
  g_clear_pointer (&ok, gaws_xml_node_free);
  /* 256 levels are fine, 257 are not */
  for (guint i = 0; i < 256; i++)
    g_string_append (deep, "<d>");
  for (guint i = 0; i < 256; i++)
    g_string_append (deep, "</d>");
  ok = parse (deep->str);
  g_assert_cmpuint (ok->n_children, ==, 1);
  g_string_prepend (deep, "<d>");
  g_string_append (deep, "</d>");
  assert_invalid (deep->str, deep->len);
}

static void
test_equal (void)
{
  g_autoptr(GawsXmlNode) a = parse ("<R b=\"2\" a=\"1\">\n  <X>1</X>\n  <Y/>\n</R>");
  g_autoptr(GawsXmlNode) b = parse ("<R a=\"1\" b=\"2\"><X>1</X><Y></Y></R>");
  g_autoptr(GawsXmlNode) c = parse ("<R a=\"1\" b=\"2\"><X>2</X><Y></Y></R>");
  g_autoptr(GawsXmlNode) d = parse ("<R a=\"1\" b=\"2\"><Y></Y><X>1</X></R>");

  g_assert_true (gaws_xml_node_equal (a, b));
  g_assert_true (gaws_xml_node_equal (b, a));
  g_assert_false (gaws_xml_node_equal (a, c));
  g_assert_false (gaws_xml_node_equal (b, d));
}

/* A structure with one member of each scalar kind, and an attribute. */

static const GawsShapeInfo scalar_shapes[7];

enum { S_STRING, S_INTEGER, S_LONG, S_BOOLEAN, S_DOUBLE, S_TIMESTAMP, S_STRUCT };

static const GawsMemberInfo scalar_members[] = {
  { .name = "s", .shape = &scalar_shapes[S_STRING] },
  { .name = "i", .shape = &scalar_shapes[S_INTEGER] },
  { .name = "l", .shape = &scalar_shapes[S_LONG] },
  { .name = "b", .shape = &scalar_shapes[S_BOOLEAN] },
  { .name = "d", .shape = &scalar_shapes[S_DOUBLE] },
  { .name = "t", .shape = &scalar_shapes[S_TIMESTAMP] },
  { .name = "ai", .shape = &scalar_shapes[S_INTEGER], .flags = GAWS_MEMBER_FLAG_XML_ATTRIBUTE },
  { .name = "ab", .shape = &scalar_shapes[S_BOOLEAN], .flags = GAWS_MEMBER_FLAG_XML_ATTRIBUTE },
};

static const GawsShapeInfo scalar_shapes[] = {
  { .name = "S", .kind = GAWS_SHAPE_KIND_STRING, .payload = -1 },
  { .name = "I", .kind = GAWS_SHAPE_KIND_INTEGER, .payload = -1 },
  { .name = "L", .kind = GAWS_SHAPE_KIND_LONG, .payload = -1 },
  { .name = "B", .kind = GAWS_SHAPE_KIND_BOOLEAN, .payload = -1 },
  { .name = "D", .kind = GAWS_SHAPE_KIND_DOUBLE, .payload = -1 },
  { .name = "T", .kind = GAWS_SHAPE_KIND_TIMESTAMP, .payload = -1 },
  { .name = "Struct", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = scalar_members,
    .n_members = G_N_ELEMENTS (scalar_members), .payload = -1 },
};

/* Reads @text as member @index from an element (or an attribute), and
 * checks it against what gaws_protocol_text_to_element() makes of it. */
static void
check_scalar (guint       index,
              const char *text)
{
  const GawsMemberInfo *member = &scalar_members[index];
  g_autoptr(GawsShape) shape = gaws_shape_new (&scalar_shapes[S_STRUCT]);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *xml = member->flags & GAWS_MEMBER_FLAG_XML_ATTRIBUTE
    ? g_strdup_printf ("<Struct %s=\"%s\"/>", member->name, escaped)
    : g_strdup_printf ("<Struct><%s>%s</%s></Struct>", member->name, escaped, member->name);
  g_autoptr(GawsXmlNode) root = parse (xml);
  g_autoptr(GError) error = NULL, expected_error = NULL;
  gpointer expected = NULL;
  gboolean read, converted;
  const GValue *value;

  read = gaws_xml_read_structure (shape, root, &error);
  if (member->shape->kind == GAWS_SHAPE_KIND_BOOLEAN && !(member->flags & GAWS_MEMBER_FLAG_XML_ATTRIBUTE))
    {
      /* elements: whatever is not `true` is false */
      g_assert_true (read);
      g_assert_cmpint (g_value_get_boolean (gaws_shape_get_value (shape, index)), ==, strcmp (text, "true") == 0);
      return;
    }
  converted = gaws_protocol_text_to_element (member, text, &expected, &expected_error);
  g_test_message ("%s = “%s”: %s", member->name, text, converted ? "valid" : expected_error->message);
  g_assert_cmpint (read, ==, converted);
  if (!converted)
    {
      g_assert_error (error, expected_error->domain, expected_error->code);
      g_assert_true (g_str_has_suffix (error->message, expected_error->message));
      return;
    }
  g_assert_no_error (error);
  value = gaws_shape_get_value (shape, index);
  g_assert_nonnull (value);
  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRING:
      g_assert_cmpstr (g_value_get_string (value), ==, expected);
      g_free (expected);
      break;
    case GAWS_SHAPE_KIND_INTEGER:
      g_assert_cmpint (g_value_get_int (value), ==, g_variant_get_int32 (expected));
      g_variant_unref (expected);
      break;
    case GAWS_SHAPE_KIND_LONG:
      g_assert_cmpint (g_value_get_int64 (value), ==, g_variant_get_int64 (expected));
      g_variant_unref (expected);
      break;
    case GAWS_SHAPE_KIND_BOOLEAN:
      g_assert_cmpint (g_value_get_boolean (value), ==, g_variant_get_boolean (expected));
      g_variant_unref (expected);
      break;
    case GAWS_SHAPE_KIND_DOUBLE:
      g_assert_cmpmem (&(double) { g_value_get_double (value) }, sizeof (double),
                       &(double) { g_variant_get_double (expected) }, sizeof (double));
      g_variant_unref (expected);
      break;
    case GAWS_SHAPE_KIND_TIMESTAMP:
      {
        GDateTime *time = g_value_get_boxed (value);

        g_assert_true (g_date_time_equal (time, expected));
        g_assert_cmpint (g_date_time_to_unix (time), ==, g_date_time_to_unix (expected));
        g_assert_cmpint (g_date_time_get_microsecond (time), ==, g_date_time_get_microsecond (expected));
        g_assert_cmpint (g_date_time_get_utc_offset (time), ==, g_date_time_get_utc_offset (expected));
        g_assert_cmpstr (g_date_time_get_timezone_abbreviation (time), ==,
                         g_date_time_get_timezone_abbreviation (expected));
        g_date_time_unref (expected);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
test_scalars (void)
{
  static const char *const strings[] = { "", "plain", "a&b<c>", "ünï" };
  static const char *const integers[] = {
    "0", "42", "-7", "-0", "007", "+5", " 5", "5 ", "123456789012345678", "-123456789012345678",
    "1234567890123456789", "99999999999999999999", "-99999999999999999999", "2147483648", "12a", "", "-", "1.5",
  };
  static const char *const booleans[] = { "true", "false", "True", "FALSE", "1", "", "yes" };
  static const char *const doubles[] = { "1.5", "-0", "1e300", "NaN", "Infinity", "-Infinity", "x", "" };
  static const char *const timestamps[] = {
    "2026-11-25T12:00:00.000Z", "2026-11-25T12:00:00Z", "2026-11-25T12:00:00.0Z", "2026-11-25T12:00:00.000000000Z",
    "2026-11-25T12:00:00.0000000000Z", "2026-11-25T12:00:00.Z", "2026-11-25T12:00:00.500Z",
    "2026-11-25T12:00:00.001Z", "2024-02-29T23:59:59.000Z", "2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
    "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-25T24:00:00Z",
    "2026-11-25T23:60:00Z", "2016-12-31T23:59:60Z", "2016-12-31T23:59:61Z", "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.000Z", "2026-11-25t12:00:00z", "2026-11-25T12:00:00+00:00",
    "2026-11-25T12:00:00+02:00", "2026-11-25 12:00:00Z", "1700000000", "1700000000.5", "-1",
    "Tue, 25 Nov 2026 12:00:00 GMT", "2026-11-25", "", "garbage", "2026-11-25T12:00:00.000ZZ",
    "2026/11-25T12:00:00Z", "2026-11/25T12:00:00Z", "2026-11-25T12-00:00Z", "2026-11-25T12:00-00Z",
    "2026-1a-25T12:00:00Z", "2026-11-25T12:00:0xZ", "x026-11-25T12:00:00Z", "2026-11-25T1 :00:00Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    check_scalar (0, strings[i]);
  for (guint i = 0; i < G_N_ELEMENTS (integers); i++)
    {
      check_scalar (1, integers[i]);
      check_scalar (2, integers[i]);
      check_scalar (6, integers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (booleans); i++)
    {
      check_scalar (3, booleans[i]);
      check_scalar (7, booleans[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    check_scalar (4, doubles[i]);
  for (guint i = 0; i < G_N_ELEMENTS (timestamps); i++)
    check_scalar (5, timestamps[i]);
}

/* The last of repeated scalar elements counts; unknown elements do not. */
static void
test_repeated (void)
{
  g_autoptr(GawsShape) shape = gaws_shape_new (&scalar_shapes[S_STRUCT]);
  g_autoptr(GawsXmlNode) root = parse ("<Struct><i>1</i><zz>9</zz><s>a</s><i>2</i><s>b</s></Struct>");
  g_autoptr(GError) error = NULL;

  g_assert_true (gaws_xml_read_structure (shape, root, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_value_get_int (gaws_shape_get_value (shape, 1)), ==, 2);
  g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (shape, 0)), ==, "b");
  g_assert_null (gaws_shape_get_value (shape, 2));
}

/* A structure whose members are found among its element's children in
 * one pass: a nested structure (the first of two counts), a flattened list
 * longer than the matches kept on the stack, a wrapped list, two members
 * bound to one element name, and a header member named like a child. */

static const GawsShapeInfo member_shapes[6];

enum { M_STRING, M_INTEGER, M_INNER, M_FLAT, M_WRAPPED, M_OUTER };

static const GawsMemberInfo inner_members[] = {
  { .name = "Key", .shape = &member_shapes[M_STRING] },
  { .name = "Size", .shape = &member_shapes[M_INTEGER] },
};

static const GawsMemberInfo flat_item[] = {
  { .name = "member", .shape = &member_shapes[M_STRING], .location_name = "F" },
};

static const GawsMemberInfo wrapped_item[] = {
  { .name = "member", .shape = &member_shapes[M_INTEGER] },
};

static const GawsMemberInfo outer_members[] = {
  { .name = "Inner", .shape = &member_shapes[M_INNER] },
  { .name = "Flat", .shape = &member_shapes[M_FLAT], .flags = GAWS_MEMBER_FLAG_FLATTENED },
  { .name = "Wrapped", .shape = &member_shapes[M_WRAPPED] },
  { .name = "AsText", .shape = &member_shapes[M_STRING], .location_name = "X" },
  { .name = "AsNumber", .shape = &member_shapes[M_INTEGER], .location_name = "X" },
  { .name = "Header", .shape = &member_shapes[M_STRING], .location = GAWS_LOCATION_HEADER,
    .location_name = "Key" },
  { .name = "Id", .shape = &member_shapes[M_INTEGER], .location_name = "id",
    .flags = GAWS_MEMBER_FLAG_XML_ATTRIBUTE },
};

static const GawsShapeInfo member_shapes[] = {
  { .name = "S", .kind = GAWS_SHAPE_KIND_STRING, .payload = -1 },
  { .name = "I", .kind = GAWS_SHAPE_KIND_INTEGER, .payload = -1 },
  { .name = "Inner", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = inner_members,
    .n_members = G_N_ELEMENTS (inner_members), .payload = -1 },
  { .name = "FlatList", .kind = GAWS_SHAPE_KIND_LIST, .members = flat_item, .n_members = 1, .payload = -1 },
  { .name = "WrappedList", .kind = GAWS_SHAPE_KIND_LIST, .members = wrapped_item, .n_members = 1, .payload = -1 },
  { .name = "Outer", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = outer_members,
    .n_members = G_N_ELEMENTS (outer_members), .payload = -1 },
};

static void
test_members (void)
{
  g_autoptr(GawsShape) shape = gaws_shape_new (&member_shapes[M_OUTER]);
  g_autoptr(GString) xml = g_string_new ("<Outer id=\"7\"><Inner><Size>5</Size><Key>k1</Key><Size>6</Size></Inner>");
  g_autoptr(GawsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const guint n_flat = 40;
  GawsShape *inner;
  GPtrArray *list;

  for (guint i = 0; i < n_flat; i++)
    g_string_append_printf (xml, "<F>f%u</F>%s", i, i == 20 ? "<X>12</X><Inner><Key>k2</Key></Inner><Key>h</Key>" : "");
  g_string_append (xml, "<Wrapped><member>1</member><member>2</member></Wrapped><Zz/></Outer>");
  root = parse (xml->str);
  g_assert_true (gaws_xml_read_structure (shape, root, &error));
  g_assert_no_error (error);

  inner = g_value_get_object (gaws_shape_get_value (shape, 0));
  g_assert_true (GAWS_IS_SHAPE (inner));
  g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (inner, 0)), ==, "k1");
  g_assert_cmpint (g_value_get_int (gaws_shape_get_value (inner, 1)), ==, 6);
  list = g_value_get_boxed (gaws_shape_get_value (shape, 1));
  g_assert_cmpuint (list->len, ==, n_flat);
  for (guint i = 0; i < n_flat; i++)
    {
      g_autofree char *expected = g_strdup_printf ("f%u", i);

      g_assert_cmpstr (list->pdata[i], ==, expected);
    }
  list = g_value_get_boxed (gaws_shape_get_value (shape, 2));
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (shape, 3)), ==, "12");
  g_assert_cmpint (g_value_get_int (gaws_shape_get_value (shape, 4)), ==, 12);
  g_assert_null (gaws_shape_get_value (shape, 5));
  g_assert_cmpint (g_value_get_int (gaws_shape_get_value (shape, 6)), ==, 7);
}

/* Lists of structures, whose items share their member names: wrapped and
 * flattened, items with members missing or repeated, one that does not
 * read (named in the error, the list dropped), and items with more
 * members than fit on the stack. */

static const GawsShapeInfo item_list_shapes[3];

static const GawsMemberInfo item_list_items[] = {
  { .name = "member", .shape = &member_shapes[M_INNER] },
  { .name = "member", .shape = &member_shapes[M_INNER], .location_name = "I" },
};

static const GawsMemberInfo item_list_members[] = {
  { .name = "Wrapped", .shape = &item_list_shapes[0] },
  { .name = "Flat", .shape = &item_list_shapes[1], .flags = GAWS_MEMBER_FLAG_FLATTENED },
};

static const GawsShapeInfo item_list_shapes[] = {
  { .name = "WrappedInners", .kind = GAWS_SHAPE_KIND_LIST, .members = &item_list_items[0], .n_members = 1,
    .payload = -1 },
  { .name = "FlatInners", .kind = GAWS_SHAPE_KIND_LIST, .members = &item_list_items[1], .n_members = 1,
    .payload = -1 },
  { .name = "Lists", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = item_list_members,
    .n_members = G_N_ELEMENTS (item_list_members), .payload = -1 },
};

static void
check_inner (GPtrArray  *list,
             guint       index,
             const char *key,
             gint        size)
{
  GawsShape *inner = list->pdata[index];
  const GValue *value;

  g_assert_true (GAWS_IS_SHAPE (inner));
  value = gaws_shape_get_value (inner, 0);
  g_assert_cmpstr (value ? g_value_get_string (value) : NULL, ==, key);
  value = gaws_shape_get_value (inner, 1);
  g_assert_cmpint (value ? g_value_get_int (value) : -1, ==, size);
}

static void
test_structure_lists (void)
{
  g_autoptr(GawsShape) shape = gaws_shape_new (&item_list_shapes[2]);
  g_autoptr(GawsShape) bad = gaws_shape_new (&item_list_shapes[2]);
  g_autoptr(GawsXmlNode) root = parse (
    "<Lists><Wrapped><member><Key>a</Key><Size>1</Size></member><member><Size>2</Size></member>"
    "<member><Key>c</Key><Key>d</Key><Zz/></member></Wrapped>"
    "<I><Size>4</Size><Key>e</Key></I><Zz/><I/><I><Key>f</Key><Size>5</Size><Size>6</Size></I></Lists>");
  g_autoptr(GawsXmlNode) bad_root = parse (
    "<Lists><I><Key>a</Key></I><I><Size>x</Size></I><I><Key>c</Key></I></Lists>");
  g_autofree GawsMemberInfo *members = g_new0 (GawsMemberInfo, 40);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) xml = g_string_new ("<L>");
  GawsShapeInfo many = { .name = "Many", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = members,
                         .n_members = 40, .payload = -1 };
  GawsMemberInfo many_item = { .name = "member", .shape = &many, .location_name = "M" };
  GawsShapeInfo many_list = { .name = "ManyList", .kind = GAWS_SHAPE_KIND_LIST, .members = &many_item,
                              .n_members = 1, .payload = -1 };
  GawsMemberInfo many_member = { .name = "Items", .shape = &many_list, .flags = GAWS_MEMBER_FLAG_FLATTENED };
  GawsShapeInfo outer = { .name = "L", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = &many_member,
                          .n_members = 1, .payload = -1 };
  g_autoptr(GawsShape) big = NULL;
  g_autoptr(GawsXmlNode) big_root = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  g_assert_true (gaws_xml_read_structure (shape, root, &error));
  g_assert_no_error (error);
  list = g_value_get_boxed (gaws_shape_get_value (shape, 0));
  g_assert_cmpuint (list->len, ==, 3);
  check_inner (list, 0, "a", 1);
  check_inner (list, 1, NULL, 2);
  check_inner (list, 2, "d", -1);
  list = g_value_get_boxed (gaws_shape_get_value (shape, 1));
  g_assert_cmpuint (list->len, ==, 3);
  check_inner (list, 0, "e", 4);
  check_inner (list, 1, NULL, -1);
  check_inner (list, 2, "f", 6);

  g_assert_false (gaws_xml_read_structure (bad, bad_root, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Flat: Size: "));
  g_assert_null (gaws_shape_get_value (bad, 1));

  for (guint i = 0; i < 40; i++)
    {
      char *name = g_strdup_printf ("m%02u", i);

      g_ptr_array_add (names, name);
      members[i].name = name;
      members[i].shape = &member_shapes[M_INTEGER];
    }
  for (guint item = 0; item < 3; item++)
    {
      g_string_append (xml, "<M>");
      for (guint i = 0; i < 40; i++)
        g_string_append_printf (xml, "<m%02u>%u</m%02u>", 39 - i, 100 * item + 39 - i, 39 - i);
      g_string_append (xml, "</M>");
    }
  g_string_append (xml, "</L>");
  big = gaws_shape_new (&outer);
  big_root = parse (xml->str);
  g_clear_error (&error);
  g_assert_true (gaws_xml_read_structure (big, big_root, &error));
  g_assert_no_error (error);
  list = g_value_get_boxed (gaws_shape_get_value (big, 0));
  g_assert_cmpuint (list->len, ==, 3);
  for (guint item = 0; item < 3; item++)
    for (guint i = 0; i < 40; i++)
      g_assert_cmpint (g_value_get_int (gaws_shape_get_value (list->pdata[item], i)), ==, 100 * item + i);
  g_clear_object (&big);
}

/* The items of a listing, whose children the fast path names alike (one
 * name string for all the Keys), are matched as the item before when
 * they have its names: each still reads its own values, and an item
 * whose names differ (missing, reordered, repeated, unknown) is matched
 * anew; a child that two members read gives both, in every item. */

static const GawsMemberInfo twice_members[] = {
  { .name = "Key", .shape = &member_shapes[M_STRING] },
  { .name = "Size", .shape = &member_shapes[M_INTEGER] },
  { .name = "Again", .shape = &member_shapes[M_STRING], .location_name = "Key" },
};

static const GawsShapeInfo twice_shapes[3];

static const GawsMemberInfo twice_item = { .name = "member", .shape = &twice_shapes[0], .location_name = "I" };

static const GawsMemberInfo twice_list = { .name = "Items", .shape = &twice_shapes[1],
                                           .flags = GAWS_MEMBER_FLAG_FLATTENED };

static const GawsShapeInfo twice_shapes[] = {
  { .name = "Twice", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = twice_members,
    .n_members = G_N_ELEMENTS (twice_members), .payload = -1 },
  { .name = "TwiceList", .kind = GAWS_SHAPE_KIND_LIST, .members = &twice_item, .n_members = 1, .payload = -1 },
  { .name = "Outer", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = &twice_list, .n_members = 1, .payload = -1 },
};

static void
test_structure_list_seen_names (void)
{
  g_autoptr(GawsShape) shape = gaws_shape_new (&item_list_shapes[2]);
  g_autoptr(GawsShape) twice = gaws_shape_new (&twice_shapes[2]);
  g_autoptr(GawsXmlNode) root = parse (
    "<Lists><I><Key>a</Key><Size>1</Size></I><I><Key>b</Key><Size>2</Size></I><I><Key>c</Key><Size>3</Size></I>"
    "<I><Size>4</Size><Key>d</Key></I><I><Size>5</Size><Key>e</Key></I><I><Key>f</Key></I><I><Key>g</Key></I>"
    "<I><Key>h</Key><Size>8</Size><Size>9</Size></I><I><Key>i</Key><Size>10</Size><Size>11</Size></I>"
    "<I><Zz>x</Zz><Size>12</Size></I><I><Zz>y</Zz><Size>13</Size></I><I/><I><Key>n</Key><Size>14</Size></I></Lists>");
  g_autoptr(GawsXmlNode) twice_root = parse (
    "<Outer><I><Key>a</Key><Size>1</Size></I><I><Key>b</Key><Size>2</Size></I><I><Size>3</Size></I>"
    "<I><Key>d</Key><Size>4</Size></I></Outer>");
  static const struct { const char *key; gint size; } expected[] = {
    { "a", 1 }, { "b", 2 }, { "c", 3 }, { "d", 4 }, { "e", 5 }, { "f", -1 }, { "g", -1 }, { "h", 9 },
    { "i", 11 }, { NULL, 12 }, { NULL, 13 }, { NULL, -1 }, { "n", 14 },
  };
  static const char *const twice_keys[] = { "a", "b", NULL, "d" };
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  /* the fast path shared the names: what the items are matched by */
  g_assert_true (root->children[0]->children[0]->name == root->children[1]->children[0]->name);
  g_assert_true (gaws_xml_read_structure (shape, root, &error));
  g_assert_no_error (error);
  list = g_value_get_boxed (gaws_shape_get_value (shape, 1));
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    check_inner (list, i, expected[i].key, expected[i].size);

  g_assert_true (gaws_xml_read_structure (twice, twice_root, &error));
  g_assert_no_error (error);
  list = g_value_get_boxed (gaws_shape_get_value (twice, 0));
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (twice_keys));
  for (guint i = 0; i < G_N_ELEMENTS (twice_keys); i++)
    {
      const GValue *key = gaws_shape_get_value (list->pdata[i], 0);
      const GValue *again = gaws_shape_get_value (list->pdata[i], 2);

      g_assert_cmpstr (key ? g_value_get_string (key) : NULL, ==, twice_keys[i]);
      g_assert_cmpstr (again ? g_value_get_string (again) : NULL, ==, twice_keys[i]);
      g_assert_cmpint (g_value_get_int (gaws_shape_get_value (list->pdata[i], 1)), ==, i + 1);
    }
}

/* The items of a list with the names of the one before are read by the
 * plan that one left: as that one was, attributes read for each item (the
 * names do not tell them, so no plan is kept), a repeated scalar's last
 * value, and an error named as in the first item. */
static void
test_structure_list_planned (void)
{
  GawsMemberInfo item = { .name = "member", .shape = &scalar_shapes[S_STRUCT], .location_name = "Struct" };
  GawsShapeInfo list_shape = { .name = "Structs", .kind = GAWS_SHAPE_KIND_LIST, .members = &item,
                               .n_members = 1, .payload = -1 };
  GawsMemberInfo items = { .name = "Items", .shape = &list_shape, .flags = GAWS_MEMBER_FLAG_FLATTENED };
  GawsShapeInfo outer = { .name = "L", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = &items,
                          .n_members = 1, .payload = -1 };
  g_autoptr(GawsShape) shape = gaws_shape_new (&outer);
  g_autoptr(GawsShape) repeated = gaws_shape_new (&item_list_shapes[2]);
  g_autoptr(GawsShape) bad = gaws_shape_new (&item_list_shapes[2]);
  g_autoptr(GawsXmlNode) root = parse (
    "<L><Struct ai=\"1\"><s>a</s><i>1</i></Struct><Struct ai=\"2\"><s>b</s><i>2</i></Struct>"
    "<Struct><s>c</s><i>3</i></Struct><Struct ab=\"true\" ai=\"4\"><s>d</s><i>4</i></Struct></L>");
  g_autoptr(GawsXmlNode) repeated_root = parse (
    "<Lists><I><Key>a</Key><Size>1</Size><Size>2</Size></I><I><Key>b</Key><Size>3</Size><Size>4</Size></I>"
    "<I><Key>c</Key><Size>5</Size><Size>6</Size></I><I><Key>d</Key><Size>7</Size></I>"
    "<I><Key>e</Key><Size>8</Size><Size>9</Size></I></Lists>");
  g_autoptr(GawsXmlNode) bad_root = parse (
    "<Lists><I><Key>a</Key><Size>1</Size></I><I><Key>b</Key><Size>2</Size></I>"
    "<I><Key>c</Key><Size>x</Size></I></Lists>");
  static const gint ai[] = { 1, 2, -1, 4 };
  static const struct { const char *key; gint size; } sizes[] = {
    { "a", 2 }, { "b", 4 }, { "c", 6 }, { "d", 7 }, { "e", 9 },
  };
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  g_assert_true (gaws_xml_read_structure (shape, root, &error));
  g_assert_no_error (error);
  list = g_value_get_boxed (gaws_shape_get_value (shape, 0));
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (ai));
  for (guint i = 0; i < G_N_ELEMENTS (ai); i++)
    {
      const GValue *value = gaws_shape_get_value (list->pdata[i], 6);
      g_autofree char *s = g_strdup_printf ("%c", 'a' + i);

      g_assert_cmpint (value ? g_value_get_int (value) : -1, ==, ai[i]);
      g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (list->pdata[i], 0)), ==, s);
      g_assert_cmpint (g_value_get_int (gaws_shape_get_value (list->pdata[i], 1)), ==, i + 1);
      g_assert_true ((gaws_shape_get_value (list->pdata[i], 7) != NULL) == (i == 3));
    }

  g_assert_true (gaws_xml_read_structure (repeated, repeated_root, &error));
  g_assert_no_error (error);
  list = g_value_get_boxed (gaws_shape_get_value (repeated, 1));
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (sizes));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    check_inner (list, i, sizes[i].key, sizes[i].size);

  g_assert_false (gaws_xml_read_structure (bad, bad_root, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Flat: Size: "));
  g_assert_null (gaws_shape_get_value (bad, 1));
}

/* The planned items of a list whose members are of every way to read:
 * a structure, a flattened and a wrapped list, a plain string (given
 * twice: the last counts), an enum's string (a value of the enum or not,
 * the same as the item before or not), an integer, a long (small, or with
 * more digits than read at once) and a time (the item before's, another
 * or one with a fraction). */
static void
test_structure_list_planned_kinds (void)
{
  static const char *const enum_values[] = { "ONE", "TWO", NULL };
  GawsShapeInfo enum_shape = { .name = "E", .kind = GAWS_SHAPE_KIND_STRING, .enum_values = enum_values,
                               .payload = -1 };
  GawsMemberInfo rich_members[] = {
    { .name = "Inner", .shape = &member_shapes[M_INNER] },
    { .name = "Flat", .shape = &member_shapes[M_FLAT], .flags = GAWS_MEMBER_FLAG_FLATTENED },
    { .name = "Wrapped", .shape = &member_shapes[M_WRAPPED] },
    { .name = "Text", .shape = &member_shapes[M_STRING], .location_name = "X" },
    { .name = "Enum", .shape = &enum_shape, .location_name = "E" },
    { .name = "Number", .shape = &member_shapes[M_INTEGER], .location_name = "N" },
    { .name = "Long", .shape = &scalar_shapes[S_LONG], .location_name = "G" },
    { .name = "Time", .shape = &scalar_shapes[S_TIMESTAMP], .location_name = "T" },
  };
  GawsShapeInfo rich = { .name = "Rich", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = rich_members,
                         .n_members = G_N_ELEMENTS (rich_members), .payload = -1 };
  GawsMemberInfo item = { .name = "member", .shape = &rich, .location_name = "R" };
  GawsShapeInfo list_shape = { .name = "Riches", .kind = GAWS_SHAPE_KIND_LIST, .members = &item,
                               .n_members = 1, .payload = -1 };
  GawsMemberInfo items = { .name = "Items", .shape = &list_shape, .flags = GAWS_MEMBER_FLAG_FLATTENED };
  GawsShapeInfo outer = { .name = "L", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = &items,
                          .n_members = 1, .payload = -1 };
  static const char *const enums[] = { "ONE", "ONE", "TWO", "THREE", "ONE" };
  static const char *const longs[] = { "0", "-12", "1234567890123456789", "7", "-9223372036854775808" };
  static const gint64 long_values[] = { 0, -12, G_GINT64_CONSTANT (1234567890123456789), 7, G_MININT64 };
  static const char *const times[] = {
    "2026-11-25T12:00:00.000Z", "2026-11-25T12:00:00.000Z", "2026-11-25T12:00:01Z", "2026-11-25T12:00:01Z",
    "2026-11-25T12:00:01.500Z",
  };
  static const gint64 time_ms[] = { 1795608000000, 1795608000000, 1795608001000, 1795608001000, 1795608001500 };
  g_autoptr(GawsShape) shape = gaws_shape_new (&outer);
  g_autoptr(GString) xml = g_string_new ("<L>");
  g_autoptr(GawsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  for (guint i = 0; i < G_N_ELEMENTS (enums); i++)
    g_string_append_printf (xml, "<R><Inner><Key>k%u</Key><Size>%u</Size></Inner><F>a%u</F><F>b%u</F>"
                            "<Wrapped><member>%u</member><member>%u</member></Wrapped><X>y</X><X>x%u&amp;</X>"
                            "<E>%s</E><N>%u</N><G>%s</G><T>%s</T></R>",
                            i, i, i, i, i, i + 10, i, enums[i], i, longs[i], times[i]);
  g_string_append (xml, "</L>");
  root = parse (xml->str);
  g_assert_true (gaws_xml_read_structure (shape, root, &error));
  g_assert_no_error (error);
  list = g_value_get_boxed (gaws_shape_get_value (shape, 0));
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (enums));
  for (guint i = 0; i < G_N_ELEMENTS (enums); i++)
    {
      GawsShape *r = list->pdata[i];
      GawsShape *inner = g_value_get_object (gaws_shape_get_value (r, 0));
      GPtrArray *flat = g_value_get_boxed (gaws_shape_get_value (r, 1));
      GPtrArray *wrapped = g_value_get_boxed (gaws_shape_get_value (r, 2));
      g_autofree char *key = g_strdup_printf ("k%u", i);
      g_autofree char *a = g_strdup_printf ("a%u", i);
      g_autofree char *b = g_strdup_printf ("b%u", i);
      g_autofree char *x = g_strdup_printf ("x%u&", i);

      g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (inner, 0)), ==, key);
      g_assert_cmpint (g_value_get_int (gaws_shape_get_value (inner, 1)), ==, i);
      g_assert_cmpuint (flat->len, ==, 2);
      g_assert_cmpstr (flat->pdata[0], ==, a);
      g_assert_cmpstr (flat->pdata[1], ==, b);
      g_assert_cmpuint (wrapped->len, ==, 2);
      g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (r, 3)), ==, x);
      g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (r, 4)), ==, enums[i]);
      /* the model's own string, when it is one of its values */
      g_assert_true ((g_value_get_string (gaws_shape_get_value (r, 4)) == enum_values[0]) == (enums[i][1] == 'N'));
      g_assert_true ((g_value_get_string (gaws_shape_get_value (r, 4)) == enum_values[1]) == (enums[i][1] == 'W'));
      g_assert_cmpint (g_value_get_int (gaws_shape_get_value (r, 5)), ==, i);
      g_assert_cmpint (g_value_get_int64 (gaws_shape_get_value (r, 6)), ==, long_values[i]);
      {
        GDateTime *time = g_value_get_boxed (gaws_shape_get_value (r, 7));

        g_assert_cmpint (g_date_time_to_unix (time) * 1000 + g_date_time_get_microsecond (time) / 1000, ==,
                         time_ms[i]);
      }
    }
}

/* The items of a list that give the same whole-second time share one
 * GDateTime; every item still reads its own value, whatever way. */
static void
test_structure_list_times (void)
{
  static const char *const texts[] = {
    "2026-11-25T12:00:00.000Z", "2026-11-25T12:00:00.000Z", "2026-11-25T12:00:01Z",
    "2026-11-25T12:00:00.500Z", "2026-11-25T12:00:01Z", "2026-11-25T12:00:01.000Z",
  };
  static const gint64 expected_ms[] = {
    1795608000000, 1795608000000, 1795608001000, 1795608000500, 1795608001000, 1795608001000,
  };
  GawsMemberInfo item = { .name = "member", .shape = &scalar_shapes[S_STRUCT], .location_name = "Struct" };
  GawsShapeInfo list_shape = { .name = "Structs", .kind = GAWS_SHAPE_KIND_LIST, .members = &item,
                               .n_members = 1, .payload = -1 };
  GawsMemberInfo items = { .name = "Items", .shape = &list_shape, .flags = GAWS_MEMBER_FLAG_FLATTENED };
  GawsShapeInfo outer = { .name = "L", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = &items,
                          .n_members = 1, .payload = -1 };
  g_autoptr(GString) xml = g_string_new ("<L>");
  g_autoptr(GawsShape) shape = gaws_shape_new (&outer);
  g_autoptr(GawsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;
  GDateTime *times[G_N_ELEMENTS (texts)];
  GPtrArray *list;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_string_append_printf (xml, "<Struct><s>%u</s><t>%s</t></Struct>", i, texts[i]);
  g_string_append (xml, "</L>");
  root = parse (xml->str);
  g_assert_true (gaws_xml_read_structure (shape, root, &error));
  g_assert_no_error (error);
  list = g_value_get_boxed (gaws_shape_get_value (shape, 0));
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (texts));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const GValue *value = gaws_shape_get_value (list->pdata[i], 5);

      g_assert_nonnull (value);
      times[i] = g_value_get_boxed (value);
      g_assert_cmpint (g_date_time_to_unix (times[i]) * 1000 + g_date_time_get_microsecond (times[i]) / 1000, ==,
                       expected_ms[i]);
      g_assert_cmpint (g_date_time_get_utc_offset (times[i]), ==, 0);
    }
  g_assert_true (times[0] == times[1]);
  g_assert_true (times[4] == times[2] || g_date_time_equal (times[4], times[2]));
  g_assert_true (times[2] != times[0]);
  /* a copy of the list, and the list freed: the shared times live on */
  {
    g_autoptr(GawsShape) copy = gaws_shape_copy (shape);

    g_clear_object (&shape);
    list = g_value_get_boxed (gaws_shape_get_value (copy, 0));
    g_assert_cmpint (g_date_time_to_unix (g_value_get_boxed (gaws_shape_get_value (list->pdata[1], 5))), ==,
                     1795608000);
  }
}

/* The structures of a list go with it, through gaws_shape_unref_held():
 * one with only a signal handler has it destroyed; those with a weak
 * reference, a GWeakRef or one more reference go GObject's own way, and
 * the last outlives the list. */
static void
test_structure_list_free (void)
{
  GawsMemberInfo item = { .name = "member", .shape = &scalar_shapes[S_STRUCT], .location_name = "Struct" };
  GawsShapeInfo list_shape = { .name = "Structs", .kind = GAWS_SHAPE_KIND_LIST, .members = &item,
                               .n_members = 1, .payload = -1 };
  GawsMemberInfo items = { .name = "Items", .shape = &list_shape, .flags = GAWS_MEMBER_FLAG_FLATTENED };
  GawsShapeInfo outer = { .name = "L", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = &items,
                          .n_members = 1, .payload = -1 };
  g_autoptr(GString) xml = g_string_new ("<L>");
  GawsShape *shape = gaws_shape_new (&outer);
  g_autoptr(GawsXmlNode) root = NULL;
  g_autoptr(GawsShape) kept = NULL;
  g_autoptr(GError) error = NULL;
  guint destroyed = 0, weak_notified = 0;
  gpointer weak_pointer;
  GWeakRef weak_ref;
  GPtrArray *list;

  for (guint i = 0; i < 6; i++)
    g_string_append_printf (xml, "<Struct><s>item %u</s></Struct>", i);
  g_string_append (xml, "</L>");
  root = parse (xml->str);
  g_assert_true (gaws_xml_read_structure (shape, root, &error));
  g_assert_no_error (error);
  list = g_value_get_boxed (gaws_shape_get_value (shape, 0));
  g_assert_cmpuint (list->len, ==, 6);
  g_signal_connect_data (list->pdata[0], "notify", G_CALLBACK (gaws_test_never_notified), &destroyed, gaws_test_count_closure_destroy, 0);
  g_object_weak_ref (list->pdata[1], gaws_test_count_weak_notify, &weak_notified);
  g_signal_connect_data (list->pdata[1], "notify", G_CALLBACK (gaws_test_never_notified), &destroyed, gaws_test_count_closure_destroy, 0);
  kept = g_object_ref (list->pdata[2]);
  g_signal_connect_data (kept, "notify", G_CALLBACK (gaws_test_never_notified), &destroyed, gaws_test_count_closure_destroy, 0);
  g_weak_ref_init (&weak_ref, list->pdata[3]);
  weak_pointer = list->pdata[4];
  g_object_add_weak_pointer (weak_pointer, &weak_pointer);

  g_object_unref (shape);
  g_assert_cmpuint (destroyed, ==, 2);
  g_assert_cmpuint (weak_notified, ==, 1);
  g_assert_null (g_weak_ref_get (&weak_ref));
  g_weak_ref_clear (&weak_ref);
  g_assert_null (weak_pointer);
  g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (kept, 0)), ==, "item 2");
  g_clear_object (&kept);
  g_assert_cmpuint (destroyed, ==, 3);
}

/* A class of its own, as generated structures have. */
GType test_recycled_get_type (void);

static const GawsMemberInfo recycled_members[] = {
  { .name = "s", .property_name = "s", .shape = &scalar_shapes[S_STRING] },
  { .name = "i", .property_name = "i", .shape = &scalar_shapes[S_INTEGER] },
  { .name = "t", .property_name = "t", .shape = &scalar_shapes[S_TIMESTAMP] },
};

static const GawsShapeInfo recycled_info = {
  .name = "Recycled", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = recycled_members,
  .n_members = G_N_ELEMENTS (recycled_members), .payload = -1, .get_type = test_recycled_get_type,
};

GAWS_DEFINE_SHAPE_TYPE (TestRecycled, test_recycled, &recycled_info)

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  (*(guint *) data)++;
}

/* Structures of a generated class that a list dropped last are kept per
 * thread and come back, last first, from gaws_shape_new() as a new one
 * would be: every member unset, no signal handler. One with a weak
 * reference or another reference is not kept. */
static void
test_structure_recycled (void)
{
  GawsMemberInfo item = { .name = "member", .shape = &recycled_info, .location_name = "Struct" };
  GawsShapeInfo list_shape = { .name = "Recycleds", .kind = GAWS_SHAPE_KIND_LIST, .members = &item,
                               .n_members = 1, .payload = -1 };
  GawsMemberInfo items = { .name = "Items", .shape = &list_shape, .flags = GAWS_MEMBER_FLAG_FLATTENED };
  GawsShapeInfo outer = { .name = "L", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = &items,
                          .n_members = 1, .payload = -1 };
  g_autoptr(GString) xml = g_string_new ("<L>");
  GawsShape *shape = gaws_shape_new (&outer);
  g_autoptr(GawsXmlNode) root = NULL;
  g_autoptr(GawsXmlNode) again_root = NULL;
  g_autoptr(GawsShape) kept = NULL;
  g_autoptr(GError) error = NULL;
  GawsShape *first, *second, *third, *items_seen[4];
  guint destroyed = 0, weak_notified = 0, notified = 0;
  GPtrArray *list;

  for (guint i = 0; i < 4; i++)
    g_string_append_printf (xml, "<Struct><s>item %u</s><i>%u</i><t>2026-11-26T10:00:00Z</t></Struct>", i, i);
  g_string_append (xml, "</L>");
  root = parse (xml->str);
  g_assert_true (gaws_xml_read_structure (shape, root, &error));
  g_assert_no_error (error);
  list = g_value_get_boxed (gaws_shape_get_value (shape, 0));
  g_assert_cmpuint (list->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      items_seen[i] = list->pdata[i];
      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (items_seen[i], test_recycled_get_type ()));
    }
  g_signal_connect_data (items_seen[0], "notify", G_CALLBACK (gaws_test_never_notified), &destroyed, gaws_test_count_closure_destroy, 0);
  g_object_weak_ref (G_OBJECT (items_seen[1]), gaws_test_count_weak_notify, &weak_notified);
  kept = g_object_ref (items_seen[2]);
  g_object_unref (shape);
  g_assert_cmpuint (destroyed, ==, 1);
  g_assert_cmpuint (weak_notified, ==, 1);
  g_assert_cmpstr (gaws_shape_get_string (kept, 0), ==, "item 2");
  g_assert_cmpint (gaws_shape_get_int (kept, 1), ==, 2);

  first = gaws_shape_new (&recycled_info);
  second = gaws_shape_new (&recycled_info);
  third = gaws_shape_new (&recycled_info);
  if (glib_major_version == 2 && glib_minor_version < 75)
    {
      /* the spares, last kept first; a freed one would have come back
       * from the slice allocator in between (the second, freed last) */
      g_assert_true (first == items_seen[3]);
      g_assert_true (second == items_seen[0]);
    }
  for (GawsShape **s = (GawsShape *[]) { first, second, third, NULL }; *s != NULL; s++)
    {
      g_assert_true (gaws_shape_get_info (*s) == &recycled_info);
      g_assert_cmpuint (G_OBJECT (*s)->ref_count, ==, 1);
      g_assert_null (G_OBJECT (*s)->qdata);
      for (guint i = 0; i < recycled_info.n_members; i++)
        g_assert_false (gaws_shape_is_set (*s, i));
    }
  /* the old handler is gone (gaws_test_never_notified would abort), a new one is told */
  g_signal_connect (second, "notify", G_CALLBACK (count_notify), &notified);
  gaws_shape_set_string (second, 0, "again");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (gaws_shape_get_string (second, 0), ==, "again");
  /* and a reader fills a recycled one as a new one */
  again_root = parse ("<Struct><i>7</i><t>2026-11-26T10:00:00Z</t></Struct>");
  g_assert_true (gaws_xml_read_structure (first, again_root, &error));
  g_assert_no_error (error);
  g_assert_false (gaws_shape_is_set (first, 0));
  g_assert_cmpint (gaws_shape_get_int (first, 1), ==, 7);
  g_assert_cmpint (g_date_time_to_unix (gaws_shape_get_date_time (first, 2)), ==, 1795687200);
  g_object_unref (first);
  g_object_unref (second);
  g_object_unref (third);
}

static gpointer
read_and_drop_recycled (gpointer data)
{
  const GawsShapeInfo *outer = data;
  g_autoptr(GString) xml = g_string_new ("<L>");
  g_autoptr(GawsXmlNode) root = NULL;
  GawsShape *shape = gaws_shape_new (outer);
  gboolean ok;

  /* more than a thread keeps of a class */
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (xml, "<Struct><s>item %u</s><i>%u</i></Struct>", i, i);
  g_string_append (xml, "</L>");
  root = parse (xml->str);
  ok = gaws_xml_read_structure (shape, root, NULL);
  g_object_unref (shape);
  /* a kept one comes back on this thread */
  shape = gaws_shape_new (&recycled_info);
  ok = ok && !gaws_shape_is_set (shape, 0) && !gaws_shape_is_set (shape, 1);
  g_object_unref (shape);
  return GINT_TO_POINTER (ok);
}

/* A thread's kept structures are its own, and go when it exits (valgrind
 * sees none lost); another thread makes its own. */
static void
test_structure_recycled_threads (void)
{
  GawsMemberInfo item = { .name = "member", .shape = &recycled_info, .location_name = "Struct" };
  GawsShapeInfo list_shape = { .name = "Recycleds", .kind = GAWS_SHAPE_KIND_LIST, .members = &item,
                               .n_members = 1, .payload = -1 };
  GawsMemberInfo items = { .name = "Items", .shape = &list_shape, .flags = GAWS_MEMBER_FLAG_FLATTENED };
  GawsShapeInfo outer = { .name = "L", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = &items,
                          .n_members = 1, .payload = -1 };

  for (guint i = 0; i < 2; i++)
    {
      GThread *thread = g_thread_new ("recycled", read_and_drop_recycled, &outer);

      g_assert_true (GPOINTER_TO_INT (g_thread_join (thread)));
    }
  g_assert_true (GPOINTER_TO_INT (read_and_drop_recycled (&outer)));
}

/* A string found among the enum's values is the model's own, kept without
 * a copy: replacing, unsetting or freeing it frees nothing (freeing the
 * static string would abort); any other string is the shape's own. */
static void
test_enum_strings_freed (void)
{
  static const char *const values[] = { "STANDARD", "GLACIER", NULL };
  GawsShapeInfo enum_shape = { .name = "Class", .kind = GAWS_SHAPE_KIND_STRING, .enum_values = values,
                               .payload = -1 };
  GawsMemberInfo members[] = { { .name = "c", .shape = &enum_shape }, { .name = "d", .shape = &enum_shape } };
  GawsShapeInfo info = { .name = "E", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = members,
                         .n_members = G_N_ELEMENTS (members), .payload = -1 };
  g_autoptr(GawsXmlNode) root = parse ("<E><c>GLACIER</c><d>NEWCLASS</d></E>");
  g_autoptr(GError) error = NULL;
  GawsShape *shape = gaws_shape_new (&info);
  GawsShape *copy;

  g_assert_true (gaws_xml_read_structure (shape, root, &error));
  g_assert_no_error (error);
  g_assert_true (gaws_shape_get_string (shape, 0) == values[1]);
  g_assert_cmpstr (gaws_shape_get_string (shape, 1), ==, "NEWCLASS");
  copy = gaws_shape_copy (shape);
  g_assert_cmpstr (gaws_shape_get_string (copy, 0), ==, "GLACIER");
  gaws_shape_set_string (shape, 0, "STANDARD");
  g_assert_true (gaws_shape_get_string (shape, 0) != values[0]);
  g_assert_cmpstr (gaws_shape_get_string (shape, 0), ==, "STANDARD");
  g_assert_true (gaws_xml_read_structure (shape, root, &error));
  g_assert_true (gaws_shape_get_string (shape, 0) == values[1]);
  gaws_shape_unset (shape, 0);
  g_assert_false (gaws_shape_is_set (shape, 0));
  g_assert_true (gaws_xml_read_structure (shape, root, &error));
  g_object_unref (shape);
  g_assert_cmpstr (gaws_shape_get_string (copy, 0), ==, "GLACIER");
  g_object_unref (copy);
  g_assert_cmpstr (values[1], ==, "GLACIER");
}

/* A member that does not read stops the structure, named in the error; a
 * structure with more members than fit on the stack reads all of them. */
static void
test_member_errors (void)
{
  g_autoptr(GawsShape) shape = gaws_shape_new (&member_shapes[M_OUTER]);
  g_autoptr(GawsXmlNode) root = parse ("<Outer><Wrapped><member>x</member></Wrapped></Outer>");
  g_autoptr(GError) error = NULL;
  g_autofree GawsMemberInfo *members = g_new0 (GawsMemberInfo, 100);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) xml = g_string_new ("<Many>");
  GawsShapeInfo many = { .name = "Many", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = members,
                         .n_members = 100, .payload = -1 };
  g_autoptr(GawsShape) big = NULL;
  g_autoptr(GawsXmlNode) big_root = NULL;

  g_assert_false (gaws_xml_read_structure (shape, root, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Wrapped: "));

  for (guint i = 0; i < 100; i++)
    {
      char *name = g_strdup_printf ("m%02u", i);

      g_ptr_array_add (names, name);
      members[i].name = name;
      members[i].shape = &member_shapes[M_INTEGER];
      g_string_append_printf (xml, "<m%02u>%u</m%02u>", 99 - i, 99 - i, 99 - i);
    }
  g_string_append (xml, "</Many>");
  big = gaws_shape_new (&many);
  big_root = parse (xml->str);
  g_clear_error (&error);
  g_assert_true (gaws_xml_read_structure (big, big_root, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 100; i++)
    g_assert_cmpint (g_value_get_int (gaws_shape_get_value (big, i)), ==, i);
  g_clear_object (&big);
}

/* Two trees alike in every detail: names, attributes in order, text
 * (spaces and length too) and children. */
static void
assert_same_tree (const GawsXmlNode *a,
                  const GawsXmlNode *b)
{
  guint i;

  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpuint (a->name_length, ==, strlen (a->name));
  g_assert_cmpuint (b->name_length, ==, strlen (b->name));
  for (i = 0; a->attribute_names[i] != NULL; i++)
    {
      g_assert_cmpstr (a->attribute_names[i], ==, b->attribute_names[i]);
      g_assert_cmpstr (a->attribute_values[i], ==, b->attribute_values[i]);
    }
  g_assert_null (b->attribute_names[i]);
  g_assert_cmpuint (a->text_length, ==, b->text_length);
  g_assert_cmpmem (a->text, a->text_length + 1, b->text, b->text_length + 1);
  g_assert_cmpuint (a->n_children, ==, b->n_children);
  for (i = 0; i < a->n_children; i++)
    assert_same_tree (a->children[i], b->children[i]);
}

/* The parser reads what AWS sends itself and leaves the rest to GMarkup;
 * a comment in front makes it leave the whole document to GMarkup, which
 * must read every document (or refuse it) as the fast path does. */
static void
test_fast_path (void)
{
  static const char *const documents[] = {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
    "<Name>b</Name><Prefix></Prefix><Contents><Key>a&amp;b &lt;c&gt; &quot;d&apos;</Key>"
    "<ETag>&quot;0f34&quot;</ETag><Size>1</Size></Contents>\n</ListBucketResult>\n",
    "<a:R xmlns:a='urn:x' b=\"\"  c='1' d=\"it's\">t<E/><E />u<F></F>\xc3\xa9 ]]&gt; >x</a:R>  \n",
    "  <R>\t<X>tab\tand\nnewline</X>\n<Y\n  a=\"1\"\n/></R>",
    "<R><?pi data?>x<?pi2?>y</R><?after?>",
    "<R>&#65;&#x42;</R>",
    "<R>a\r\nb</R>",
    "<R x=\"a&amp;b\" y=\"t\tu\" z=\"v\nw\"/>",
    "<R a = \"1\" b= '2'/>",
    "<R a=\"1\"b=\"2\"/>",
    "<R\xc3\xa9>x</R\xc3\xa9>",
    "<R>x</R >",
    "<R><!-- c -->x<![CDATA[<y>]]></R>",
    "<R>a\x01</R>",
    "<R>&amp</R>",
    "<R>&nbsp;</R>",
    "<R></S>",
    "<R><S></R></S>",
    "<R/><S/>",
    "<R/>text",
    "<R>",
    "<R",
    "<R a=\"1>",
    "<?xml version=\"1.0\"?>",
    "<?>",
    "<R><?x</R>",
    "<1R/>",
    "<R/ >",
    "<R a=\"1\" a=\"2\"/>",
    /* entities told by their second byte, then compared whole */
    "<R>&apos;&amp;&quot;&lt;&gt;</R>",
    "<R>&ap;</R>", "<R>&apo;</R>", "<R>&am;</R>", "<R>&ampx;</R>", "<R>&qu</R>", "<R>&l</R>", "<R>&gt</R>",
    "<R>&</R>", "<R>&;</R>", "<R>&Lt;</R>",
    /* an element's first text with entities, decoded whole; more text
     * after a child joins it */
    "<R>a&amp;b<E/>c&lt;d<F>&quot;x&quot;</F>e&gt;</R>", "<R>&amp;<E>&lt;&gt;</E>&amp;x</R>",
    "<R><K>ab&bogus;cd</K></R>", "<R><K>ab&#65;cd</K></R>", "<R><K>&quot;a</K><L>&q", "<R><K>x&amp</K></R>",
    /* end tags compared a word at a time: names of every length class,
     * matching or off by their first, middle or last byte */
    "<R><A>x</A><Ab>y</Ab><Abc>z</Abc><Abcd>w</Abcd><Abcdefg>v</Abcdefg><Abcdefgh>u</Abcdefgh>"
    "<Abcdefghijklmnopq>t</Abcdefghijklmnopq><a:Key>s</a:Key><a:Key/><E/></R>",
    "<R><Ab>x</Ac></R>", "<R><Abcdef>x</Abcdeg></R>", "<R><Abcdef>x</Xbcdef></R>",
    "<R><Abcdefghijkl>x</Abcdefghijkm></R>", "<R><Abcdefghijkl>x</Abcdefgxijkl></R>",
    "<R><Abcdefghijklmnopq>x</Abcdefghijklmnopr></R>", "<R><Abcdefgh>x</Abcdefgh ></R>",
    /* names with more than one colon, or one at either end */
    "<a:b:c x:y:z='1'>t</a:b:c>", "<:R>t</:R>", "<R:>t</R:>", "<R>t</R:>",
    /* names a child had before at its depth, known from then on: again,
     * in and out of order, longer or cut short, prefixed, followed by a
     * byte beyond ASCII or by the end, and past the names kept */
    "<R><I><Key>a</Key><Size>1</Size></I><I><Key>b</Key><Size>2</Size></I><I><Size>3</Size><Key>c</Key></I>"
    "<I><Keys>d</Keys><Ke>e</Ke><K>f</K><a:Key>g</a:Key><Key x='1'>h</Key><Key/><Size/></I><J/><I/><I/></R>",
    "<R><I><Key>a</Key></I><I><Key\xc3\xa9>b</Key\xc3\xa9></I></R>", "<R><I><Key>a</Key></I><I><Key",
    "<R><I><Key>a</Key></I><I><Key>b</Keys></I></R>", "<R><I><Key>a</Key></I><I><Key>b</Ke></I></R>",
    "<R><A><B><C><D><E><F><G><H><I><J>x</J><J>y</J></I></H></G></F></E></D></C></B></A></R>",
    "<R><a/><b/><c/><d/><e/><f/><g/><h/><i/><j/><k/><l/><m/><n/><o/><p/><q/><r/><q/><p/><a/></R>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autofree char *slow_text = g_strconcat ("<!---->", documents[i], NULL);
      g_autoptr(GError) fast_error = NULL;
      g_autoptr(GError) slow_error = NULL;
      g_autoptr(GawsXmlNode) fast = gaws_xml_parse (documents[i], strlen (documents[i]), &fast_error);
      g_autoptr(GawsXmlNode) slow = gaws_xml_parse (slow_text, strlen (slow_text), &slow_error);

      g_test_message ("%u: %s", i, fast_error ? fast_error->message : "valid");
      g_assert_true ((fast == NULL) == (slow == NULL));
      if (fast == NULL)
        {
          g_assert_error (fast_error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
          g_assert_error (slow_error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
        }
      else
        assert_same_tree (fast, slow);
    }
}

/* @document read by the fast path as GMarkup reads it (the comment first
 * sends it there), or refused by both. */
static void
assert_read_alike (const char *document)
{
  g_autofree char *slow_text = g_strconcat ("<!---->", document, NULL);
  g_autoptr(GawsXmlNode) fast = gaws_xml_parse (document, strlen (document), NULL);
  g_autoptr(GawsXmlNode) slow = gaws_xml_parse (slow_text, strlen (slow_text), NULL);

  if ((fast == NULL) != (slow == NULL))
    g_error ("read differently: %s", document);
  if (fast != NULL)
    assert_same_tree (fast, slow);
}

/* The bytes of a document are checked 64, 16 or 8 at a time before the
 * fast path reads it: a CR, a control character, a character beyond ASCII
 * and an invalid byte at every place of a document of some blocks, read
 * as GMarkup reads them. */
static void
test_fast_path_plain_blocks (void)
{
  static const char *const odd[] = { "\r", "\x01", "\xc3\xa9", "\xff", "\t" };
  g_autoptr(GString) base = g_string_new ("<R>");

  for (guint i = 0; i < 12; i++)
    g_string_append_printf (base, "<K%u>text %u</K%u>", i, i, i);
  g_string_append (base, "</R>");
  assert_read_alike (base->str);
  for (gsize at = 0; at <= base->len; at++)
    for (guint o = 0; o < G_N_ELEMENTS (odd); o++)
      {
        g_autoptr(GString) changed = g_string_new (base->str);

        g_string_insert (changed, (gssize) at, odd[o]);
        assert_read_alike (changed->str);
      }
}

/* Tags of a name a child had before are compared with that name and its
 * '>' as one or two words (up to 16 bytes, then the long way), and such an
 * element with only text is read whole: names of every length class,
 * repeated and in sequence, with texts empty, around sixteen bytes, with
 * an entity or a '>'; each tag then changed at every byte (its first and
 * last word among them) or cut short, and documents ending fewer than
 * eight bytes after such a tag. */
static void
test_fast_path_known_tags (void)
{
  static const char *const names[] = {
    "A", "Abcdef", "Abcdefg", "Abcdefgh", "Abcdefghi", "Abcdefghijklmno", "Abcdefghijklmnop",
  };
  static const char *const texts[] = {
    "", "1", "a>b", "0123456789abcde", "0123456789abcdef", "0123456789abcdefg", "x&amp;y", "&lt;", "t<E/>u",
  };
  g_autoptr(GString) base = g_string_new ("<R>");

  for (guint item = 0; item < 3; item++)
    {
      g_string_append (base, "<I>");
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        for (guint again = 0; again <= item; again++)
          g_string_append_printf (base, "<%s>%s</%s>", names[i], texts[(i + item + again) % G_N_ELEMENTS (texts)],
                                  names[i]);
      g_string_append (base, "</I>");
    }
  g_string_append (base, "</R>");
  assert_read_alike (base->str);

  for (gsize at = 0; at < base->len; at++)
    {
      static const char others[] = { 'x', '>', ' ', '/', '\xc3', '<' };

      for (guint o = 0; o < G_N_ELEMENTS (others); o++)
        {
          g_autoptr(GString) changed = g_string_new (base->str);

          if (changed->str[at] == others[o])
            continue;
          changed->str[at] = others[o];
          assert_read_alike (changed->str);
        }
      {
        g_autoptr(GString) cut = g_string_new_len (base->str, (gssize) at);

        assert_read_alike (cut->str);
      }
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *end = g_strdup_printf ("<R><I><%s>a</%s></I><I><%s>b</%s></I></R>", names[i], names[i],
                                              names[i], names[i]);
      g_autofree char *short_end = g_strdup_printf ("<R><%s/><%s>b</%s></R>", names[i], names[i], names[i]);
      g_autofree char *attributes = g_strdup_printf ("<R><%s/><%s a='1'>b</%s><%s >c</%s><%s/></R>", names[i],
                                                     names[i], names[i], names[i], names[i], names[i]);

      assert_read_alike (end);
      assert_read_alike (short_end);
      assert_read_alike (attributes);
    }
}

/* The fast path looks for '<' and '&' sixteen bytes at a time: text and
 * entities at every place around those blocks, and a document ending in
 * text, read as GMarkup reads them. */
static void
test_fast_path_text_blocks (void)
{
  for (guint before = 0; before < 40; before++)
    for (guint after = 0; after < 20; after += 3)
      {
        g_autofree char *a = g_strnfill (before, 'a');
        g_autofree char *b = g_strnfill (after, 'b');
        g_autofree char *doc = g_strdup_printf ("<R><K>%s&amp;%s&quot;%s</K><E>%s</E>%s</R>%s",
                                                a, b, a, b, a, b[0] != '\0' ? "&" : "");
        g_autofree char *slow_text = g_strconcat ("<!---->", doc, NULL);
        g_autofree char *expected = g_strdup_printf ("%s&%s\"%s", a, b, a);
        g_autoptr(GError) fast_error = NULL;
        g_autoptr(GError) slow_error = NULL;
        g_autoptr(GawsXmlNode) fast = gaws_xml_parse (doc, strlen (doc) - (b[0] != '\0'), &fast_error);
        g_autoptr(GawsXmlNode) slow = gaws_xml_parse (slow_text, strlen (slow_text) - (b[0] != '\0'), &slow_error);

        g_assert_no_error (fast_error);
        g_assert_no_error (slow_error);
        assert_same_tree (fast, slow);
        g_assert_cmpstr (gaws_xml_node_get_child_text (fast, "K"), ==, expected);
        g_assert_cmpuint (fast->children[0]->text_length, ==, strlen (expected));
        g_assert_cmpstr (gaws_xml_node_get_child_text (fast, "E"), ==, b);
        g_assert_cmpstr (fast->text, ==, a);
      }
}

/* Documents near @base, what AWS sends, with a few random bytes changed,
 * inserted or removed, @rounds times: the fast path and GMarkup read each
 * alike, or both refuse it (the seed is in the test's output). */
static void
mutate_and_compare (const char *base,
                    guint       rounds)
{
  static const char *const pieces[] = {
    "<", ">", "/", "=", "\"", "'", "&", ";", "!", "?", " ", "\t", "\n", "\r", "a", ":", "-", ".", "1",
    "\xc3\xa9", "&amp;", "&#65;", "<!--c-->", "<![CDATA[x]]>", "<a>", "</a>", "<b/>", "\x01", "\xff",
  };

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GString) doc = g_string_new (base);
      g_autofree char *slow_text = NULL;
      g_autoptr(GawsXmlNode) fast = NULL;
      g_autoptr(GawsXmlNode) slow = NULL;
      guint changes = (guint) g_test_rand_int_range (1, 4);

      for (guint c = 0; c < changes; c++)
        {
          guint at = (guint) g_test_rand_int_range (0, (gint32) doc->len + 1);
          const char *piece = pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))];

          switch (g_test_rand_int_range (0, 3))
            {
            case 0:
              g_string_insert (doc, at, piece);
              break;
            case 1:
              if (at < doc->len)
                g_string_erase (doc, at, 1);
              break;
            default:
              if (at < doc->len)
                g_string_erase (doc, at, 1);
              g_string_insert (doc, MIN (at, doc->len), piece);
              break;
            }
        }
      slow_text = g_strconcat ("<!---->", doc->str, NULL);
      fast = gaws_xml_parse (doc->str, doc->len, NULL);
      slow = gaws_xml_parse (slow_text, strlen (slow_text), NULL);
      if ((fast == NULL) != (slow == NULL))
        g_error ("read differently: %s", doc->str);
      if (fast != NULL)
        assert_same_tree (fast, slow);
    }
}

static void
test_fast_path_mutations (void)
{
  mutate_and_compare ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name>"
                      "<Contents><Key>k&amp;1 &lt;x&gt;</Key><ETag>&quot;0f&quot;</ETag><Size>1</Size>"
                      "<Owner id='o'><ID>i</ID></Owner><Empty/></Contents>\n  <IsTruncated>true</IsTruncated>"
                      "</ListBucketResult>",
                      3000);
}

/* The same for a listing of a few items, whose names the fast path knows
 * from the first on: tags compared as words, elements read whole. */
static void
test_fast_path_listing_mutations (void)
{
  g_autoptr(GString) base = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                          "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                                          "<Name>b</Name><KeyCount>3</KeyCount>");

  for (guint i = 0; i < 3; i++)
    g_string_append_printf (base, "<Contents><Key>obj-%u</Key><LastModified>2026-11-25T12:00:00.000Z</LastModified>"
                            "<ETag>&quot;0f34%u&quot;</ETag><Size>%u</Size><StorageClass>STANDARD</StorageClass>"
                            "</Contents>", i, i, 1024 + i);
  g_string_append (base, "<IsTruncated>false</IsTruncated></ListBucketResult>");
  mutate_and_compare (base->str, 3000);
}

/* A header-bound timestamp, such as S3's Last-Modified: the HTTP dates
 * read without the long way's other readers come out as the long way reads
 * them, and those it refuses still go the long way. */

static const GawsShapeInfo header_time_shape = { .name = "T", .kind = GAWS_SHAPE_KIND_TIMESTAMP, .payload = -1 };

static const GawsMemberInfo header_time_members[] = {
  { .name = "LastModified", .shape = &header_time_shape, .location = GAWS_LOCATION_HEADER,
    .location_name = "Last-Modified" },
};

static const GawsShapeInfo header_time_struct = {
  .name = "Out", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = header_time_members,
  .n_members = G_N_ELEMENTS (header_time_members), .payload = -1,
};

static void
test_header_dates (void)
{
  static const char *const dates[] = {
    "Wed, 25 Nov 2026 12:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
    "Mon, 29 Feb 2024 00:00:00 GMT", "Mon, 29 Feb 2023 00:00:00 GMT", "Mon, 31 Apr 2026 00:00:00 GMT",
    "Sun, 25 Nov 2026 24:00:00 GMT", "Sun, 25 Nov 2026 23:60:00 GMT", "Sun, 25 Nov 2026 23:59:60 GMT",
    "Xyz, 25 Nov 2026 12:00:00 GMT", "Wed, 25 nov 2026 12:00:00 GMT", "Wed, 25 NOV 2026 12:00:00 GMT",
    "Wed, 25 Foo 2026 12:00:00 GMT", "Wed, 00 Nov 2026 12:00:00 GMT", "Wed, 25 Nov 0000 12:00:00 GMT",
    "Wed, 25 Nov 2026 12:00:00 UTC", "Wed, 25 Nov 2026 12:00:00 GMTX", "Wed, 25 Nov 2026 12:00:00",
    "Wed, 5 Nov 2026 12:00:00 GMT", "Wed,  5 Nov 2026 12:00:00 GMT", "Wed, 25 Nov 2026 12:00:00.5 GMT",
    "W,d, 25 Nov 2026 12:00:00 GMT", "1,3, 25 Nov 2026 12:00:00 GMT", "Wed, 2x Nov 2026 12:00:00 GMT",
    "Wed; 25 Nov 2026 12:00:00 GMT", "Wed, 25-Nov-2026 12:00:00 GMT", "Wed, 25 Nov 2026 12.00.00 GMT",
    "25 Nov 2026 12:00:00 GMT", "2026-11-25T12:00:00Z", "1764072000", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
      g_autoptr(GawsShape) output = gaws_shape_new (&header_time_struct);
      g_autoptr(GError) error = NULL, expected_error = NULL;
      g_autoptr(GDateTime) expected = gaws_protocol_parse_timestamp (dates[i], &expected_error);
      gboolean read;

      gaws_http_headers_append (gaws_http_response_get_headers (response), "Last-Modified", dates[i]);
      read = gaws_protocol_rest_read_bindings (output, response, &error);
      g_test_message ("“%s”: %s", dates[i], expected ? "valid" : expected_error->message);
      g_assert_cmpint (read, ==, expected != NULL);
      if (expected == NULL)
        {
          g_assert_error (error, expected_error->domain, expected_error->code);
          g_assert_cmpstr (error->message, ==, expected_error->message);
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (g_date_time_equal (g_value_get_boxed (gaws_shape_get_value (output, 0)), expected));
    }
}

/* Header-bound members are found whatever the case of the names in the
 * response, and only those there are set. */

static const GawsMemberInfo header_name_members[] = {
  { .name = "ETag", .shape = &scalar_shapes[S_STRING], .location = GAWS_LOCATION_HEADER, .location_name = "ETag" },
  { .name = "VersionId", .shape = &scalar_shapes[S_STRING], .location = GAWS_LOCATION_HEADER,
    .location_name = "x-amz-version-id" },
  { .name = "ContentLength", .shape = &scalar_shapes[S_LONG], .location = GAWS_LOCATION_HEADER,
    .location_name = "Content-Length" },
  { .name = "Missing", .shape = &scalar_shapes[S_STRING], .location = GAWS_LOCATION_HEADER,
    .location_name = "x-amz-missing" },
  { .name = "Short", .shape = &scalar_shapes[S_STRING], .location = GAWS_LOCATION_HEADER, .location_name = "A" },
};

static const GawsShapeInfo header_name_struct = {
  .name = "Out", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = header_name_members,
  .n_members = G_N_ELEMENTS (header_name_members), .payload = -1,
};

static void
test_header_names (void)
{
  g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
  g_autoptr(GawsShape) output = gaws_shape_new (&header_name_struct);
  GawsHttpHeaders *headers = gaws_http_response_get_headers (response);
  g_autoptr(GError) error = NULL;

  gaws_http_headers_append (headers, "etag", "\"e\"");
  gaws_http_headers_append (headers, "X-AMZ-VERSION-ID", "v1");
  gaws_http_headers_append (headers, "CONTENT-length", "1024");
  gaws_http_headers_append (headers, "x-amz-missinG", "m");
  gaws_http_headers_append (headers, "x-amz-mising", "no");
  gaws_http_headers_append (headers, "a", "s");
  /* into a new output, unwatched, as into any */
  for (guint fresh = 0; fresh < 2; fresh++)
    {
      g_clear_object (&output);
      output = gaws_shape_new (&header_name_struct);
      g_assert_true (fresh ? gaws_protocol_rest_read_new_bindings (output, response, &error)
                           : gaws_protocol_rest_read_bindings (output, response, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (output, 0)), ==, "\"e\"");
      g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (output, 1)), ==, "v1");
      g_assert_cmpint (g_value_get_int64 (gaws_shape_get_value (output, 2)), ==, 1024);
      g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (output, 3)), ==, "m");
      g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (output, 4)), ==, "s");
      g_assert_true (gaws_shape_is_set (output, 2));
    }
  g_clear_object (&output);

  output = gaws_shape_new (&header_name_struct);
  gaws_http_headers_remove (headers, "x-amz-missing");
  gaws_http_headers_remove (headers, "a");
  g_assert_true (gaws_protocol_rest_read_bindings (output, response, &error));
  g_assert_null (gaws_shape_get_value (output, 3));
  g_assert_null (gaws_shape_get_value (output, 4));
  g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (output, 1)), ==, "v1");
}

/* Header-bound integers (Content-Length, in every response) and longs
 * read as g_ascii_strtoll() reads them, whether plain digits or not; what
 * it refuses is an error. A header map (S3's Metadata) holds the headers
 * its prefix starts, whatever their case, and is empty without any. */

static const GawsShapeInfo header_map_shape = {
  .name = "Metadata", .kind = GAWS_SHAPE_KIND_MAP, .members = (const GawsMemberInfo[]) {
    { .name = "key", .shape = &scalar_shapes[S_STRING] }, { .name = "value", .shape = &scalar_shapes[S_STRING] } },
  .n_members = 2, .payload = -1,
};

static const GawsMemberInfo header_number_members[] = {
  { .name = "Int", .shape = &scalar_shapes[S_INTEGER], .location = GAWS_LOCATION_HEADER, .location_name = "x-int" },
  { .name = "Long", .shape = &scalar_shapes[S_LONG], .location = GAWS_LOCATION_HEADER, .location_name = "x-long" },
  { .name = "Metadata", .shape = &header_map_shape, .location = GAWS_LOCATION_HEADERS,
    .location_name = "x-amz-meta-" },
};

static const GawsShapeInfo header_number_struct = {
  .name = "Out", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = header_number_members,
  .n_members = G_N_ELEMENTS (header_number_members), .payload = -1,
};

static void
test_header_numbers (void)
{
  static const char *const texts[] = {
    "0", "-0", "7", "-7", "1024", "+5", " 12", "12 ", "12a", "", "-", "--1", "0x10", "007",
    "2147483647", "2147483648", "-2147483649", "123456789012345678", "-123456789012345678",
    "1234567890123456789", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
    "99999999999999999999999",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (guint fresh = 0; fresh < 2; fresh++)
      {
        g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
        g_autoptr(GawsShape) output = gaws_shape_new (&header_number_struct);
        GawsHttpHeaders *headers = gaws_http_response_get_headers (response);
        g_autoptr(GError) error = NULL;
        char *end = NULL;
        gint64 expected = g_ascii_strtoll (texts[i], &end, 10);
        gboolean valid = end != texts[i] && *end == '\0';
        gboolean read;

        gaws_http_headers_append (headers, i % 2 ? "x-int" : "x-long", texts[i]);
        read = fresh ? gaws_protocol_rest_read_new_bindings (output, response, &error)
                     : gaws_protocol_rest_read_bindings (output, response, &error);
        g_test_message ("“%s”", texts[i]);
        g_assert_cmpint (read, ==, valid);
        if (!valid)
          {
            g_assert_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL);
            continue;
          }
        g_assert_no_error (error);
        if (i % 2)
          g_assert_cmpint (g_value_get_int (gaws_shape_get_value (output, 0)), ==, (gint32) expected);
        else
          g_assert_cmpint (g_value_get_int64 (gaws_shape_get_value (output, 1)), ==, expected);
        g_assert_cmpuint (g_hash_table_size (g_value_get_boxed (gaws_shape_get_value (output, 2))), ==, 0);
      }

  for (guint fresh = 0; fresh < 2; fresh++)
    {
      g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
      g_autoptr(GawsShape) output = gaws_shape_new (&header_number_struct);
      GawsHttpHeaders *headers = gaws_http_response_get_headers (response);
      g_autoptr(GError) error = NULL;
      GHashTable *map;

      gaws_http_headers_append (headers, "X-Amz-Meta-Color", "blue");
      gaws_http_headers_append (headers, "x-amz-meta-size", "L");
      gaws_http_headers_append (headers, "x-amz-metadata", "no");
      gaws_http_headers_append (headers, "y-amz-meta-other", "no");
      gaws_http_headers_append (headers, "X", "no");
      g_assert_true (fresh ? gaws_protocol_rest_read_new_bindings (output, response, &error)
                           : gaws_protocol_rest_read_bindings (output, response, &error));
      g_assert_no_error (error);
      map = g_value_get_boxed (gaws_shape_get_value (output, 2));
      g_assert_cmpuint (g_hash_table_size (map), ==, 2);
      g_assert_cmpstr (g_hash_table_lookup (map, "Color"), ==, "blue");
      g_assert_cmpstr (g_hash_table_lookup (map, "size"), ==, "L");
    }
}

/* The bound members of an output with a class of its own (generated
 * code's) are found once and kept by the class; those of a plain shape
 * each time: both read the same, the second response like the first. */

GType test_xml_tree_bound_out_get_type (void);

static const GawsMemberInfo bound_members[] = {
  { .name = "Body", .property_name = "body", .shape = &scalar_shapes[S_STRING] },
  { .name = "ETag", .property_name = "e-tag", .shape = &scalar_shapes[S_STRING],
    .location = GAWS_LOCATION_HEADER, .location_name = "ETag" },
  { .name = "Status", .property_name = "status", .shape = &scalar_shapes[S_INTEGER],
    .location = GAWS_LOCATION_STATUS_CODE },
  { .name = "Metadata", .property_name = "metadata", .shape = &header_map_shape,
    .location = GAWS_LOCATION_HEADERS, .location_name = "x-amz-meta-" },
  { .name = "Missing", .property_name = "missing", .shape = &scalar_shapes[S_STRING],
    .location = GAWS_LOCATION_HEADER, .location_name = "x-amz-missing" },
  { .name = "ContentLength", .property_name = "content-length", .shape = &scalar_shapes[S_LONG],
    .location = GAWS_LOCATION_HEADER, .location_name = "Content-Length" },
};

static const GawsShapeInfo bound_plain = {
  .name = "BoundOut", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = bound_members,
  .n_members = G_N_ELEMENTS (bound_members), .payload = -1,
};

static const GawsShapeInfo bound_class = {
  .name = "BoundOut", .kind = GAWS_SHAPE_KIND_STRUCTURE, .get_type = test_xml_tree_bound_out_get_type,
  .members = bound_members, .n_members = G_N_ELEMENTS (bound_members), .payload = -1,
};

GAWS_DEFINE_SHAPE_TYPE (TestXmlTreeBoundOut, test_xml_tree_bound_out, &bound_class)

static void
test_header_bindings_kept (void)
{
  const GawsShapeInfo *infos[] = { &bound_plain, &bound_class };

  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GawsHttpResponse) response = gaws_http_response_new (206);
      GawsHttpHeaders *headers = gaws_http_response_get_headers (response);
      g_autoptr(GawsShape) output = gaws_shape_new (infos[round % 2]);
      g_autoptr(GError) error = NULL;
      GHashTable *map;

      g_assert_true (round % 2 == 0 || G_OBJECT_TYPE (output) == test_xml_tree_bound_out_get_type ());
      gaws_http_headers_append (headers, "etag", "\"e\"");
      gaws_http_headers_append (headers, "x-amz-meta-a", "1");
      gaws_http_headers_append (headers, "content-length", "42");
      gaws_http_headers_append (headers, "Body", "not a header member");
      g_assert_true (round < 2 ? gaws_protocol_rest_read_new_bindings (output, response, &error)
                               : gaws_protocol_rest_read_bindings (output, response, &error));
      g_assert_no_error (error);
      g_assert_null (gaws_shape_get_value (output, 0));
      g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (output, 1)), ==, "\"e\"");
      g_assert_cmpint (g_value_get_int (gaws_shape_get_value (output, 2)), ==, 206);
      map = g_value_get_boxed (gaws_shape_get_value (output, 3));
      g_assert_cmpuint (g_hash_table_size (map), ==, 1);
      g_assert_cmpstr (g_hash_table_lookup (map, "a"), ==, "1");
      g_assert_null (gaws_shape_get_value (output, 4));
      g_assert_cmpint (g_value_get_int64 (gaws_shape_get_value (output, 5)), ==, 42);
    }
}

/* A structure with a class of its own keeps its slots in the instance,
 * where the reader sets them straight: freeing it frees each, up to the
 * last member. */

GType test_xml_tree_slotted_get_type (void);

static const GawsMemberInfo slotted_members[] = {
  { .name = "First", .property_name = "first", .shape = &scalar_shapes[S_STRING] },
  { .name = "Skipped", .property_name = "skipped", .shape = &scalar_shapes[S_STRING] },
  { .name = "Last", .property_name = "last", .shape = &scalar_shapes[S_STRUCT] },
};

static const GawsShapeInfo slotted_info = {
  .name = "Slotted", .kind = GAWS_SHAPE_KIND_STRUCTURE, .get_type = test_xml_tree_slotted_get_type,
  .members = slotted_members, .n_members = G_N_ELEMENTS (slotted_members), .payload = -1,
};

GAWS_DEFINE_SHAPE_TYPE (TestXmlTreeSlotted, test_xml_tree_slotted, &slotted_info)

static void
test_structure_slots_freed (void)
{
  static const char xml[] = "<Slotted><Last><s>x</s></Last><First>f</First></Slotted>";
  const GawsOperationInfo op = { .name = "Op", .http_method = "GET", .request_uri = "/", .output = &slotted_info };
  g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
  g_autoptr(GBytes) body = g_bytes_new_static (xml, sizeof xml - 1);
  g_autoptr(GError) error = NULL;
  GawsShape *shape;
  gpointer last;

  gaws_http_response_set_body (response, body);
  /* the codec reads into a new output, unwatched */
  shape = gaws_protocol_rest_xml_get_codec ()->deserialize (&op, response, &error);
  g_assert_no_error (error);
  g_assert_true (G_OBJECT_TYPE (shape) == test_xml_tree_slotted_get_type ());
  g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (shape, 0)), ==, "f");
  g_assert_null (gaws_shape_get_value (shape, 1));
  last = g_value_get_object (gaws_shape_get_value (shape, 2));
  g_object_add_weak_pointer (last, &last);
  g_object_unref (shape);
  g_assert_null (last);
}

/* A generated class keeps its structure's element names once read; an
 * info that is not the class's own (here one with other names, whose
 * shapes get the class all the same) has its own names found, alone or
 * as a list's items, however often the class's were read before. */
static const char *
read_slotted (const GawsShapeInfo *info,
              const char          *xml,
              guint                index)
{
  GawsMemberInfo member = { .name = "Items", .shape = NULL };
  GawsShapeInfo list = { .name = "Items", .kind = GAWS_SHAPE_KIND_LIST, .members = &member, .n_members = 1,
                         .payload = -1 };
  GawsMemberInfo wrapper_member = { .name = "Items", .shape = &list };
  GawsShapeInfo wrapper = { .name = "W", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = &wrapper_member,
                            .n_members = 1, .payload = -1 };
  GawsOperationInfo op = { .name = "Op", .http_method = "GET", .request_uri = "/", .output = info };
  g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
  g_autoptr(GBytes) body = g_bytes_new (xml, strlen (xml));
  g_autoptr(GError) error = NULL;
  g_autoptr(GawsShape) shape = NULL;
  static char text[64];
  GawsShape *item = NULL;
  const GValue *value;

  member.shape = info;
  member.location_name = "member";
  if (g_str_has_prefix (xml, "<W>"))
    op.output = &wrapper;
  gaws_http_response_set_body (response, body);
  shape = gaws_protocol_rest_xml_get_codec ()->deserialize (&op, response, &error);
  g_assert_no_error (error);
  if (op.output == &wrapper)
    {
      GPtrArray *items = g_value_get_boxed (gaws_shape_get_value (shape, 0));

      g_assert_cmpuint (items->len, ==, 2);
      item = items->pdata[1];
      g_assert_true (gaws_shape_get_info (item) == info);
    }
  value = gaws_shape_get_value (item ? item : shape, index);
  g_strlcpy (text, value ? g_value_get_string (value) : "(unset)", sizeof text);
  return text;
}

static void
test_structure_names_kept (void)
{
  static const GawsMemberInfo twin_members[] = {
    { .name = "Other", .property_name = "first", .shape = &scalar_shapes[S_STRING] },
    { .name = "First", .property_name = "skipped", .shape = &scalar_shapes[S_STRING] },
    { .name = "Last", .property_name = "last", .shape = &scalar_shapes[S_STRUCT] },
  };
  GawsShapeInfo twin = slotted_info;

  twin.name = "Twin";
  twin.members = twin_members;
  for (guint round = 0; round < 3; round++)
    {
      g_assert_cmpstr (read_slotted (&slotted_info, "<Slotted><First>f</First><Skipped>s</Skipped></Slotted>", 0),
                       ==, "f");
      g_assert_cmpstr (read_slotted (&slotted_info, "<W><Items><member><First>a</First></member>"
                                     "<member><First>b</First></member></Items></W>", 0), ==, "b");
      g_assert_cmpstr (read_slotted (&twin, "<Twin><Other>o</Other><First>f</First></Twin>", 0), ==, "o");
      g_assert_cmpstr (read_slotted (&twin, "<Twin><Other>o</Other><First>f</First></Twin>", 1), ==, "f");
      g_assert_cmpstr (read_slotted (&twin, "<W><Items><member><Other>a</Other></member>"
                                     "<member><Other>b</Other><First>c</First></member></Items></W>", 0), ==, "b");
      g_assert_cmpstr (read_slotted (&twin, "<W><Items><member><Other>a</Other></member>"
                                     "<member><Other>b</Other><First>c</First></member></Items></W>", 1), ==, "c");
    }
}

/* A plain output with more members than the bindings found on the stack
 * hold: found into the heap, read the same. */
static void
test_header_bindings_many (void)
{
  enum { N = 70 };
  g_autofree GawsMemberInfo *members = g_new0 (GawsMemberInfo, N);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GawsShapeInfo info = { .name = "Many", .kind = GAWS_SHAPE_KIND_STRUCTURE, .members = members,
                         .n_members = N, .payload = -1 };
  g_autoptr(GawsHttpResponse) response = gaws_http_response_new (200);
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N; i++)
    {
      char *name = g_strdup_printf ("x-h%u", i);

      g_ptr_array_add (names, name);
      members[i].name = name;
      members[i].shape = &scalar_shapes[S_STRING];
      members[i].location = i % 3 == 0 ? GAWS_LOCATION_HEADER : GAWS_LOCATION_BODY;
    }
  gaws_http_headers_append (gaws_http_response_get_headers (response), "X-H0", "first");
  gaws_http_headers_append (gaws_http_response_get_headers (response), "x-h69", "last");
  gaws_http_headers_append (gaws_http_response_get_headers (response), "x-h68", "body member");
  output = gaws_shape_new (&info);
  g_assert_true (gaws_protocol_rest_read_new_bindings (output, response, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (output, 0)), ==, "first");
  g_assert_cmpstr (g_value_get_string (gaws_shape_get_value (output, 69)), ==, "last");
  g_assert_null (gaws_shape_get_value (output, 68));
  g_assert_null (gaws_shape_get_value (output, 3));
}

int
main (int    argc,
      char **argv)
{
  gaws_test_init (&argc, &argv);
  g_test_add_func ("/xml/tree", test_tree);
  g_test_add_func ("/xml/large", test_large);
  g_test_add_func ("/xml/invalid", test_invalid);
  g_test_add_func ("/xml/equal", test_equal);
  g_test_add_func ("/xml/scalars", test_scalars);
  g_test_add_func ("/xml/repeated", test_repeated);
  g_test_add_func ("/xml/members", test_members);
  g_test_add_func ("/xml/member-errors", test_member_errors);
  g_test_add_func ("/xml/structure-lists", test_structure_lists);
  g_test_add_func ("/xml/structure-list-times", test_structure_list_times);
  g_test_add_func ("/xml/structure-list-seen-names", test_structure_list_seen_names);
  g_test_add_func ("/xml/structure-list-planned", test_structure_list_planned);
  g_test_add_func ("/xml/structure-list-planned-kinds", test_structure_list_planned_kinds);
  g_test_add_func ("/xml/structure-list-free", test_structure_list_free);
  g_test_add_func ("/xml/structure-recycled", test_structure_recycled);
  g_test_add_func ("/xml/structure-recycled-threads", test_structure_recycled_threads);
  g_test_add_func ("/xml/enum-strings-freed", test_enum_strings_freed);
  g_test_add_func ("/xml/fast-path", test_fast_path);
  g_test_add_func ("/xml/fast-path-text-blocks", test_fast_path_text_blocks);
  g_test_add_func ("/xml/fast-path-mutations", test_fast_path_mutations);
  g_test_add_func ("/xml/fast-path-listing-mutations", test_fast_path_listing_mutations);
  g_test_add_func ("/xml/fast-path-known-tags", test_fast_path_known_tags);
  g_test_add_func ("/xml/fast-path-plain-blocks", test_fast_path_plain_blocks);
  g_test_add_func ("/rest/header-dates", test_header_dates);
  g_test_add_func ("/rest/header-names", test_header_names);
  g_test_add_func ("/rest/header-numbers", test_header_numbers);
  g_test_add_func ("/rest/header-bindings-kept", test_header_bindings_kept);
  g_test_add_func ("/rest/header-bindings-many", test_header_bindings_many);
  g_test_add_func ("/xml/structure-slots-freed", test_structure_slots_freed);
  g_test_add_func ("/xml/structure-names-kept", test_structure_names_kept);
  return g_test_run ();
}
