//! Reading the text around a cursor when the syntax tree cannot help (the action is being typed:
//! `{{ inc`, `{{ include "`, `{{ .Release.`): the `{{ ... }}` the cursor is in and a small
//! lexer over its text up to the cursor.

use cw_base::TextRange;

/// The action (`{{ ... }}`) around a cursor.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ActionSpan {
    /// After `{{`, its trim marker and the spaces after it.
    pub body: u32,
    /// The start of the right delimiter (`-}}` or `}}`) when the action is closed.
    pub close: Option<u32>,
    /// The end of the right delimiter.
    pub close_end: Option<u32>,
}

/// The action the cursor is in, if any (comments are not actions).
pub(crate) fn action_at(text: &str, offset: u32) -> Option<ActionSpan> {
    let offset = (offset as usize).min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let before = &text[..offset];
    let open = before.rfind("{{")?;
    if before[open..].contains("}}") {
        return None;
    }
    let b = text.as_bytes();
    let mut body = open + 2;
    if b.get(body) == Some(&b'-') && b.get(body + 1).is_some_and(|c| c.is_ascii_whitespace()) {
        body += 1;
    }
    let after_delim = &text[body..];
    if after_delim.trim_start().starts_with("/*") {
        return None;
    }
    while body < offset && b[body].is_ascii_whitespace() {
        body += 1;
    }
    // The closing delimiter, if it comes before the next action opens.
    let rest = &text[offset..];
    let next_open = rest.find("{{").unwrap_or(rest.len());
    let (close, close_end) = match rest[..next_open].find("}}") {
        Some(i) => {
            let end = offset + i + 2;
            let mut start = offset + i;
            if start >= offset + 2 && text[..start].ends_with(" -") {
                start -= 1;
            }
            (Some(start as u32), Some(end as u32))
        }
        None => (None, None),
    };
    Some(ActionSpan {
        body: body.min(offset) as u32,
        close,
        close_end,
    })
}

/// A token of a (possibly incomplete) action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// An identifier, field chain, variable, number, `.`, keyword...: any run of word characters.
    Word,
    /// A string, raw string or character constant (possibly unterminated).
    Str {
        terminated: bool,
    },
    LParen,
    RParen,
    Pipe,
    /// `:=` or `=`.
    Assign,
    Comma,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub kind: Tok,
    pub range: TextRange,
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'$' | b'-' | b'+') || c >= 0x80
}

