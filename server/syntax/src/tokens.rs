//! The token stream of a template, for syntax highlighting: every lexed item with its kind and
//! range (text, delimiters, keywords, literals, comments, errors).

use cw_base::TextRange;

use crate::lexer::{Lexer, T};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Text,
    Comment,
    LeftDelim,
    RightDelim,
    /// `if`, `else`, `end`, `range`, `with`, `define`, `template`, `block`, `break`, `continue`.
    Keyword,
    /// A function name.
    Identifier,
    /// `.Name` (one segment, dot included).
    Field,
    /// `$`, `$name`.
    Variable,
    /// `.`
    Dot,
    Nil,
    Bool,
    Number,
    /// A character constant: `'a'`.
    Char,
    String,
    RawString,
    /// `:=`, `=`, `|`, `(`, `)`, `,` and any other punctuation.
    Operator,
    /// Something the lexer rejected; the rest of the action follows as further tokens.
    Error,
}

/// A token with its range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub range: TextRange,
}

/// Lexes `text` with the given delimiters (empty means `{{` / `}}`). Spaces inside actions and
/// the empty right delimiters that close a broken action are not reported.
pub fn tokens(text: &str, left_delim: &str, right_delim: &str) -> Vec<Token> {
    let mut lex = Lexer::new(text, left_delim, right_delim);
    let mut out = Vec::new();
    loop {
        let it = lex.next_item();
        let kind = match it.typ() {
            T::Eof => break,
            T::Space => continue,
            T::RightDelim if it.pos() == it.end() => continue,
            T::Text => TokenKind::Text,
            T::Comment => TokenKind::Comment,
            T::LeftDelim => TokenKind::LeftDelim,
            T::RightDelim => TokenKind::RightDelim,
            T::Identifier => TokenKind::Identifier,
            T::Field => TokenKind::Field,
            T::Variable => TokenKind::Variable,
            T::Dot => TokenKind::Dot,
            T::Nil => TokenKind::Nil,
            T::Bool => TokenKind::Bool,
            T::Number | T::Complex => TokenKind::Number,
            T::CharConstant => TokenKind::Char,
            T::String => TokenKind::String,
            T::RawString => TokenKind::RawString,
            T::Assign | T::Declare | T::Pipe | T::LeftParen | T::RightParen | T::Char => {
                TokenKind::Operator
            }
            T::Error => TokenKind::Error,
            T::Block
            | T::Break
            | T::Continue
            | T::Define
            | T::Else
            | T::End
            | T::If
            | T::Range
            | T::Template
            | T::With => TokenKind::Keyword,
        };
        let range = match it.typ() {
            // Comments carry their delimiters in the full range.
            T::Comment => {
                let (s, e) = lex.full_range(it);
                TextRange::new(s, e)
            }
            _ => TextRange::new(it.pos(), it.end()),
        };
        out.push(Token { kind, range });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_a_template() {
        let text = "a {{- if .x.y }}{{ $v := \"s\" | quote }}{{/* c */}}{{ end -}}";
        let got: Vec<(TokenKind, &str)> = tokens(text, "", "")
            .into_iter()
            .map(|t| (t.kind, &text[t.range.to_usize()]))
            .collect();
        use TokenKind::*;
        assert_eq!(
            got,
            [
                (Text, "a"),
                (LeftDelim, "{{"),
                (Keyword, "if"),
                (Field, ".x"),
                (Field, ".y"),
                (RightDelim, "}}"),
                (LeftDelim, "{{"),
                (Variable, "$v"),
                (Operator, ":="),
                (String, "\"s\""),
                (Operator, "|"),
                (Identifier, "quote"),
                (RightDelim, "}}"),
                (Comment, "{{/* c */}}"),
                (LeftDelim, "{{"),
                (Keyword, "end"),
                (RightDelim, "}}"),
            ]
        );
    }

    #[test]
    fn errors_do_not_stop_lexing() {
        let kinds: Vec<TokenKind> = tokens("{{ .a-b }} {{ .c }}", "", "")
            .into_iter()
            .map(|t| t.kind)
            .collect();
        use TokenKind::*;
        assert_eq!(
            kinds,
            [LeftDelim, Error, RightDelim, Text, LeftDelim, Field, RightDelim]
        );
    }
}
