//! Go text/template syntax: lexer, error-recovering parser, syntax tree with byte spans.
