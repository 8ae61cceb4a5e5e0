/* gaws-jmespath.c: compiled JMESPath expressions over jansson values
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * The whole of https://jmespath.org/specification.html. A lexer turns the
 * expression into tokens, a Pratt parser with the binding powers of the
 * reference implementation (jmespath.py, which botocore runs) builds an
 * immutable tree, and a tree walker evaluates that tree on jansson values,
 * JMESPath null being json_null(). Where the specification is silent,
 * jmespath.py's behaviour is followed, since the AWS models were written
 * against it. Where jmespath.py strays from the specification, this does
 * not: function arguments need commas, literals must be JSON (no legacy
 * `foo`), a slice projects even after an index (`a[0][::-1][1]`), and
 * to_string() writes UTF-8 rather than \u escapes. Unknown functions,
 * wrong argument counts and zero slice steps fail when compiling, not when
 * (and if) evaluation reaches them.
 */
#include "gaws-jmespath.h"

#include "gaws-error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Hostile expressions must fail, not overflow the stack: the parser's
 * recursion and the tree's depth are bounded (the tree's because evaluating
 * and freeing it recurse). The AWS models' expressions are a few levels
 * deep. */
#define MAX_PARSE_DEPTH 256
#define MAX_TREE_DEPTH  256

/* Equality and to_string() walk values: jansson's parser builds none deeper
 * than this, but values built in code may be. */
#define MAX_VALUE_DEPTH 2048

/* Indices and slice bounds are clamped to this, so that arithmetic on them
 * and on any real array length cannot overflow. */
#define MAX_INDEX (G_MAXINT64 / 4)

/* Error messages quote the expression, cut to this many characters. */
#define MAX_QUOTED_CHARS 64

/* The integer and real comparisons below assume 64-bit integers. */
G_STATIC_ASSERT (sizeof (json_int_t) == sizeof (gint64));

typedef json_t JsonValue;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JsonValue, json_decref)

/* ---- errors ------------------------------------------------------------ */

static void set_error (GError     **error,
                       const char  *kind,
                       const char  *format,
                       ...) G_GNUC_PRINTF (3, 4);

/* Every JMESPath error is GAWS_ERROR_INVALID_ARGUMENT; the extended error
 * code tells its kind apart, with the names the specification uses. */
static void
set_error (GError     **error,
           const char  *kind,
           const char  *format,
           ...)
{
  g_autofree char *raw = NULL;
  g_autofree char *message = NULL;
  GError *new_error;
  va_list args;

  va_start (args, format);
  raw = g_strdup_vprintf (format, args);
  va_end (args);
  /* jansson's error texts quote the input and may cut a character in two. */
  message = g_utf8_make_valid (raw, -1);
  new_error = g_error_new_literal (GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, message);
  gaws_error_set_details (new_error, kind, message, 0, NULL);
  g_propagate_error (error, new_error);
}

/* Expressions reach error messages, and may be long or not even UTF-8. */
static char *
quote_expression (const char *expression)
{
  g_autofree char *valid = g_utf8_make_valid (expression, -1);

  if (g_utf8_strlen (valid, -1) <= MAX_QUOTED_CHARS)
    return g_steal_pointer (&valid);
  *g_utf8_offset_to_pointer (valid, MAX_QUOTED_CHARS) = '\0';
  return g_strconcat (valid, "…", NULL);
}

/* ---- tokens ------------------------------------------------------------ */

typedef enum {
  TOK_EOF,
  TOK_UNQUOTED_IDENTIFIER,
  TOK_QUOTED_IDENTIFIER,
  TOK_NUMBER,
  TOK_LITERAL,
  TOK_RBRACKET,
  TOK_RPAREN,
  TOK_RBRACE,
  TOK_COMMA,
  TOK_COLON,
  TOK_CURRENT,
  TOK_EXPREF,
  TOK_PIPE,
  TOK_OR,
  TOK_AND,
  TOK_EQ,
  TOK_NE,
  TOK_LT,
  TOK_LTE,
  TOK_GT,
  TOK_GTE,
  TOK_FLATTEN,
  TOK_STAR,
  TOK_FILTER,
  TOK_DOT,
  TOK_NOT,
  TOK_LBRACE,
  TOK_LBRACKET,
  TOK_LPAREN,
  N_TOKEN_TYPES
} TokenType;

/* How strongly each token binds the expression on its left: jmespath.py's
 * table, so that precedence is the reference implementation's. */
static const guint8 binding_power[N_TOKEN_TYPES] = {
  [TOK_PIPE] = 1,
  [TOK_OR] = 2,
  [TOK_AND] = 3,
  [TOK_EQ] = 5, [TOK_NE] = 5, [TOK_LT] = 5, [TOK_LTE] = 5, [TOK_GT] = 5, [TOK_GTE] = 5,
  [TOK_FLATTEN] = 9,
  [TOK_STAR] = 20,
  [TOK_FILTER] = 21,
  [TOK_DOT] = 40,
  [TOK_NOT] = 45,
  [TOK_LBRACE] = 50,
  [TOK_LBRACKET] = 55,
  [TOK_LPAREN] = 60,
};

/* What follows a projection is projected up to the first token that binds
 * less than this. */
#define PROJECTION_STOP 10

typedef struct {
  TokenType  type;
  gsize      start;    /* byte offsets in the expression */
  gsize      end;
  char      *name;     /* identifiers */
  json_t    *literal;  /* literals and raw strings */
  gint64     number;
} Token;

static void
token_clear (gpointer data)
{
  Token *token = data;

  g_free (token->name);
  if (token->literal != NULL)
    json_decref (token->literal);
}

/* ---- lexer ------------------------------------------------------------- */

typedef struct {
  const char *expression;
  GArray     *tokens;  /* of Token, the last one TOK_EOF */
  guint       next;    /* index of the next token to consume */
  guint       depth;   /* of parse_expression() calls */
} Parser;

static void parser_error (const Parser *p,
                          gsize         offset,
                          const char   *kind,
                          GError      **error,
                          const char   *format,
                          ...) G_GNUC_PRINTF (5, 6);

/* Compile-time errors name the position in characters, counted from 0, as
 * jmespath.py does. */
static void
parser_error (const Parser *p,
              gsize         offset,
              const char   *kind,
              GError      **error,
              const char   *format,
              ...)
{
  g_autofree char *detail = NULL;
  g_autofree char *quoted = quote_expression (p->expression);
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  set_error (error, kind, "Invalid JMESPath expression “%s”: %s at position %ld",
             quoted, detail, g_utf8_pointer_to_offset (p->expression, p->expression + offset));
}

/* jansson refuses integers beyond 64 bits, which JSON allows: those
 * documents are read again with every number a real. */
static json_t *
parse_json_text (const char   *text,
                 gsize         length,
                 json_error_t *json_error)
{
  json_error_t ignored;
  json_t *value = json_loadb (text, length, JSON_DECODE_ANY, json_error);

  if (value == NULL)
    value = json_loadb (text, length, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, &ignored);
  return value;
}

/* Returns the offset of the @delimiter that closes the token starting at
 * @start, a backslash escaping any character as in jmespath.py, or 0. */
static gsize
find_closing (const char *expression,
              gsize       start,
              char        delimiter)
{
  gsize i = start + 1;

  while (expression[i] != delimiter)
    {
      if (expression[i] == '\0')
        return 0;
      if (expression[i] == '\\' && expression[i + 1] != '\0')
        i++;
      i++;
    }
  return i;
}

/* Raw strings and literals drop the backslash of an escaped delimiter and
 * keep every other one: `'\z'` is the two characters `\z`. */
static char *
unescape_delimiter (const char *text,
                    gsize       length,
                    char        delimiter)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\\' && i + 1 < length)
        {
          if (text[i + 1] != delimiter)
            g_string_append_c (out, '\\');
          i++;
        }
      g_string_append_c (out, text[i]);
    }
  return g_string_free (out, FALSE);
}

static gboolean
lex_delimited (Parser  *p,
               Token   *token,
               char     delimiter,
               gsize   *end,
               GError **error)
{
  *end = find_closing (p->expression, token->start, delimiter);
  if (*end == 0)
    {
      parser_error (p, token->start, GAWS_JMESPATH_ERROR_SYNTAX, error,
                    "unclosed %c", delimiter);
      return FALSE;
    }
  return TRUE;
}

static gboolean
lex_quoted_identifier (Parser  *p,
                       Token   *token,
                       GError **error)
{
  g_autoptr(JsonValue) decoded = NULL;
  json_error_t json_error;
  gsize end;

  if (!lex_delimited (p, token, '"', &end, error))
    return FALSE;
  /* A quoted identifier is a JSON string: let the JSON parser unescape it. */
  decoded = json_loadb (p->expression + token->start, end + 1 - token->start,
                        JSON_DECODE_ANY, &json_error);
  if (decoded == NULL || !json_is_string (decoded))
    {
      parser_error (p, token->start, GAWS_JMESPATH_ERROR_SYNTAX, error,
                    "invalid quoted identifier (%s)", json_error.text);
      return FALSE;
    }
  token->type = TOK_QUOTED_IDENTIFIER;
  token->name = g_strdup (json_string_value (decoded));
  token->end = end + 1;
  return TRUE;
}

static gboolean
lex_raw_string (Parser  *p,
                Token   *token,
                GError **error)
{
  g_autofree char *text = NULL;
  gsize end;

  if (!lex_delimited (p, token, '\'', &end, error))
    return FALSE;
  text = unescape_delimiter (p->expression + token->start + 1, end - token->start - 1, '\'');
  token->type = TOK_LITERAL;
  token->literal = json_string (text);
  token->end = end + 1;
  return TRUE;
}

static gboolean
lex_literal (Parser  *p,
             Token   *token,
             GError **error)
{
  g_autofree char *text = NULL;
  json_error_t json_error;
  gsize end;

  if (!lex_delimited (p, token, '`', &end, error))
    return FALSE;
  text = unescape_delimiter (p->expression + token->start + 1, end - token->start - 1, '`');
  token->literal = parse_json_text (text, strlen (text), &json_error);
  if (token->literal == NULL)
    {
      parser_error (p, token->start, GAWS_JMESPATH_ERROR_SYNTAX, error,
                    "invalid JSON in literal (%s)", json_error.text);
      return FALSE;
    }
  token->type = TOK_LITERAL;
  token->end = end + 1;
  return TRUE;
}