/// Lexes `text[start..end]` loosely: never fails, unterminated strings run to `end`.
pub(crate) fn lex(text: &str, start: u32, end: u32) -> Vec<Token> {
    let b = text.as_bytes();
    let end = (end as usize).min(b.len());
    let mut i = start as usize;
    let mut out = Vec::new();
    while i < end {
        let c = b[i];
        let s = i;
        let kind = match c {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'"' | b'\'' => {
                i += 1;
                let mut terminated = false;
                while i < end {
                    if b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b[i] == c {
                        terminated = true;
                        i += 1;
                        break;
                    }
                    if b[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
                Tok::Str { terminated }
            }
            b'`' => {
                i += 1;
                let mut terminated = false;
                while i < end {
                    if b[i] == b'`' {
                        terminated = true;
                        i += 1;
                        break;
                    }
                    i += 1;
                }
                Tok::Str { terminated }
            }
            b'(' => {
                i += 1;
                Tok::LParen
            }
            b')' => {
                i += 1;
                Tok::RParen
            }
            b'|' => {
                i += 1;
                Tok::Pipe
            }
            b',' => {
                i += 1;
                Tok::Comma
            }
            b':' if b.get(i + 1) == Some(&b'=') => {
                i += 2;
                Tok::Assign
            }
            b'=' => {
                i += 1;
                Tok::Assign
            }
            _ if is_word_byte(c) => {
                // A `-` followed by `}}` is a trim marker, not part of a word.
                while i < end && is_word_byte(b[i]) {
                    i += 1;
                }
                Tok::Word
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push(Token {
            kind,
            range: TextRange::new(s as u32, i.min(end) as u32),
        });
    }
    out
}

/// The start of the identifier (`[A-Za-z0-9_]`) ending at `offset`.
pub(crate) fn ident_start(text: &str, offset: u32) -> u32 {
    let b = text.as_bytes();
    let mut i = offset as usize;
    while i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
        i -= 1;
    }
    i as u32
}

/// The end of the identifier starting at or continuing through `offset`.
pub(crate) fn ident_end(text: &str, offset: u32) -> u32 {
    let b = text.as_bytes();
    let mut i = offset as usize;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
        i += 1;
    }
    i as u32
}

/// The function call around the cursor, from the tokens of the action up to the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CallAt {
    pub name: String,
    pub name_range: TextRange,
    /// Index of the argument the cursor is on (0 = first argument after the name).
    pub arg: usize,
    /// The command receives the value of a previous command (`x | f a`).
    pub piped: bool,
}

/// Finds the innermost command whose first word is a function name, in `toks` (the tokens of
/// an action up to `offset`).
pub(crate) fn call_at(text: &str, toks: &[Token], offset: u32) -> Option<CallAt> {
    // Walk back to the start of the innermost command: an unmatched `(`, a `|`, an assignment
    // or the start of the action.
    let mut depth = 0usize;
    let mut start = 0usize;
    let mut piped = false;
    for (i, t) in toks.iter().enumerate().rev() {
        match t.kind {
            Tok::RParen => depth += 1,
            Tok::LParen if depth > 0 => depth -= 1,
            Tok::LParen => {
                start = i + 1;
                break;
            }
            Tok::Pipe if depth == 0 => {
                start = i + 1;
                piped = true;
                break;
            }
            Tok::Assign | Tok::Comma if depth == 0 => {
                start = i + 1;
                break;
            }
            _ => {}
        }
    }
    let cmd = &toks[start..];
    let first = cmd.first()?;
    if first.kind != Tok::Word {
        return None;
    }
    let mut name_tok = *first;
    let mut rest_start = 1;
    let word = &text[first.range.to_usize()];
    // `if f x`, `with f x`, `range f x`, `else if f x`: the function follows the keyword.
    if matches!(word, "if" | "with" | "range" | "else") {
        let next = cmd.get(1)?;
        let w2 = &text[next.range.to_usize()];
        if word == "else" && matches!(w2, "if" | "with") {
            name_tok = *cmd.get(2)?;
            rest_start = 3;
        } else {
            name_tok = *next;
            rest_start = 2;
        }
    }
    let name = &text[name_tok.range.to_usize()];
    if name_tok.kind != Tok::Word
        || !name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        || name.contains('.')
    {
        return None;
    }
    // The cursor on the name itself is not in the call's arguments.
    if name_tok.range.end() >= offset {
        return None;
    }
    // Count the complete operands after the name (a parenthesised group is one).
    let mut arg = 0usize;
    let mut depth = 0usize;
    let mut touching = false;
    for t in &cmd[rest_start.min(cmd.len())..] {
        match t.kind {
            Tok::LParen => {
                if depth == 0 {
                    arg += 1;
                }
                depth += 1;
            }
            Tok::RParen => depth = depth.saturating_sub(1),
            _ if depth == 0 => arg += 1,
            _ => {}
        }
        touching = t.range.end() == offset && depth == 0;
    }
    if depth > 0 {
        touching = true;
    }
    let arg = if touching { arg.saturating_sub(1) } else { arg };
    Some(CallAt {
        name: name.to_string(),
        name_range: name_tok.range,
        arg,
        piped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(src: &str) -> Option<(String, usize, bool)> {
        let offset = src.find("$0").unwrap() as u32;
        let text = src.replace("$0", "");
        let a = action_at(&text, offset)?;
        let toks = lex(&text, a.body, offset);
        call_at(&text, &toks, offset).map(|c| (c.name, c.arg, c.piped))
    }

    #[test]
    fn finds_the_call_and_argument() {
        assert_eq!(call("{{ trunc $0}}"), Some(("trunc".into(), 0, false)));
        assert_eq!(call("{{ trunc 3$0 }}"), Some(("trunc".into(), 0, false)));
        assert_eq!(call("{{ trunc 3 $0}}"), Some(("trunc".into(), 1, false)));
        assert_eq!(call("{{ .x | trunc $0}}"), Some(("trunc".into(), 0, true)));
        assert_eq!(
            call("{{ default (printf \"%s\" $0) }}"),
            Some(("printf".into(), 1, false))
        );
        assert_eq!(
            call("{{ default (printf \"%s\" .a) $0 }}"),
            Some(("default".into(), 1, false))
        );
        assert_eq!(call("{{ if eq .a $0 }}"), Some(("eq".into(), 1, false)));
        assert_eq!(call("{{ tru$0 }}"), None);
        assert_eq!(call("{{ .a }} $0"), None);
    }

    #[test]
    fn action_bounds() {
        let t = "a {{- .x -}} b";
        let a = action_at(t, 7).unwrap();
        assert_eq!(a.body, 6);
        assert_eq!(a.close, Some(9));
        assert_eq!(a.close_end, Some(12));
        assert!(action_at(t, 13).is_none());
        assert!(action_at("{{/* c */}}", 5).is_none());
    }
}