static void
lex_number (Parser *p,
            Token  *token)
{
  const char *start = p->expression + token->start;
  char *end;
  gint64 value = g_ascii_strtoll (start, &end, 10);

  /* Out of range is out of range: any index this large selects nothing. */
  token->type = TOK_NUMBER;
  token->number = CLAMP (value, -MAX_INDEX, MAX_INDEX);
  token->end = token->start + (gsize) (end - start);
}

static void
lex_unquoted_identifier (Parser *p,
                         Token  *token)
{
  gsize end = token->start;

  while (g_ascii_isalnum (p->expression[end]) || p->expression[end] == '_')
    end++;
  token->type = TOK_UNQUOTED_IDENTIFIER;
  token->name = g_strndup (p->expression + token->start, end - token->start);
  token->end = end;
}

/* One or two characters: @second after @c makes @pair, else @c is @single
 * (or no token at all when @single is TOK_EOF). */
static TokenType
lex_pair (const char *c,
          char        second,
          TokenType   pair,
          TokenType   single,
          gsize      *length)
{
  *length = c[1] == second ? 2 : 1;
  return c[1] == second ? pair : single;
}

static TokenType
lex_operator (const char *c,
              gsize      *length)
{
  *length = 1;
  switch (*c)
    {
    case '.': return TOK_DOT;
    case '*': return TOK_STAR;
    case ']': return TOK_RBRACKET;
    case '{': return TOK_LBRACE;
    case '}': return TOK_RBRACE;
    case '(': return TOK_LPAREN;
    case ')': return TOK_RPAREN;
    case ',': return TOK_COMMA;
    case ':': return TOK_COLON;
    case '@': return TOK_CURRENT;
    case '[':
      if (c[1] == '?')
        {
          *length = 2;
          return TOK_FILTER;
        }
      return lex_pair (c, ']', TOK_FLATTEN, TOK_LBRACKET, length);
    case '|': return lex_pair (c, '|', TOK_OR, TOK_PIPE, length);
    case '&': return lex_pair (c, '&', TOK_AND, TOK_EXPREF, length);
    case '!': return lex_pair (c, '=', TOK_NE, TOK_NOT, length);
    case '=': return lex_pair (c, '=', TOK_EQ, TOK_EOF, length);
    case '<': return lex_pair (c, '=', TOK_LTE, TOK_LT, length);
    case '>': return lex_pair (c, '=', TOK_GTE, TOK_GT, length);
    default: return TOK_EOF;
    }
}

static gboolean
lex_token (Parser  *p,
           Token   *token,
           GError **error)
{
  const char *c = p->expression + token->start;
  gsize length;

  if (g_ascii_isalpha (*c) || *c == '_')
    lex_unquoted_identifier (p, token);
  else if (g_ascii_isdigit (*c) || (*c == '-' && g_ascii_isdigit (c[1])))
    lex_number (p, token);
  else if (*c == '"')
    return lex_quoted_identifier (p, token, error);
  else if (*c == '\'')
    return lex_raw_string (p, token, error);
  else if (*c == '`')
    return lex_literal (p, token, error);
  else if ((token->type = lex_operator (c, &length)) != TOK_EOF)
    token->end = token->start + length;
  else
    {
      parser_error (p, token->start, GAWS_JMESPATH_ERROR_SYNTAX, error,
                    "unexpected character “%.*s”", (int) (g_utf8_next_char (c) - c), c);
      return FALSE;
    }
  return TRUE;
}

static gboolean
tokenize (Parser  *p,
          GError **error)
{
  gsize offset = 0;

  p->tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  g_array_set_clear_func (p->tokens, token_clear);
  for (;;)
    {
      Token token = { 0 };

      while (strchr (" \t\n\r", p->expression[offset]) != NULL && p->expression[offset] != '\0')
        offset++;
      token.start = token.end = offset;
      if (p->expression[offset] == '\0')
        {
          g_array_append_val (p->tokens, token);
          return TRUE;
        }
      if (!lex_token (p, &token, error))
        {
          token_clear (&token);
          return FALSE;
        }
      g_array_append_val (p->tokens, token);
      offset = token.end;
    }
}

/* ---- the tree ---------------------------------------------------------- */

typedef struct _Function Function;

typedef enum {
  NODE_CURRENT,
  NODE_FIELD,
  NODE_LITERAL,
  NODE_INDEX,
  NODE_SLICE,
  NODE_CHAIN,             /* sub-expressions, index expressions, pipes */
  NODE_PROJECTION,
  NODE_VALUE_PROJECTION,
  NODE_FILTER_PROJECTION,
  NODE_FLATTEN,
  NODE_MULTI_SELECT_LIST,
  NODE_MULTI_SELECT_HASH,
  NODE_OR,
  NODE_AND,
  NODE_NOT,
  NODE_COMPARATOR,
  NODE_FUNCTION,
  NODE_EXPREF,
} NodeType;

typedef struct _Node Node;

struct _Node {
  NodeType        type;
  guint           depth;         /* of the subtree this node roots */
  gsize           offset;        /* byte offset in the expression */
  char           *name;          /* FIELD */
  json_t         *literal;       /* LITERAL */
  gint64          bounds[3];     /* INDEX: [0]; SLICE: start, stop, step */
  gboolean        has_bound[3];  /* SLICE */
  TokenType       comparator;    /* COMPARATOR: TOK_EQ to TOK_GTE */
  const Function *function;      /* FUNCTION */
  Node           *left;          /* projections, FLATTEN, NOT, EXPREF, COMPARATOR */
  Node           *right;         /* projections, COMPARATOR */
  Node           *condition;     /* FILTER_PROJECTION */
  GPtrArray      *items;         /* CHAIN, OR, AND, MULTI_SELECT_*, FUNCTION arguments */
  GPtrArray      *keys;          /* MULTI_SELECT_HASH: one per item */
};

static void
node_free (Node *node)
{
  if (node == NULL)
    return;
  g_free (node->name);
  if (node->literal != NULL)
    json_decref (node->literal);
  node_free (node->left);
  node_free (node->right);
  node_free (node->condition);
  g_clear_pointer (&node->items, g_ptr_array_unref);
  g_clear_pointer (&node->keys, g_ptr_array_unref);
  g_free (node);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Node, node_free)

static guint
node_depth (const Node *node)
{
  return node != NULL ? node->depth : 0;
}

static Node *
node_new (NodeType  type,
          gsize     offset,
          Node     *left,
          Node     *right)
{
  Node *node = g_new0 (Node, 1);

  node->type = type;
  node->offset = offset;
  node->left = left;
  node->right = right;
  node->depth = 1 + MAX (node_depth (left), node_depth (right));
  return node;
}

static void
node_add_item (Node *node,
               Node *item)
{
  if (node->items == NULL)
    node->items = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  g_ptr_array_add (node->items, item);
  node->depth = MAX (node->depth, 1 + item->depth);
}

/* Chains (each item applied to the result of the one before), `||` and `&&`
 * are associative, so one flat list serves `a.b.c` or `a || b || c` however
 * long: the tree does not grow as deep as the expression is long. */
static Node *
node_compose (NodeType  type,
              Node     *left,
              Node     *right)
{
  Node *node = left;

  if (left->type != type)
    {
      node = node_new (type, left->offset, NULL, NULL);
      node_add_item (node, left);
    }
  if (right->type == type)
    {
      gsize n_items;
      gpointer *items = g_ptr_array_steal (right->items, &n_items);

      for (gsize i = 0; i < n_items; i++)
        node_add_item (node, items[i]);
      g_free (items);
      node_free (right);
    }
  else
    node_add_item (node, right);
  return node;
}

/* ---- parser ------------------------------------------------------------ */

static const Token *
parser_peek (const Parser *p,
             guint         ahead)
{
  guint index = MIN (p->next + ahead, p->tokens->len - 1);

  return &g_array_index (p->tokens, Token, index);
}

static TokenType
peek_type (const Parser *p,
           guint         ahead)
{
  return parser_peek (p, ahead)->type;
}

static const Token *
parser_advance (Parser *p)
{
  const Token *token = parser_peek (p, 0);

  if (p->next + 1 < p->tokens->len)
    p->next++;
  return token;
}

static char *
describe_token (const Parser *p,
                const Token  *token)
{
  gsize length = token->end - token->start;

  if (token->type == TOK_EOF)
    return g_strdup ("the end of the expression");
  if (token->type == TOK_LITERAL || length > 32)
    return g_strdup (token->type == TOK_NUMBER ? "a number" : "a literal");
  return g_strdup_printf ("“%.*s”", (int) length, p->expression + token->start);
}

static void
unexpected (const Parser *p,
            const Token  *token,
            const char   *expected,
            GError      **error)
{
  g_autofree char *found = describe_token (p, token);

  if (expected != NULL)
    parser_error (p, token->start, GAWS_JMESPATH_ERROR_SYNTAX, error,
                  "expected %s but found %s", expected, found);
  else
    parser_error (p, token->start, GAWS_JMESPATH_ERROR_SYNTAX, error, "unexpected %s", found);
}

static gboolean
expect (Parser     *p,
        TokenType   type,
        const char *expected,
        GError    **error)
{
  const Token *token = parser_peek (p, 0);

  if (token->type != type)
    {
      unexpected (p, token, expected, error);
      return FALSE;
    }
  parser_advance (p);
  return TRUE;
}

static Node *parse_expression (Parser  *p,
                               guint    rbp,
                               GError **error);
static gboolean resolve_function (const Parser *p,
                                  Node         *call,
                                  const Node   *name,
                                  GError      **error);

static Node *
node_current (gsize offset)
{
  return node_new (NODE_CURRENT, offset, NULL, NULL);
}

static Node *
parse_multi_select_list (Parser  *p,
                         gsize    offset,
                         GError **error)
{
  g_autoptr(Node) node = node_new (NODE_MULTI_SELECT_LIST, offset, NULL, NULL);

  for (;;)
    {
      Node *item = parse_expression (p, 0, error);

      if (item == NULL)
        return NULL;
      node_add_item (node, item);
      if (peek_type (p, 0) == TOK_RBRACKET)
        {
          parser_advance (p);
          return g_steal_pointer (&node);
        }
      if (!expect (p, TOK_COMMA, "“,” or “]”", error))
        return NULL;
    }
}

static Node *
parse_multi_select_hash (Parser  *p,
                         gsize    offset,
                         GError **error)
{
  g_autoptr(Node) node = node_new (NODE_MULTI_SELECT_HASH, offset, NULL, NULL);

  node->keys = g_ptr_array_new_with_free_func (g_free);
  for (;;)
    {
      const Token *key = parser_peek (p, 0);
      Node *value;

      if (key->type != TOK_UNQUOTED_IDENTIFIER && key->type != TOK_QUOTED_IDENTIFIER)
        {
          unexpected (p, key, "a key", error);
          return NULL;
        }
      parser_advance (p);
      if (!expect (p, TOK_COLON, "“:”", error) ||
          (value = parse_expression (p, 0, error)) == NULL)
        return NULL;
      g_ptr_array_add (node->keys, g_strdup (key->name));
      node_add_item (node, value);
      if (peek_type (p, 0) == TOK_RBRACE)
        {
          parser_advance (p);
          return g_steal_pointer (&node);
        }
      if (!expect (p, TOK_COMMA, "“,” or “}”", error))
        return NULL;
    }
}

static Node *
parse_dot_rhs (Parser  *p,
               guint    rbp,
               GError **error)
{
  const Token *token = parser_peek (p, 0);

  switch (token->type)
    {
    case TOK_UNQUOTED_IDENTIFIER:
    case TOK_QUOTED_IDENTIFIER:
    case TOK_STAR:
      return parse_expression (p, rbp, error);
    case TOK_LBRACKET:
      parser_advance (p);
      return parse_multi_select_list (p, token->start, error);
    case TOK_LBRACE:
      parser_advance (p);
      return parse_multi_select_hash (p, token->start, error);
    default:
      unexpected (p, token, "an identifier, “*”, “[” or “{” after “.”", error);
      return NULL;
    }
}

/* What a projection applies to each element. */
static Node *
parse_projection_rhs (Parser  *p,
                      guint    rbp,
                      GError **error)
{
  const Token *token = parser_peek (p, 0);

  if (binding_power[token->type] < PROJECTION_STOP)
    return node_current (token->start);
  switch (token->type)
    {
    case TOK_LBRACKET:
    case TOK_FILTER:
      return parse_expression (p, rbp, error);
    case TOK_DOT:
      parser_advance (p);
      return parse_dot_rhs (p, rbp, error);
    default:
      unexpected (p, token, "“.”, “[” or “[?”", error);
      return NULL;
    }
}

/* Takes @left. */
static Node *
parse_projection (Parser    *p,
                  NodeType   type,
                  Node      *left,
                  TokenType  binding,
                  gsize      offset,
                  GError   **error)
{
  g_autoptr(Node) base = left;
  Node *right = parse_projection_rhs (p, binding_power[binding], error);

  if (right == NULL)
    return NULL;
  return node_new (type, offset, g_steal_pointer (&base), right);
}

/* Takes @left. */
static Node *
parse_flatten (Parser  *p,
               Node    *left,
               gsize    offset,
               GError **error)
{
  Node *flat = node_new (NODE_FLATTEN, offset, left, NULL);

  return parse_projection (p, NODE_PROJECTION, flat, TOK_FLATTEN, offset, error);
}

/* After `[?`; takes @left. */
static Node *
parse_filter (Parser  *p,
              Node    *left,
              gsize    offset,
              GError **error)
{
  g_autoptr(Node) base = left;
  g_autoptr(Node) condition = parse_expression (p, 0, error);
  Node *node;

  if (condition == NULL || !expect (p, TOK_RBRACKET, "“]”", error))
    return NULL;
  node = parse_projection (p, NODE_FILTER_PROJECTION, g_steal_pointer (&base),
                           TOK_FILTER, offset, error);
  if (node == NULL)
    return NULL;
  node->condition = g_steal_pointer (&condition);
  node->depth = MAX (node->depth, 1 + node->condition->depth);
  return node;
}

static Node *
parse_slice (Parser  *p,
             gsize    offset,
             GError **error)
{
  g_autoptr(Node) node = node_new (NODE_SLICE, offset, NULL, NULL);
  guint part = 0;

  for (;;)
    {
      const Token *token = parser_advance (p);

      if (token->type == TOK_RBRACKET)
        break;
      if (token->type == TOK_COLON && part < 2)
        part++;
      else if (token->type == TOK_NUMBER && !node->has_bound[part])
        {
          node->bounds[part] = token->number;
          node->has_bound[part] = TRUE;
        }
      else
        {
          unexpected (p, token, part < 2 ? "a number, “:” or “]”" : "a number or “]”", error);
          return NULL;
        }
    }
  if (node->has_bound[2] && node->bounds[2] == 0)
    {
      parser_error (p, offset, GAWS_JMESPATH_ERROR_INVALID_VALUE, error,
                    "the step of a slice cannot be 0");
      return NULL;
    }
  return g_steal_pointer (&node);
}

/* After a `[` followed by a number or `:`. */
static Node *
parse_index (Parser  *p,
             gsize    offset,
             GError **error)
{
  const Token *number;
  Node *node;

  if (peek_type (p, 0) == TOK_COLON || peek_type (p, 1) == TOK_COLON)
    return parse_slice (p, offset, error);
  number = parser_advance (p);
  if (!expect (p, TOK_RBRACKET, "“:” or “]”", error))
    return NULL;
  node = node_new (NODE_INDEX, offset, NULL, NULL);
  node->bounds[0] = number->number;
  return node;
}

/* An index applies to @left (the current node when %NULL); a slice also
 * projects what follows over the elements it keeps. Takes @left. */
static Node *
parse_index_of (Parser  *p,
                Node    *left,
                gsize    offset,
                GError **error)
{
  g_autoptr(Node) base = left;
  Node *index = parse_index (p, offset, error);
  gboolean is_slice;

  if (index == NULL)
    return NULL;
  is_slice = index->type == NODE_SLICE;
  if (base != NULL)
    index = node_compose (NODE_CHAIN, g_steal_pointer (&base), index);
  if (!is_slice)
    return index;
  return parse_projection (p, NODE_PROJECTION, index, TOK_STAR, offset, error);
}

static Node *
parse_nud_lbracket (Parser      *p,
                    const Token *bracket,
                    GError     **error)
{
  TokenType next = peek_type (p, 0);

  if (next == TOK_NUMBER || next == TOK_COLON)
    return parse_index_of (p, NULL, bracket->start, error);
  if (next == TOK_STAR && peek_type (p, 1) == TOK_RBRACKET)
    {
      parser_advance (p);
      parser_advance (p);
      return parse_projection (p, NODE_PROJECTION, node_current (bracket->start),
                               TOK_STAR, bracket->start, error);
    }
  return parse_multi_select_list (p, bracket->start, error);
}

static Node *
parse_parenthesized (Parser  *p,
                     GError **error)
{
  g_autoptr(Node) node = parse_expression (p, 0, error);

  if (node == NULL || !expect (p, TOK_RPAREN, "“)”", error))
    return NULL;
  return g_steal_pointer (&node);
}

static Node *
parse_unary (Parser      *p,
             NodeType     type,
             const Token *token,
             GError     **error)
{
  Node *operand = parse_expression (p, binding_power[token->type], error);

  return operand != NULL ? node_new (type, token->start, operand, NULL) : NULL;
}

static Node *
parse_identifier (Parser      *p,
                  const Token *token,
                  GError     **error)
{
  Node *node;

  if (token->type == TOK_QUOTED_IDENTIFIER && peek_type (p, 0) == TOK_LPAREN)
    {
      parser_error (p, token->start, GAWS_JMESPATH_ERROR_SYNTAX, error,
                    "a function name cannot be quoted");
      return NULL;
    }
  node = node_new (NODE_FIELD, token->start, NULL, NULL);
  node->name = g_strdup (token->name);
  return node;
}

/* A token at the start of an expression. */
static Node *
parse_nud (Parser  *p,
           GError **error)
{
  const Token *token = parser_advance (p);
  Node *node;

  switch (token->type)
    {
    case TOK_LITERAL:
      node = node_new (NODE_LITERAL, token->start, NULL, NULL);
      node->literal = json_incref (token->literal);
      return node;
    case TOK_UNQUOTED_IDENTIFIER:
    case TOK_QUOTED_IDENTIFIER:
      return parse_identifier (p, token, error);
    case TOK_CURRENT:
      return node_current (token->start);
    case TOK_STAR:
      return parse_projection (p, NODE_VALUE_PROJECTION, node_current (token->start),
                               TOK_STAR, token->start, error);
    case TOK_FLATTEN:
      return parse_flatten (p, node_current (token->start), token->start, error);
    case TOK_FILTER:
      return parse_filter (p, node_current (token->start), token->start, error);
    case TOK_LBRACKET:
      return parse_nud_lbracket (p, token, error);
    case TOK_LBRACE:
      return parse_multi_select_hash (p, token->start, error);
    case TOK_LPAREN:
      return parse_parenthesized (p, error);
    case TOK_NOT:
      return parse_unary (p, NODE_NOT, token, error);
    case TOK_EXPREF:
      return parse_unary (p, NODE_EXPREF, token, error);
    default:
      unexpected (p, token, NULL, error);
      return NULL;
    }
}

/* Takes @left. */
static Node *
parse_binary (Parser      *p,
              Node        *left,
              const Token *operator,
              GError     **error)
{
  g_autoptr(Node) first = left;
  Node *second = parse_expression (p, binding_power[operator->type], error);
  Node *node;

  if (second == NULL)
    return NULL;
  switch (operator->type)
    {
    case TOK_PIPE:
      return node_compose (NODE_CHAIN, g_steal_pointer (&first), second);
    case TOK_OR:
      return node_compose (NODE_OR, g_steal_pointer (&first), second);
    case TOK_AND:
      return node_compose (NODE_AND, g_steal_pointer (&first), second);
    default:
      node = node_new (NODE_COMPARATOR, operator->start, g_steal_pointer (&first), second);
      node->comparator = operator->type;
      return node;
    }
}

/* Takes @left. */
static Node *
parse_led_dot (Parser      *p,
               Node        *left,
               const Token *dot,
               GError     **error)
{
  Node *right;

  if (peek_type (p, 0) == TOK_STAR)
    {
      parser_advance (p);
      return parse_projection (p, NODE_VALUE_PROJECTION, left, TOK_DOT, dot->start, error);
    }
  right = parse_dot_rhs (p, binding_power[TOK_DOT], error);
  if (right == NULL)
    {
      node_free (left);
      return NULL;
    }
  return node_compose (NODE_CHAIN, left, right);
}

/* Takes @left. */
static Node *
parse_led_lbracket (Parser      *p,
                    Node        *left,
                    const Token *bracket,
                    GError     **error)
{
  TokenType next = peek_type (p, 0);

  if (next == TOK_NUMBER || next == TOK_COLON)
    return parse_index_of (p, left, bracket->start, error);
  if (!expect (p, TOK_STAR, "a number, “:” or “*”", error) ||
      !expect (p, TOK_RBRACKET, "“]”", error))
    {
      node_free (left);
      return NULL;
    }
  return parse_projection (p, NODE_PROJECTION, left, TOK_STAR, bracket->start, error);
}

/* Takes @left, the function's name. */
static Node *
parse_function_call (Parser      *p,
                     Node        *left,
                     const Token *paren,
                     GError     **error)
{
  g_autoptr(Node) name = left;
  g_autoptr(Node) call = NULL;

  if (name->type != NODE_FIELD)
    {
      parser_error (p, paren->start, GAWS_JMESPATH_ERROR_SYNTAX, error,
                    "only a function name can be called");
      return NULL;
    }
  call = node_new (NODE_FUNCTION, name->offset, NULL, NULL);
  if (peek_type (p, 0) == TOK_RPAREN)
    parser_advance (p);
  else
    for (;;)
      {
        Node *argument = parse_expression (p, 0, error);

        if (argument == NULL)
          return NULL;
        node_add_item (call, argument);
        if (peek_type (p, 0) == TOK_RPAREN)
          {
            parser_advance (p);
            break;
          }
        if (!expect (p, TOK_COMMA, "“,” or “)”", error))
          return NULL;
      }
  if (!resolve_function (p, call, name, error))
    return NULL;
  return g_steal_pointer (&call);
}

/* A token after an expression, @left, which it takes. */
static Node *
parse_led (Parser  *p,
           Node    *left,
           GError **error)
{
  const Token *token = parser_advance (p);

  switch (token->type)
    {
    case TOK_DOT:
      return parse_led_dot (p, left, token, error);
    case TOK_PIPE:
    case TOK_OR:
    case TOK_AND:
    case TOK_EQ:
    case TOK_NE:
    case TOK_LT:
    case TOK_LTE:
    case TOK_GT:
    case TOK_GTE:
      return parse_binary (p, left, token, error);
    case TOK_LBRACKET:
      return parse_led_lbracket (p, left, token, error);
    case TOK_FLATTEN:
      return parse_flatten (p, left, token->start, error);
    case TOK_FILTER:
      return parse_filter (p, left, token->start, error);
    case TOK_LPAREN:
      return parse_function_call (p, left, token, error);
    default:
      node_free (left);
      unexpected (p, token, NULL, error);
      return NULL;
    }
}

static Node *
parse_expression (Parser  *p,
                  guint    rbp,
                  GError **error)
{
  g_autoptr(Node) left = NULL;

  if (p->depth >= MAX_PARSE_DEPTH)
    {
      parser_error (p, parser_peek (p, 0)->start, GAWS_JMESPATH_ERROR_SYNTAX, error,
                    "expression nested too deeply");
      return NULL;
    }
  p->depth++;
  left = parse_nud (p, error);
  while (left != NULL && left->depth <= MAX_TREE_DEPTH &&
         rbp < binding_power[peek_type (p, 0)])
    left = parse_led (p, g_steal_pointer (&left), error);
  p->depth--;
  if (left != NULL && left->depth > MAX_TREE_DEPTH)
    {
      parser_error (p, parser_peek (p, 0)->start, GAWS_JMESPATH_ERROR_SYNTAX, error,
                    "expression nested too deeply");
      return NULL;
    }
  return g_steal_pointer (&left);
}

static Node *
parse (const char  *expression,
       GError     **error)
{
  Parser p = { expression, NULL, 0, 0 };
  g_autoptr(Node) root = NULL;
  const char *invalid;

  if (!g_utf8_validate (expression, -1, &invalid))
    {
      parser_error (&p, (gsize) (invalid - expression), GAWS_JMESPATH_ERROR_SYNTAX, error,
                    "invalid UTF-8");
      return NULL;
    }
  if (tokenize (&p, error))
    {
      root = parse_expression (&p, 0, error);
      if (root != NULL && peek_type (&p, 0) != TOK_EOF)
        {
          unexpected (&p, parser_peek (&p, 0), NULL, error);
          g_clear_pointer (&root, node_free);
        }
    }
  g_array_unref (p.tokens);
  return g_steal_pointer (&root);
}

/* ---- values ------------------------------------------------------------ */

static const char *
type_name (const json_t *value)
{
  switch (json_typeof (value))
    {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER:
    case JSON_REAL: return "number";
    case JSON_TRUE:
    case JSON_FALSE: return "boolean";
    case JSON_NULL:
    default: return "null";
    }
}

static gboolean
is_truthy (const json_t *value)
{
  switch (json_typeof (value))
    {
    case JSON_NULL:
    case JSON_FALSE: return FALSE;
    case JSON_STRING: return json_string_length (value) > 0;
    case JSON_ARRAY: return json_array_size (value) > 0;
    case JSON_OBJECT: return json_object_size (value) > 0;
    default: return TRUE;
    }
}

static int
compare_order (double a,
               double b)
{
  return (a > b) - (a < b);
}

/* Exact, where converting the integer to a double could round. */
static int
compare_integer_real (json_int_t integer,
                      double     real)
{
  double whole;

  if (real >= 9223372036854775808.0)
    return -1;
  if (real < -9223372036854775808.0)
    return 1;
  whole = floor (real);
  if (integer != (json_int_t) whole)
    return integer < (json_int_t) whole ? -1 : 1;
  return whole < real ? -1 : 0;
}

/* jansson keeps integers and reals apart; JMESPath has only numbers, and
 * `1` equals `1.0`. */
static int
compare_numbers (const json_t *a,
                 const json_t *b)
{
  if (json_is_integer (a) && json_is_integer (b))
    {
      json_int_t x = json_integer_value (a), y = json_integer_value (b);
      return (x > y) - (x < y);
    }
  if (json_is_integer (a))
    return compare_integer_real (json_integer_value (a), json_real_value (b));
  if (json_is_integer (b))
    return -compare_integer_real (json_integer_value (b), json_real_value (a));
  return compare_order (json_real_value (a), json_real_value (b));
}

/* UTF-8 byte order is code point order, the order the specification asks. */
static int
compare_strings (const json_t *a,
                 const json_t *b)
{
  gsize length_a = json_string_length (a), length_b = json_string_length (b);
  int order = memcmp (json_string_value (a), json_string_value (b), MIN (length_a, length_b));

  if (order != 0)
    return order < 0 ? -1 : 1;
  return (length_a > length_b) - (length_a < length_b);
}

/* For sort() and friends, whose arguments are checked to be all numbers or
 * all strings. */
static int
compare_sortable (const json_t *a,
                  const json_t *b)
{
  return json_is_string (a) ? compare_strings (a, b) : compare_numbers (a, b);
}

static void
set_too_deep (GError **error)
{
  set_error (error, GAWS_JMESPATH_ERROR_INVALID_VALUE,
             "value nested more than %d levels deep", MAX_VALUE_DEPTH);
}

static gboolean values_equal (json_t   *a,
                              json_t   *b,
                              guint     depth,
                              GError  **error);

static gboolean
arrays_equal (json_t   *a,
              json_t   *b,
              guint     depth,
              GError  **error)
{
  if (json_array_size (a) != json_array_size (b))
    return FALSE;
  for (gsize i = 0; i < json_array_size (a); i++)
    if (!values_equal (json_array_get (a, i), json_array_get (b, i), depth + 1, error))
      return FALSE;
  return TRUE;
}

static gboolean
objects_equal (json_t   *a,
               json_t   *b,
               guint     depth,
               GError  **error)
{
  const char *key;
  json_t *member, *other;

  if (json_object_size (a) != json_object_size (b))
    return FALSE;
  json_object_foreach (a, key, member)
    {
      other = json_object_get (b, key);
      if (other == NULL || !values_equal (member, other, depth + 1, error))
        return FALSE;
    }
  return TRUE;
}

/* Deep equality. Returns %FALSE with @error set when the values are too
 * deep to compare. */
static gboolean
values_equal (json_t   *a,
              json_t   *b,
              guint     depth,
              GError  **error)
{
  if (depth > MAX_VALUE_DEPTH)
    {
      set_too_deep (error);
      return FALSE;
    }
  if (json_is_number (a) && json_is_number (b))
    return compare_numbers (a, b) == 0;
  if (json_typeof (a) != json_typeof (b))
    return FALSE;
  switch (json_typeof (a))
    {
    case JSON_STRING: return compare_strings (a, b) == 0;
    case JSON_ARRAY: return arrays_equal (a, b, depth, error);
    case JSON_OBJECT: return objects_equal (a, b, depth, error);
    default: return TRUE;
    }
}

static void
append_string (GString    *out,
               const char *text,
               gsize       length)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) text[i];
      const char *escape = strchr ("\"\\\b\f\n\r\t", c);

      if (c != '\0' && escape != NULL)
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, "\"\\bfnrt"[escape - "\"\\\b\f\n\r\t"]);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* The shortest text that reads back as the same double, as jmespath.py
 * (Python's repr) writes it: jansson would write 1.2 as 1.19999999999999996. */
static void
append_real (GString *out,
             double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
  if (strpbrk (buffer, ".e") == NULL)
    g_string_append (out, ".0");
}

static gboolean append_value (GString  *out,
                              json_t   *value,
                              guint     depth,
                              GError  **error);

static gboolean
append_array (GString  *out,
              json_t   *array,
              guint     depth,
              GError  **error)
{
  g_string_append_c (out, '[');
  for (gsize i = 0; i < json_array_size (array); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if (!append_value (out, json_array_get (array, i), depth + 1, error))
        return FALSE;
    }
  g_string_append_c (out, ']');
  return TRUE;
}

static gboolean
append_object (GString  *out,
               json_t   *object,
               guint     depth,
               GError  **error)
{
  const char *key;
  json_t *member;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_foreach (object, key, member)
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_string (out, key, strlen (key));
      g_string_append_c (out, ':');
      if (!append_value (out, member, depth + 1, error))
        return FALSE;
    }
  g_string_append_c (out, '}');
  return TRUE;
}

/* Compact JSON, keys in insertion order, as to_string() must give it. */
static gboolean
append_value (GString  *out,
              json_t   *value,
              guint     depth,
              GError  **error)
{
  if (depth > MAX_VALUE_DEPTH)
    {
      set_too_deep (error);
      return FALSE;
    }
  switch (json_typeof (value))
    {
    case JSON_OBJECT: return append_object (out, value, depth, error);
    case JSON_ARRAY: return append_array (out, value, depth, error);
    case JSON_STRING:
      append_string (out, json_string_value (value), json_string_length (value));
      break;
    case JSON_INTEGER:
      g_string_append_printf (out, "%" JSON_INTEGER_FORMAT, json_integer_value (value));
      break;
    case JSON_REAL:
      append_real (out, json_real_value (value));
      break;
    case JSON_TRUE:
      g_string_append (out, "true");
      break;
    case JSON_FALSE:
      g_string_append (out, "false");
      break;
    case JSON_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
  return TRUE;
}

/* JSON has no infinities nor NaN, and jansson refuses to hold them. */
static json_t *
new_real (double   value,
          GError **error)
{
  if (!isfinite (value))
    {
      set_error (error, GAWS_JMESPATH_ERROR_INVALID_VALUE, "number out of range");
      return NULL;
    }
  return json_real (value);
}

/* ceil() and floor() give whole numbers: integers, when they fit. */
static json_t *
new_whole_number (double   value,
                  GError **error)
{
  if (value >= -9223372036854775808.0 && value < 9223372036854775808.0)
    return json_integer ((json_int_t) value);
  return new_real (value, error);
}

/* Literals belong to the compiled expression, which threads may share and
 * which must not change: results get copies. */
static json_t *
copy_literal (json_t *literal)
{
  if (json_is_array (literal) || json_is_object (literal))
    return json_deep_copy (literal);
  return json_copy (literal);
}

/* ---- functions --------------------------------------------------------- */

typedef enum {
  ARG_NUMBER       = 1 << 0,
  ARG_STRING       = 1 << 1,
  ARG_BOOLEAN      = 1 << 2,
  ARG_ARRAY        = 1 << 3,
  ARG_OBJECT       = 1 << 4,
  ARG_NULL         = 1 << 5,
  ARG_EXPREF       = 1 << 6,
  ARG_ARRAY_NUMBER = 1 << 7,
  ARG_ARRAY_STRING = 1 << 8,
  ARG_ANY          = ARG_NUMBER | ARG_STRING | ARG_BOOLEAN | ARG_ARRAY | ARG_OBJECT | ARG_NULL,
} ArgType;

typedef struct {
  json_t     *value;   /* borrowed; NULL for an expression reference */
  const Node *expref;  /* the expression after `&`, or NULL */
} Arg;

typedef json_t *(*FunctionCall) (const Function *function,
                                 const Arg      *args,
                                 guint           n_args,
                                 GError        **error);

struct _Function {
  const char   *name;
  guint         n_params;
  gboolean      variadic;   /* the last parameter repeats */
  guint         params[2];  /* ArgType masks */
  FunctionCall  call;
};

static json_t *eval (const Node  *node,
                     json_t      *value,
                     GError     **error);

static json_t *
fn_abs (const Function *function, const Arg *args, guint n_args, GError **error)
{
  json_t *number = args[0].value;
  json_int_t integer;

  if (json_is_real (number))
    return json_real (fabs (json_real_value (number)));
  integer = json_integer_value (number);
  if (integer == G_MININT64)
    return json_real (-(double) integer);
  return json_integer (integer < 0 ? -integer : integer);
}

static json_t *
fn_avg (const Function *function, const Arg *args, guint n_args, GError **error)
{
  json_t *numbers = args[0].value;
  double sum = 0;

  if (json_array_size (numbers) == 0)
    return json_null ();
  for (gsize i = 0; i < json_array_size (numbers); i++)
    sum += json_number_value (json_array_get (numbers, i));
  return new_real (sum / (double) json_array_size (numbers), error);
}

static json_t *
fn_ceil (const Function *function, const Arg *args, guint n_args, GError **error)
{
  if (json_is_integer (args[0].value))
    return json_incref (args[0].value);
  return new_whole_number (ceil (json_real_value (args[0].value)), error);
}

static json_t *
fn_floor (const Function *function, const Arg *args, guint n_args, GError **error)
{
  if (json_is_integer (args[0].value))
    return json_incref (args[0].value);
  return new_whole_number (floor (json_real_value (args[0].value)), error);
}

static gboolean
string_contains (const json_t *haystack,
                 const json_t *needle)
{
  gsize length = json_string_length (haystack), needle_length = json_string_length (needle);
  const char *text = json_string_value (haystack);

  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (text + i, json_string_value (needle), needle_length) == 0)
      return TRUE;
  return FALSE;
}

static json_t *
fn_contains (const Function *function, const Arg *args, guint n_args, GError **error)
{
  json_t *subject = args[0].value, *search = args[1].value;

  if (json_is_string (subject))
    return json_boolean (json_is_string (search) && string_contains (subject, search));
  for (gsize i = 0; i < json_array_size (subject); i++)
    {
      GError *local_error = NULL;
      gboolean equal = values_equal (json_array_get (subject, i), search, 0, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (equal)
        return json_true ();
    }
  return json_false ();
}

static json_t *
fn_ends_with (const Function *function, const Arg *args, guint n_args, GError **error)
{
  gsize length = json_string_length (args[0].value);
  gsize suffix_length = json_string_length (args[1].value);

  return json_boolean (suffix_length <= length &&
                       memcmp (json_string_value (args[0].value) + length - suffix_length,
                               json_string_value (args[1].value), suffix_length) == 0);
}

static json_t *
fn_starts_with (const Function *function, const Arg *args, guint n_args, GError **error)
{
  gsize length = json_string_length (args[0].value);
  gsize prefix_length = json_string_length (args[1].value);

  return json_boolean (prefix_length <= length &&
                       memcmp (json_string_value (args[0].value),
                               json_string_value (args[1].value), prefix_length) == 0);
}

static json_t *
fn_join (const Function *function, const Arg *args, guint n_args, GError **error)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  json_t *strings = args[1].value;

  for (gsize i = 0; i < json_array_size (strings); i++)
    {
      json_t *string = json_array_get (strings, i);

      if (i > 0)
        g_string_append_len (joined, json_string_value (args[0].value),
                             (gssize) json_string_length (args[0].value));
      g_string_append_len (joined, json_string_value (string), (gssize) json_string_length (string));
    }
  return json_stringn (joined->str, joined->len);
}

static json_t *
fn_keys (const Function *function, const Arg *args, guint n_args, GError **error)
{
  json_t *keys = json_array ();
  const char *key;
  json_t *member;

  json_object_foreach (args[0].value, key, member)
    json_array_append_new (keys, json_string (key));
  return keys;
}

static json_t *
fn_values (const Function *function, const Arg *args, guint n_args, GError **error)
{
  json_t *values = json_array ();
  const char *key;
  json_t *member;

  json_object_foreach (args[0].value, key, member)
    json_array_append (values, member);
  return values;
}

static json_t *
fn_length (const Function *function, const Arg *args, guint n_args, GError **error)
{
  json_t *subject = args[0].value;

  if (json_is_string (subject))
    return json_integer (g_utf8_strlen (json_string_value (subject),
                                        (gssize) json_string_length (subject)));
  if (json_is_array (subject))
    return json_integer ((json_int_t) json_array_size (subject));
  return json_integer ((json_int_t) json_object_size (subject));
}

static json_t *
fn_map (const Function *function, const Arg *args, guint n_args, GError **error)
{
  g_autoptr(JsonValue) mapped = json_array ();
  json_t *array = args[1].value;

  for (gsize i = 0; i < json_array_size (array); i++)
    {
      json_t *result = eval (args[0].expref, json_array_get (array, i), error);

      if (result == NULL)
        return NULL;
      json_array_append_new (mapped, result);
    }
  return g_steal_pointer (&mapped);
}

/* The first of the greatest (@sign 1) or least (@sign -1) elements. */
static json_t *
pick_extreme (json_t *array,
              int     sign)
{
  json_t *best = NULL;

  for (gsize i = 0; i < json_array_size (array); i++)
    {
      json_t *element = json_array_get (array, i);

      if (best == NULL || compare_sortable (element, best) * sign > 0)
        best = element;
    }
  return best != NULL ? json_incref (best) : json_null ();
}

static json_t *
fn_max (const Function *function, const Arg *args, guint n_args, GError **error)
{
  return pick_extreme (args[0].value, 1);
}

static json_t *
fn_min (const Function *function, const Arg *args, guint n_args, GError **error)
{
  return pick_extreme (args[0].value, -1);
}

typedef struct {
  json_t *key;      /* owned */
  json_t *element;  /* borrowed */
} Keyed;

static void
keyed_clear (gpointer data)
{
  json_decref (((Keyed *) data)->key);
}

/* Evaluates the expression of max_by(), min_by() or sort_by() on each
 * element: the keys must be all numbers or all strings. */
static GArray *
keyed_new (const Function *function,
           const Arg      *args,
           GError        **error)
{
  json_t *array = args[0].value;
  g_autoptr(GArray) keyed = g_array_sized_new (FALSE, FALSE, sizeof (Keyed), (guint) json_array_size (array));

  g_array_set_clear_func (keyed, keyed_clear);
  for (gsize i = 0; i < json_array_size (array); i++)
    {
      Keyed item = { NULL, json_array_get (array, i) };

      item.key = eval (args[1].expref, item.element, error);
      if (item.key == NULL)
        return NULL;
      g_array_append_val (keyed, item);
      if ((!json_is_number (item.key) && !json_is_string (item.key)) ||
          (i > 0 && json_is_string (item.key) != json_is_string (g_array_index (keyed, Keyed, 0).key)))
        {
          set_error (error, GAWS_JMESPATH_ERROR_INVALID_TYPE,
                     "%s(): the expression must give all numbers or all strings, "
                     "but gave %s for element %" G_GSIZE_FORMAT,
                     function->name, type_name (item.key), i);
          return NULL;
        }
    }
  return g_steal_pointer (&keyed);
}

static json_t *
pick_extreme_by (const Function *function,
                 const Arg      *args,
                 int             sign,
                 GError        **error)
{
  g_autoptr(GArray) keyed = keyed_new (function, args, error);
  Keyed *best = NULL;

  if (keyed == NULL)
    return NULL;
  for (guint i = 0; i < keyed->len; i++)
    {
      Keyed *item = &g_array_index (keyed, Keyed, i);

      if (best == NULL || compare_sortable (item->key, best->key) * sign > 0)
        best = item;
    }
  return best != NULL ? json_incref (best->element) : json_null ();
}

static json_t *
fn_max_by (const Function *function, const Arg *args, guint n_args, GError **error)
{
  return pick_extreme_by (function, args, 1, error);
}

static json_t *
fn_min_by (const Function *function, const Arg *args, guint n_args, GError **error)
{
  return pick_extreme_by (function, args, -1, error);
}

static gint
compare_keyed (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return compare_sortable (((const Keyed *) a)->key, ((const Keyed *) b)->key);
}

/* g_qsort_with_data() is a stable merge sort, as sort_by() must be. */
static json_t *
fn_sort_by (const Function *function, const Arg *args, guint n_args, GError **error)
{
  g_autoptr(GArray) keyed = keyed_new (function, args, error);
  json_t *sorted;

  if (keyed == NULL)
    return NULL;
  g_qsort_with_data (keyed->data, (gint) keyed->len, sizeof (Keyed), compare_keyed, NULL);
  sorted = json_array ();
  for (guint i = 0; i < keyed->len; i++)
    json_array_append (sorted, g_array_index (keyed, Keyed, i).element);
  return sorted;
}

static gint
compare_elements (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return compare_sortable (*(json_t * const *) a, *(json_t * const *) b);
}

static json_t *
fn_sort (const Function *function, const Arg *args, guint n_args, GError **error)
{
  json_t *array = args[0].value;
  gsize length = json_array_size (array);
  g_autofree json_t **elements = g_new (json_t *, MAX (length, 1));
  json_t *sorted = json_array ();

  for (gsize i = 0; i < length; i++)
    elements[i] = json_array_get (array, i);
  g_qsort_with_data (elements, (gint) length, sizeof (json_t *), compare_elements, NULL);
  for (gsize i = 0; i < length; i++)
    json_array_append (sorted, elements[i]);
  return sorted;
}

static json_t *
fn_merge (const Function *function, const Arg *args, guint n_args, GError **error)
{
  json_t *merged = json_object ();

  for (guint i = 0; i < n_args; i++)
    json_object_update (merged, args[i].value);
  return merged;
}

static json_t *
fn_not_null (const Function *function, const Arg *args, guint n_args, GError **error)
{
  for (guint i = 0; i < n_args; i++)
    if (!json_is_null (args[i].value))
      return json_incref (args[i].value);
  return json_null ();
}

static json_t *
fn_reverse (const Function *function, const Arg *args, guint n_args, GError **error)
{
  json_t *subject = args[0].value;
  json_t *reversed;

  if (json_is_string (subject))
    {
      g_autofree char *text = g_utf8_strreverse (json_string_value (subject),
                                                 (gssize) json_string_length (subject));
      return json_stringn (text, json_string_length (subject));
    }
  reversed = json_array ();
  for (gsize i = json_array_size (subject); i > 0; i--)
    json_array_append (reversed, json_array_get (subject, i - 1));
  return reversed;
}

static json_t *
sum_reals (json_t  *numbers,
           GError **error)
{
  double sum = 0;

  for (gsize i = 0; i < json_array_size (numbers); i++)
    sum += json_number_value (json_array_get (numbers, i));
  return new_real (sum, error);
}

/* Integers sum to an integer, unless the sum overflows. */
static json_t *
fn_sum (const Function *function, const Arg *args, guint n_args, GError **error)
{
  json_t *numbers = args[0].value;
  json_int_t sum = 0;

  for (gsize i = 0; i < json_array_size (numbers); i++)
    {
      json_t *number = json_array_get (numbers, i);

      if (!json_is_integer (number) ||
          __builtin_add_overflow (sum, json_integer_value (number), &sum))
        return sum_reals (numbers, error);
    }
  return json_integer (sum);
}

static json_t *
fn_to_array (const Function *function, const Arg *args, guint n_args, GError **error)
{
  json_t *array;

  if (json_is_array (args[0].value))
    return json_incref (args[0].value);
  array = json_array ();
  json_array_append (array, args[0].value);
  return array;
}

static json_t *
fn_to_string (const Function *function, const Arg *args, guint n_args, GError **error)
{
  g_autoptr(GString) text = NULL;

  if (json_is_string (args[0].value))
    return json_incref (args[0].value);
  text = g_string_new (NULL);
  if (!append_value (text, args[0].value, 0, error))
    return NULL;
  return json_stringn (text->str, text->len);
}

/* What Python's float() reads beyond JSON numbers: `.5`, `5.`, `+5`. */
static json_t *
number_from_float_text (const char *text)
{
  char *end;
  double value;

  if (text[strspn (text, "0123456789+-.eE \t\n\r")] != '\0')
    return json_null ();
  value = g_ascii_strtod (text, &end);
  while (g_ascii_isspace (*end))
    end++;
  if (end == text || *end != '\0' || !isfinite (value))
    return json_null ();
  return json_real (value);
}

static json_t *
fn_to_number (const Function *function, const Arg *args, guint n_args, GError **error)
{
  json_t *subject = args[0].value;
  json_t *number;
  json_error_t ignored;

  if (json_is_number (subject))
    return json_incref (subject);
  if (!json_is_string (subject))
    return json_null ();
  number = parse_json_text (json_string_value (subject), json_string_length (subject), &ignored);
  if (number != NULL && json_is_number (number))
    return number;
  if (number != NULL)
    json_decref (number);
  return number_from_float_text (json_string_value (subject));
}

static json_t *
fn_type (const Function *function, const Arg *args, guint n_args, GError **error)
{
  return json_string (type_name (args[0].value));
}

/* Sorted by name, for bsearch(). */
static const Function functions[] = {
  { "abs",         1, FALSE, { ARG_NUMBER },                          fn_abs },
  { "avg",         1, FALSE, { ARG_ARRAY_NUMBER },                    fn_avg },
  { "ceil",        1, FALSE, { ARG_NUMBER },                          fn_ceil },
  { "contains",    2, FALSE, { ARG_ARRAY | ARG_STRING, ARG_ANY },     fn_contains },
  { "ends_with",   2, FALSE, { ARG_STRING, ARG_STRING },              fn_ends_with },
  { "floor",       1, FALSE, { ARG_NUMBER },                          fn_floor },
  { "join",        2, FALSE, { ARG_STRING, ARG_ARRAY_STRING },        fn_join },
  { "keys",        1, FALSE, { ARG_OBJECT },                          fn_keys },
  { "length",      1, FALSE, { ARG_STRING | ARG_ARRAY | ARG_OBJECT }, fn_length },
  { "map",         2, FALSE, { ARG_EXPREF, ARG_ARRAY },               fn_map },
  { "max",         1, FALSE, { ARG_ARRAY_NUMBER | ARG_ARRAY_STRING }, fn_max },
  { "max_by",      2, FALSE, { ARG_ARRAY, ARG_EXPREF },               fn_max_by },
  { "merge",       1, TRUE,  { ARG_OBJECT },                          fn_merge },
  { "min",         1, FALSE, { ARG_ARRAY_NUMBER | ARG_ARRAY_STRING }, fn_min },
  { "min_by",      2, FALSE, { ARG_ARRAY, ARG_EXPREF },               fn_min_by },
  { "not_null",    1, TRUE,  { ARG_ANY },                             fn_not_null },
  { "reverse",     1, FALSE, { ARG_ARRAY | ARG_STRING },              fn_reverse },
  { "sort",        1, FALSE, { ARG_ARRAY_NUMBER | ARG_ARRAY_STRING }, fn_sort },
  { "sort_by",     2, FALSE, { ARG_ARRAY, ARG_EXPREF },               fn_sort_by },
  { "starts_with", 2, FALSE, { ARG_STRING, ARG_STRING },              fn_starts_with },
  { "sum",         1, FALSE, { ARG_ARRAY_NUMBER },                    fn_sum },
  { "to_array",    1, FALSE, { ARG_ANY },                             fn_to_array },
  { "to_number",   1, FALSE, { ARG_ANY },                             fn_to_number },
  { "to_string",   1, FALSE, { ARG_ANY },                             fn_to_string },
  { "type",        1, FALSE, { ARG_ANY },                             fn_type },
  { "values",      1, FALSE, { ARG_OBJECT },                          fn_values },
};

static int
compare_function_name (const void *key,
                       const void *function)
{
  return strcmp (key, ((const Function *) function)->name);
}

/* Unknown functions and wrong argument counts are found when compiling:
 * an expression that can never run should not wait for data to say so. */
static gboolean
resolve_function (const Parser *p,
                  Node         *call,
                  const Node   *name,
                  GError      **error)
{
  const Function *function = bsearch (name->name, functions, G_N_ELEMENTS (functions),
                                      sizeof (Function), compare_function_name);
  guint n_args = call->items != NULL ? call->items->len : 0;

  if (function == NULL)
    {
      parser_error (p, name->offset, GAWS_JMESPATH_ERROR_UNKNOWN_FUNCTION, error,
                    "unknown function %s()", name->name);
      return FALSE;
    }
  if (n_args < function->n_params || (!function->variadic && n_args > function->n_params))
    {
      parser_error (p, name->offset, GAWS_JMESPATH_ERROR_INVALID_ARITY, error,
                    "%s() takes %s%u argument%s but %u %s given", function->name,
                    function->variadic ? "at least " : "", function->n_params,
                    function->n_params == 1 ? "" : "s", n_args, n_args == 1 ? "was" : "were");
      return FALSE;
    }
  call->function = function;
  return TRUE;
}

static gboolean
array_elements_are (json_t    *array,
                    json_type  type,
                    json_type  or_type)
{
  for (gsize i = 0; i < json_array_size (array); i++)
    {
      json_type element_type = json_typeof (json_array_get (array, i));

      if (element_type != type && element_type != or_type)
        return FALSE;
    }
  return TRUE;
}

static gboolean
arg_matches (guint      types,
             const Arg *arg)
{
  if (arg->expref != NULL)
    return (types & ARG_EXPREF) != 0;
  switch (json_typeof (arg->value))
    {
    case JSON_INTEGER:
    case JSON_REAL: return (types & ARG_NUMBER) != 0;
    case JSON_STRING: return (types & ARG_STRING) != 0;
    case JSON_TRUE:
    case JSON_FALSE: return (types & ARG_BOOLEAN) != 0;
    case JSON_OBJECT: return (types & ARG_OBJECT) != 0;
    case JSON_NULL: return (types & ARG_NULL) != 0;
    case JSON_ARRAY:
    default:
      return (types & ARG_ARRAY) != 0 ||
             ((types & ARG_ARRAY_NUMBER) != 0 && array_elements_are (arg->value, JSON_INTEGER, JSON_REAL)) ||
             ((types & ARG_ARRAY_STRING) != 0 && array_elements_are (arg->value, JSON_STRING, JSON_STRING));
    }
}

static char *
describe_types (guint types)
{
  static const char *const names[] = {
    "a number", "a string", "a boolean", "an array", "an object", "null",
    "an expression reference (&...)", "an array of numbers", "an array of strings",
  };
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_names = 0, n_total = (guint) __builtin_popcount (types);

  if (types == ARG_ANY)
    return g_strdup ("any value");
  for (guint bit = 0; bit < G_N_ELEMENTS (names); bit++)
    if (types & (1u << bit))
      {
        if (n_names > 0)
          g_string_append (text, n_names + 1 == n_total ? " or " : ", ");
        g_string_append (text, names[bit]);
        n_names++;
      }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
check_args (const Function *function,
            const Arg      *args,
            guint           n_args,
            GError        **error)
{
  for (guint i = 0; i < n_args; i++)
    {
      guint types = function->params[MIN (i, function->n_params - 1)];

      if (!arg_matches (types, &args[i]))
        {
          g_autofree char *expected = describe_types (types);
          set_error (error, GAWS_JMESPATH_ERROR_INVALID_TYPE,
                     "%s(): argument %u must be %s, not %s", function->name, i + 1, expected,
                     args[i].expref != NULL ? "an expression reference" : type_name (args[i].value));
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- evaluation -------------------------------------------------------- */

static json_t *
eval_field (const Node *node,
            json_t     *value)
{
  json_t *member = json_is_object (value) ? json_object_get (value, node->name) : NULL;

  return member != NULL ? json_incref (member) : json_null ();
}

static json_t *
eval_index (const Node *node,
            json_t     *value)
{
  gint64 index = node->bounds[0];
  gint64 length;

  if (!json_is_array (value))
    return json_null ();
  length = (gint64) json_array_size (value);
  if (index < 0)
    index += length;
  if (index < 0 || index >= length)
    return json_null ();
  return json_incref (json_array_get (value, (gsize) index));
}

/* Python's rules for slice bounds, which the specification copies. */
static gint64
slice_endpoint (gint64 endpoint,
                gint64 length,
                gint64 step)
{
  if (endpoint < 0)
    {
      endpoint += length;
      if (endpoint < 0)
        endpoint = step < 0 ? -1 : 0;
    }
  else if (endpoint >= length)
    endpoint = step < 0 ? length - 1 : length;
  return endpoint;
}

static json_t *
eval_slice (const Node *node,
            json_t     *value)
{
  gint64 length, step, start, stop;
  json_t *sliced;

  if (!json_is_array (value))
    return json_null ();
  length = (gint64) json_array_size (value);
  step = node->has_bound[2] ? node->bounds[2] : 1;
  start = node->has_bound[0] ? slice_endpoint (node->bounds[0], length, step) : (step < 0 ? length - 1 : 0);
  stop = node->has_bound[1] ? slice_endpoint (node->bounds[1], length, step) : (step < 0 ? -1 : length);
  sliced = json_array ();
  /* The bounds are clamped to MAX_INDEX, so i + step cannot overflow. */
  for (gint64 i = start; step > 0 ? i < stop : i > stop; i += step)
    json_array_append (sliced, json_array_get (value, (gsize) i));
  return sliced;
}

static json_t *
eval_chain (const Node *node,
            json_t     *value,
            GError    **error)
{
  json_t *current = json_incref (value);

  for (guint i = 0; i < node->items->len && current != NULL; i++)
    {
      json_t *next = eval (g_ptr_array_index (node->items, i), current, error);

      json_decref (current);
      current = next;
    }
  return current;
}

/* Projections drop the elements for which the projected expression is null. */
static gboolean
project_one (const Node *right,
             json_t     *element,
             json_t     *collected,
             GError    **error)
{
  json_t *projected = eval (right, element, error);

  if (projected == NULL)
    return FALSE;
  if (json_is_null (projected))
    json_decref (projected);
  else
    json_array_append_new (collected, projected);
  return TRUE;
}

static json_t *
eval_projection (const Node *node,
                 json_t     *value,
                 GError    **error)
{
  g_autoptr(JsonValue) base = eval (node->left, value, error);
  g_autoptr(JsonValue) collected = NULL;

  if (base == NULL)
    return NULL;
  if (!json_is_array (base))
    return json_null ();
  collected = json_array ();
  for (gsize i = 0; i < json_array_size (base); i++)
    if (!project_one (node->right, json_array_get (base, i), collected, error))
      return NULL;
  return g_steal_pointer (&collected);
}

static json_t *
eval_value_projection (const Node *node,
                       json_t     *value,
                       GError    **error)
{
  g_autoptr(JsonValue) base = eval (node->left, value, error);
  g_autoptr(JsonValue) collected = NULL;
  const char *key;
  json_t *member;

  if (base == NULL)
    return NULL;
  if (!json_is_object (base))
    return json_null ();
  collected = json_array ();
  json_object_foreach (base, key, member)
    if (!project_one (node->right, member, collected, error))
      return NULL;
  return g_steal_pointer (&collected);
}

static json_t *
eval_filter_projection (const Node *node,
                        json_t     *value,
                        GError    **error)
{
  g_autoptr(JsonValue) base = eval (node->left, value, error);
  g_autoptr(JsonValue) collected = NULL;

  if (base == NULL)
    return NULL;
  if (!json_is_array (base))
    return json_null ();
  collected = json_array ();
  for (gsize i = 0; i < json_array_size (base); i++)
    {
      json_t *element = json_array_get (base, i);
      g_autoptr(JsonValue) keep = eval (node->condition, element, error);

      if (keep == NULL)
        return NULL;
      if (is_truthy (keep) && !project_one (node->right, element, collected, error))
        return NULL;
    }
  return g_steal_pointer (&collected);
}

static json_t *
eval_flatten (const Node *node,
              json_t     *value,
              GError    **error)
{
  g_autoptr(JsonValue) base = eval (node->left, value, error);
  json_t *merged;

  if (base == NULL)
    return NULL;
  if (!json_is_array (base))
    return json_null ();
  merged = json_array ();
  for (gsize i = 0; i < json_array_size (base); i++)
    {
      json_t *element = json_array_get (base, i);

      if (json_is_array (element))
        json_array_extend (merged, element);
      else
        json_array_append (merged, element);
    }
  return merged;
}

static json_t *
eval_multi_select_list (const Node *node,
                        json_t     *value,
                        GError    **error)
{
  g_autoptr(JsonValue) list = NULL;

  if (json_is_null (value))
    return json_null ();
  list = json_array ();
  for (guint i = 0; i < node->items->len; i++)
    {
      json_t *item = eval (g_ptr_array_index (node->items, i), value, error);

      if (item == NULL)
        return NULL;
      json_array_append_new (list, item);
    }
  return g_steal_pointer (&list);
}

static json_t *
eval_multi_select_hash (const Node *node,
                        json_t     *value,
                        GError    **error)
{
  g_autoptr(JsonValue) hash = NULL;

  if (json_is_null (value))
    return json_null ();
  hash = json_object ();
  for (guint i = 0; i < node->items->len; i++)
    {
      json_t *item = eval (g_ptr_array_index (node->items, i), value, error);

      if (item == NULL)
        return NULL;
      json_object_set_new (hash, g_ptr_array_index (node->keys, i), item);
    }
  return g_steal_pointer (&hash);
}

/* `||` gives its first truthy operand (@stop_at TRUE), `&&` its first falsy
 * one; both give the last when none is. */
static json_t *
eval_logical (const Node *node,
              json_t     *value,
              gboolean    stop_at,
              GError    **error)
{
  for (guint i = 0;; i++)
    {
      json_t *result = eval (g_ptr_array_index (node->items, i), value, error);

      if (result == NULL || i + 1 == node->items->len || is_truthy (result) == stop_at)
        return result;
      json_decref (result);
    }
}

static json_t *
eval_not (const Node *node,
          json_t     *value,
          GError    **error)
{
  g_autoptr(JsonValue) operand = eval (node->left, value, error);

  return operand != NULL ? json_boolean (!is_truthy (operand)) : NULL;
}

/* Comparisons only read their operands: literals need no copy. */
static json_t *
eval_operand (const Node  *node,
              json_t      *value,
              JsonValue  **owned,
              GError     **error)
{
  if (node->type == NODE_LITERAL)
    return node->literal;
  *owned = eval (node, value, error);
  return *owned;
}

static json_t *
compare_values (TokenType  comparator,
                json_t    *left,
                json_t    *right,
                GError   **error)
{
  GError *local_error = NULL;
  gboolean equal;
  int order;

  if (comparator == TOK_EQ || comparator == TOK_NE)
    {
      equal = values_equal (left, right, 0, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      return json_boolean (equal == (comparator == TOK_EQ));
    }
  /* Ordering is defined on numbers only; anything else compares as null. */
  if (!json_is_number (left) || !json_is_number (right))
    return json_null ();
  order = compare_numbers (left, right);
  switch (comparator)
    {
    case TOK_LT: return json_boolean (order < 0);
    case TOK_LTE: return json_boolean (order <= 0);
    case TOK_GT: return json_boolean (order > 0);
    case TOK_GTE:
    default: return json_boolean (order >= 0);
    }
}

static json_t *
eval_comparator (const Node *node,
                 json_t     *value,
                 GError    **error)
{
  g_autoptr(JsonValue) left_owned = NULL;
  g_autoptr(JsonValue) right_owned = NULL;
  json_t *left, *right;

  if ((left = eval_operand (node->left, value, &left_owned, error)) == NULL ||
      (right = eval_operand (node->right, value, &right_owned, error)) == NULL)
    return NULL;
  return compare_values (node->comparator, left, right, error);
}

static json_t *
eval_function (const Node *node,
               json_t     *value,
               GError    **error)
{
  const Function *function = node->function;
  guint n_args = node->items != NULL ? node->items->len : 0;
  g_autofree Arg *args = g_new0 (Arg, MAX (n_args, 1));
  json_t *result = NULL;
  guint n_evaluated;

  for (n_evaluated = 0; n_evaluated < n_args; n_evaluated++)
    {
      const Node *arg = g_ptr_array_index (node->items, n_evaluated);

      if (arg->type == NODE_EXPREF)
        args[n_evaluated].expref = arg->left;
      else if ((args[n_evaluated].value = eval (arg, value, error)) == NULL)
        break;
    }
  if (n_evaluated == n_args && check_args (function, args, n_args, error))
    result = function->call (function, args, n_args, error);
  for (guint i = 0; i < n_evaluated; i++)
    if (args[i].value != NULL)
      json_decref (args[i].value);
  return result;
}

/* Returns a new reference to the result, or %NULL with @error set. @error
 * is never %NULL here: evaluation checks it to know when to stop. */
static json_t *
eval (const Node  *node,
      json_t      *value,
      GError     **error)
{
  switch (node->type)
    {
    case NODE_CURRENT: return json_incref (value);
    case NODE_FIELD: return eval_field (node, value);
    case NODE_LITERAL: return copy_literal (node->literal);
    case NODE_INDEX: return eval_index (node, value);
    case NODE_SLICE: return eval_slice (node, value);
    case NODE_CHAIN: return eval_chain (node, value, error);
    case NODE_PROJECTION: return eval_projection (node, value, error);
    case NODE_VALUE_PROJECTION: return eval_value_projection (node, value, error);
    case NODE_FILTER_PROJECTION: return eval_filter_projection (node, value, error);
    case NODE_FLATTEN: return eval_flatten (node, value, error);
    case NODE_MULTI_SELECT_LIST: return eval_multi_select_list (node, value, error);
    case NODE_MULTI_SELECT_HASH: return eval_multi_select_hash (node, value, error);
    case NODE_OR: return eval_logical (node, value, TRUE, error);
    case NODE_AND: return eval_logical (node, value, FALSE, error);
    case NODE_NOT: return eval_not (node, value, error);
    case NODE_COMPARATOR: return eval_comparator (node, value, error);
    case NODE_FUNCTION: return eval_function (node, value, error);
    case NODE_EXPREF:
    default:
      set_error (error, GAWS_JMESPATH_ERROR_INVALID_TYPE,
                 "an expression reference (&...) can only be a function argument");
      return NULL;
    }
}

/* ---- GawsJmespath ------------------------------------------------------ */

/**
 * GawsJmespath:
 *
 * A compiled [JMESPath](https://jmespath.org/specification.html) expression,
 * the query language of the AWS models' paginators and waiters. Compile it
 * once with gaws_jmespath_compile(), then evaluate it with
 * gaws_jmespath_search() as often as needed, from any thread: it never
 * changes once compiled.
 *
 * The whole specification is implemented, every built-in function included.
 * Integers and reals are both numbers (`1` equals `1.0`); strings are
 * measured and ordered by code point. An expression may nest at most 256
 * levels, and values are compared or converted to text at most 2048 levels
 * deep: deeper input gives an error, never a stack overflow.
 *
 * Errors are in the #GAWS_ERROR domain with the code
 * %GAWS_ERROR_INVALID_ARGUMENT; gaws_error_get_code() tells their kind:
 * %GAWS_JMESPATH_ERROR_SYNTAX, %GAWS_JMESPATH_ERROR_UNKNOWN_FUNCTION and
 * %GAWS_JMESPATH_ERROR_INVALID_ARITY when compiling,
 * %GAWS_JMESPATH_ERROR_INVALID_TYPE and %GAWS_JMESPATH_ERROR_INVALID_VALUE
 * mostly when searching.
 */
struct _GawsJmespath {
  gatomicrefcount  ref_count;
  char            *expression;
  Node            *root;
};

G_DEFINE_BOXED_TYPE (GawsJmespath, gaws_jmespath, gaws_jmespath_ref, gaws_jmespath_unref)

/**
 * gaws_jmespath_compile:
 * @expression: a JMESPath expression, in UTF-8
 * @error: return location for a #GError, or %NULL
 *
 * Parses @expression. Syntax errors name the position, in characters from
 * 0, where parsing stopped; calls of unknown functions and calls with the
 * wrong number of arguments fail here too.
 *
 * Returns: (transfer full): the compiled expression, or %NULL with @error set
 */
GawsJmespath *
gaws_jmespath_compile (const char  *expression,
                       GError     **error)
{
  GawsJmespath *self;
  Node *root;

  g_return_val_if_fail (expression != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = parse (expression, error);
  if (root == NULL)
    return NULL;
  self = g_new0 (GawsJmespath, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->expression = g_strdup (expression);
  self->root = root;
  return self;
}

/**
 * gaws_jmespath_ref:
 * @self: a #GawsJmespath
 *
 * Returns: (transfer full): @self, with one more reference
 */
GawsJmespath *
gaws_jmespath_ref (GawsJmespath *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * gaws_jmespath_unref:
 * @self: (transfer full): a #GawsJmespath
 *
 * Drops a reference to @self, freeing it with the last one.
 */
void
gaws_jmespath_unref (GawsJmespath *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      node_free (self->root);
      g_free (self->expression);
      g_free (self);
    }
}

/**
 * gaws_jmespath_get_expression:
 * @self: a #GawsJmespath
 *
 * Returns: the text @self was compiled from
 */
const char *
gaws_jmespath_get_expression (GawsJmespath *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->expression;
}

/**
 * gaws_jmespath_search: (skip)
 * @self: a #GawsJmespath
 * @data: (nullable): the JSON value to search; %NULL stands for JSON null
 * @error: return location for a #GError, or %NULL
 *
 * Evaluates @self on @data. The result may share values with @data (never
 * with the expression's literals): json_deep_copy() it before changing it
 * if @data must stay as it is.
 *
 * Returns: (transfer full): a new reference to the result, json_null() when
 *   nothing matched, or %NULL with @error set
 */
json_t *
gaws_jmespath_search (GawsJmespath  *self,
                      json_t        *data,
                      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  json_t *result;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = eval (self->root, data != NULL ? data : json_null (), &local_error);
  if (result == NULL)
    {
      g_autofree char *quoted = quote_expression (self->expression);

      g_prefix_error (&local_error, "Cannot evaluate JMESPath expression “%s”: ", quoted);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return result;
}

/**
 * gaws_jmespath_search_string: (skip)
 * @expression: a JMESPath expression
 * @data: (nullable): the JSON value to search; %NULL stands for JSON null
 * @error: return location for a #GError, or %NULL
 *
 * Compiles @expression and evaluates it on @data, for expressions used
 * once. See gaws_jmespath_search().
 *
 * Returns: (transfer full): a new reference to the result, or %NULL with
 *   @error set
 */
json_t *
gaws_jmespath_search_string (const char  *expression,
                             json_t      *data,
                             GError     **error)
{
  g_autoptr(GawsJmespath) compiled = NULL;

  g_return_val_if_fail (expression != NULL, NULL);

  compiled = gaws_jmespath_compile (expression, error);
  if (compiled == NULL)
    return NULL;
  return gaws_jmespath_search (compiled, data, error);
}

/**
 * gaws_jmespath_search_json:
 * @expression: a JMESPath expression
 * @json_text: a JSON document, in UTF-8
 * @error: return location for a #GError, or %NULL
 *
 * Evaluates @expression on the document @json_text and writes the result as
 * compact JSON: the form for bindings, which cannot hold jansson values.
 * Numbers that are reals keep a fraction or exponent (`1.0`), with as few
 * digits as read back the same.
 *
 * Returns: (transfer full): the result as JSON text (`null` when nothing
 *   matched), or %NULL with @error set
 */
char *
gaws_jmespath_search_json (const char  *expression,
                           const char  *json_text,
                           GError     **error)
{
  g_autoptr(JsonValue) data = NULL;
  g_autoptr(JsonValue) result = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) local_error = NULL;
  json_error_t json_error;

  g_return_val_if_fail (expression != NULL, NULL);
  g_return_val_if_fail (json_text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = parse_json_text (json_text, strlen (json_text), &json_error);
  if (data == NULL)
    {
      g_autofree char *detail = g_utf8_make_valid (json_error.text, -1);

      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Invalid JSON document at line %d, column %d: %s",
                   json_error.line, json_error.column, detail);
      return NULL;
    }
  result = gaws_jmespath_search_string (expression, data, error);
  if (result == NULL)
    return NULL;
  text = g_string_new (NULL);
  if (!append_value (text, result, 0, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
