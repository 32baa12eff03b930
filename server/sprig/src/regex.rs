//! Sprig's regular-expression functions over Go's RE2 `regexp` semantics: ASCII-only `\d \w \s
//! \b`, literal `[` inside classes, `\Q..\E`, Go's `$1`/`${name}` replacement expansion,
//! `Split` and `FindAll` counts, and Go's compile error texts.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock};

use cw_template::{Elem, FuncError, Param, Signature, Value};
use regex::Regex;

use crate::lists::{def, def_many};
use crate::Registry;

const DIGIT: &str = "[0-9]";
const NOT_DIGIT: &str = "[^0-9]";
const WORD: &str = "[0-9A-Za-z_]";
const NOT_WORD: &str = "[^0-9A-Za-z_]";
const SPACE: &str = "[\\t\\n\\f\\r ]";
const NOT_SPACE: &str = "[^\\t\\n\\f\\r ]";

fn go_err(code: &str, expr: &str) -> String {
    format!("error parsing regexp: {code}: `{expr}`")
}

/// Rewrites a Go pattern into the `regex` crate's dialect with the same meaning.
fn translate(p: &str) -> Result<String, String> {
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::with_capacity(p.len() + 16);
    let mut i = 0;
    let mut in_class = false;
    let mut class_start = 0usize;
    // Start (in chars) of the last repetition operator that ended just before `i`.
    let mut last_rep: Option<usize> = None;
    while i < chars.len() {
        let c = chars[i];
        let rep_before = last_rep.take();
        if c == '\\' {
            let Some(&n) = chars.get(i + 1) else {
                return Err(go_err("trailing backslash at end of expression", ""));
            };
            match n {
                'd' => out.push_str(DIGIT),
                'D' => out.push_str(NOT_DIGIT),
                'w' => out.push_str(WORD),
                'W' => out.push_str(NOT_WORD),
                's' => out.push_str(SPACE),
                'S' => out.push_str(NOT_SPACE),
                'b' if !in_class => out.push_str("(?-u:\\b)"),
                'B' if !in_class => out.push_str("(?-u:\\B)"),
                'Q' => {
                    let rest: String = chars[i + 2..].iter().collect();
                    let (lit, after) = match rest.find("\\E") {
                        Some(k) => (rest[..k].to_string(), Some(k)),
                        None => (rest.clone(), None),
                    };
                    out.push_str(&regex::escape(&lit));
                    i = match after {
                        Some(k) => i + 2 + rest[..k].chars().count() + 2,
                        None => chars.len(),
                    };
                    continue;
                }
                '1'..='9' => {
                    return Err(go_err("invalid escape sequence", &format!("\\{n}")));
                }
                _ => {
                    out.push('\\');
                    out.push(n);
                }
            }
            i += 2;
            continue;
        }
        if in_class {
            match c {
                ']' if i > class_start => {
                    in_class = false;
                    out.push(']');
                }
                '[' => {
                    // A POSIX class `[:alpha:]` stays; any other `[` is a literal in Go.
                    let rest: String = chars[i..].iter().collect();
                    if let Some(posix) = rest.strip_prefix("[:") {
                        if let Some(end) = posix.find(":]") {
                            let cls = &rest[..end + 4];
                            out.push_str(cls);
                            i += cls.chars().count();
                            continue;
                        }
                    }
                    out.push_str("\\[");
                }
                '&' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                '-' if chars.get(i + 1) == Some(&'-') => out.push_str("\\-"),
                _ => out.push(c),
            }
            i += 1;
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                out.push('[');
                i += 1;
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                class_start = i;
                // A `]` right after `[` or `[^` is a literal.
                if chars.get(i) == Some(&']') {
                    out.push_str("\\]");
                    i += 1;
                }
                continue;
            }
            '*' | '+' | '?' | '{' => {
                let start = i;
                let mut end = i + 1;
                if c == '{' {
                    // Only a well-formed `{n}`, `{n,}`, `{n,m}` is a repetition in Go.
                    let rest: String = chars[i..].iter().collect();
                    match parse_repeat(&rest) {
                        Some((len, min, max)) => {
                            if min > 1000 || max.is_some_and(|m| m > 1000 || m < min) {
                                return Err(go_err("invalid repeat count", &rest[..len]));
                            }
                            end = i + rest[..len].chars().count();
                        }
                        None => {
                            out.push_str("\\{");
                            i += 1;
                            continue;
                        }
                    }
                }
                if let Some(prev) = rep_before {
                    let text: String = chars[prev..end].iter().collect();
                    return Err(go_err("invalid nested repetition operator", &text));
                }
                out.extend(&chars[start..end]);
                if chars.get(end) == Some(&'?') {
                    out.push('?');
                    end += 1;
                }
                last_rep = Some(start);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if in_class {
        return Err(String::new());
    }
    Ok(out)
}

/// `{n}`, `{n,}`, `{n,m}` at the start of `s`: (byte length, min, max).
fn parse_repeat(s: &str) -> Option<(usize, u64, Option<u64>)> {
    let close = s.find('}')?;
    let inner = &s[1..close];
    let num = |t: &str| -> Option<u64> {
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            Some(t.parse::<u64>().unwrap_or(u64::MAX))
        }
    };
    match inner.split_once(',') {
        None => {
            let n = num(inner)?;
            Some((close + 1, n, Some(n)))
        }
        Some((a, "")) => Some((close + 1, num(a)?, None)),
        Some((a, b)) => Some((close + 1, num(a)?, Some(num(b)?))),
    }
}

/// Go's error text for a pattern `regex` cannot compile, from the parser's error kind.
fn error_text(p: &str, fallback: &str) -> String {
    use regex_syntax::ast::ErrorKind as K;
    let mut parser = regex_syntax::ast::parse::Parser::new();
    let e = match parser.parse(p) {
        Ok(_) => {
            if p.contains('[') {
                // Our translation only fails to close a class when Go does too.
                let at = p.find('[').unwrap_or(0);
                return go_err("missing closing ]", &p[at..]);
            }
            return format!("error parsing regexp: {fallback}");
        }
        Err(e) => e,
    };
    let span = e.span();
    let mut text = p.get(span.start.offset..span.end.offset).unwrap_or("");
    if text.is_empty() {
        let at = span.start.offset.min(p.len());
        text = p[at..]
            .chars()
            .next()
            .map_or("", |c| &p[at..at + c.len_utf8()]);
    }
    let from_start = p.get(span.start.offset..).unwrap_or("");
    match e.kind() {
        K::GroupUnclosed => go_err("missing closing )", p),
        K::GroupUnopened => go_err("unexpected )", p),
        K::ClassUnclosed => go_err("missing closing ]", from_start),
        K::RepetitionMissing => go_err("missing argument to repetition operator", text),
        K::EscapeUnrecognized | K::UnsupportedBackreference => {
            go_err("invalid escape sequence", text)
        }
        K::EscapeUnexpectedEof => go_err("trailing backslash at end of expression", ""),
        K::ClassRangeInvalid => go_err("invalid character class range", text),
        K::RepetitionCountInvalid => go_err("invalid repeat count", text),
        K::GroupNameInvalid | K::GroupNameEmpty | K::GroupNameDuplicate { .. } => {
            let start = p[..span.start.offset].rfind("(?").unwrap_or(0);
            let end = p[span.end.offset..]
                .find('>')
                .map(|k| span.end.offset + k + 1)
                .unwrap_or(p.len());
            let code = if matches!(e.kind(), K::GroupNameDuplicate { .. }) {
                "duplicate capture group name"
            } else {
                "invalid named capture"
            };
            go_err(code, &p[start..end])
        }
        K::NestLimitExceeded(_) => go_err("expression nests too deeply", p),
        _ => {
            // Unsupported group syntax (`(?=`, `(?z`): Go quotes from `(?` to the bad char.
            let start = p[..span.start.offset.min(p.len())]
                .rfind("(?")
                .unwrap_or(span.start.offset.min(p.len()));
            let end = (span.end.offset).max(start).min(p.len());
            let end = if end == start {
                p[start..]
                    .char_indices()
                    .nth(3)
                    .map(|(k, _)| start + k)
                    .unwrap_or(p.len())
            } else {
                end
            };
            go_err("invalid or unsupported Perl syntax", &p[start..end])
        }
    }
}

/// How many patterns [`compile`] keeps compiled (least recently used dropped first).
const CACHE_SIZE: usize = 64;

type Compiled = Result<Arc<Regex>, String>;

/// Pattern and result pairs, most recently used first.
type Cache = Mutex<VecDeque<(Box<str>, Compiled)>>;

/// The last [`CACHE_SIZE`] patterns compiled, most recently used first, with their result
/// (errors included). Charts call the same few patterns on every render and in loops; building
/// the automata is most of a regex function's cost. The `Regex` is shared, not cloned, so its
/// per-thread search caches are reused too.
fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(VecDeque::with_capacity(CACHE_SIZE)))
}

/// Go's `regexp.Compile`, through a small cache of recent patterns.
pub(crate) fn compile(p: &str) -> Compiled {
    {
        let mut c = cache().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = c.iter().position(|(k, _)| &**k == p) {
            let hit = c.remove(i).expect("index from position");
            let result = hit.1.clone();
            c.push_front(hit);
            return result;
        }
    }
    // Compiled outside the lock: a slow pattern does not hold up other threads.
    let result = compile_uncached(p).map(Arc::new);
    let mut c = cache().lock().unwrap_or_else(|e| e.into_inner());
    if !c.iter().any(|(k, _)| &**k == p) {
        if c.len() == CACHE_SIZE {
            c.pop_back();
        }
        c.push_front((p.into(), result.clone()));
    }
    result
}

fn compile_uncached(p: &str) -> Result<Regex, String> {
    let translated = match translate(p) {
        Ok(t) => t,
        Err(e) if e.is_empty() => return Err(error_text(p, "missing closing ]")),
        Err(e) => return Err(e),
    };
    regex::RegexBuilder::new(&translated)
        .size_limit(64 << 20)
        .build()
        .map_err(|e| error_text(p, &e.to_string()))
}

/// Go's `regexp.MustCompile` panic text.
fn must_compile(p: &str) -> Result<Arc<Regex>, FuncError> {
    compile(p).map_err(|e| {
        let quoted = if can_backquote(p) {
            format!("`{p}`")
        } else {
            cw_template::fmt::quote(p.as_bytes(), false)
        };
        FuncError::msg(format!("regexp: Compile({quoted}): {e}"))
    })
}

/// Go's `strconv.CanBackquote`.
fn can_backquote(s: &str) -> bool {
    s.chars()
        .all(|c| c != '`' && c != '\u{FEFF}' && (c == '\t' || !(c < ' ' || c == '\u{7f}')))
}

fn strings(v: Vec<String>) -> Value {
    Value::typed_list(Elem::String, v.into_iter().map(Value::string).collect())
}

/// Go's `FindAllString(s, n)`: nil when nothing matched.
fn find_all(re: &Regex, s: &str, n: i64) -> Value {
    if n == 0 {
        return Value::nil_list(Elem::String);
    }
    let limit = if n < 0 { usize::MAX } else { n as usize };
    let found: Vec<String> = re
        .find_iter(s)
        .take(limit)
        .map(|m| m.as_str().to_string())
        .collect();
    if found.is_empty() {
        return Value::nil_list(Elem::String);
    }
    strings(found)
}

/// Go's `Split(s, n)`.
fn split(re: &Regex, s: &str, n: i64, pattern: &str) -> Value {
    if n == 0 {
        return Value::nil_list(Elem::String);
    }
    if !pattern.is_empty() && s.is_empty() {
        return strings(vec![String::new()]);
    }
    let limit = if n < 0 { usize::MAX } else { n as usize };
    let matches: Vec<(usize, usize)> = re
        .find_iter(s)
        .take(limit)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut out = Vec::new();
    let (mut beg, mut end) = (0usize, 0usize);
    for (a, b) in matches {
        if n > 0 && out.len() as i64 == n - 1 {
            break;
        }
        end = a;
        if b != 0 {
            out.push(s[beg..end].to_string());
        }
        beg = b;
    }
    if end != s.len() {
        out.push(s[beg..].to_string());
    }
    strings(out)
}

/// Go's `extract` for `$name` / `${name}` in a replacement template.
fn extract(t: &str) -> Option<(&str, i64, &str)> {
    let (brace, body) = match t.strip_prefix('{') {
        Some(b) => (true, b),
        None => (false, t),
    };
    let mut i = 0;
    for (k, c) in body.char_indices() {
        if !(c.is_alphabetic() || c.is_numeric() || c == '_') {
            break;
        }
        i = k + c.len_utf8();
    }
    if i == 0 {
        return None;
    }
    let name = &body[..i];
    let mut rest_at = i;
    if brace {
        if body.as_bytes().get(i) != Some(&b'}') {
            return None;
        }
        rest_at += 1;
    }
    let mut num: i64 = 0;
    for b in name.bytes() {
        if !b.is_ascii_digit() || num >= 100_000_000 {
            num = -1;
            break;
        }
        num = num * 10 + (b - b'0') as i64;
    }
    if name.starts_with('0') && name.len() > 1 {
        num = -1;
    }
    Some((name, num, &body[rest_at..]))
}

/// Go's `Regexp.expand` of `template` for one match.
fn expand(out: &mut String, template: &str, caps: &regex::Captures<'_>, re: &Regex) {
    let mut t = template;
    while let Some(k) = t.find('$') {
        out.push_str(&t[..k]);
        t = &t[k + 1..];
        if let Some(rest) = t.strip_prefix('$') {
            out.push('$');
            t = rest;
            continue;
        }
        let Some((name, num, rest)) = extract(t) else {
            out.push('$');
            continue;
        };
        t = rest;
        if num >= 0 {
            if let Some(m) = caps.get(num as usize) {
                out.push_str(m.as_str());
            }
        } else if let Some(i) = re.capture_names().position(|n| n == Some(name)) {
            if let Some(m) = caps.get(i) {
                out.push_str(m.as_str());
            }
        }
    }
    out.push_str(t);
}

/// The largest replacement result (a template must not be able to exhaust memory).
const MAX_REPLACED: usize = 64 << 20;

fn replace_all(re: &Regex, s: &str, repl: &str, literal: bool) -> Result<String, FuncError> {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for caps in re.captures_iter(s) {
        if out.len() > MAX_REPLACED {
            return Err(FuncError::msg(format!(
                "regex replacement result is larger than the limit of {MAX_REPLACED} bytes"
            )));
        }
        let m = caps.get(0).map(|m| (m.start(), m.end())).unwrap_or((0, 0));
        out.push_str(&s[last..m.0]);
        if literal {
            out.push_str(repl);
        } else {
            expand(&mut out, repl, &caps, re);
        }
        last = m.1;
    }
    out.push_str(&s[last..]);
    Ok(out)
}

fn sv(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

pub(crate) fn register(r: &mut Registry) {
    use Param::{Int, String as Str};
    let ss = Signature::typed(&[Str, Str], None);
    let ssi = Signature::typed(&[Str, Str, Int], None);
    let sss = Signature::typed(&[Str, Str, Str], None);
    def(
        r,
        "regexMatch",
        ss.clone(),
        false,
        (
            "regexMatch(regex string, s string) bool",
            "Whether `s` contains a match of the RE2 regular expression (false for a bad pattern).",
            "{{ regexMatch \"^[a-z]+$\" \"abc\" }} → true",
        ),
        |_, a| {
            Ok(Value::Bool(
                compile(sv(&a[0])).is_ok_and(|re| re.is_match(sv(&a[1]))),
            ))
        },
    );
    def(
        r,
        "mustRegexMatch",
        ss.clone(),
        false,
        (
            "mustRegexMatch(regex string, s string) (bool, error)",
            "Like regexMatch, but a bad pattern is an error.",
            "{{ mustRegexMatch \"^a\" \"abc\" }} → true",
        ),
        |_, a| Ok(Value::Bool(compile(sv(&a[0]))?.is_match(sv(&a[1])))),
    );
    def(
        r,
        "regexFindAll",
        ssi.clone(),
        false,
        (
            "regexFindAll(regex string, s string, n int) []string",
            "Up to `n` matches (all when n < 0).",
            "{{ regexFindAll \"[0-9]\" \"a1b2c3\" -1 }} → [1 2 3]",
        ),
        |_, a| {
            let re = must_compile(sv(&a[0]))?;
            Ok(find_all(&re, sv(&a[1]), a[2].as_int().unwrap_or(0)))
        },
    );
    def(
        r,
        "mustRegexFindAll",
        ssi.clone(),
        false,
        (
            "mustRegexFindAll(regex string, s string, n int) ([]string, error)",
            "Up to `n` matches (all when n < 0).",
            "{{ mustRegexFindAll \"[0-9]\" \"a1b2\" 1 }} → [1]",
        ),
        |_, a| {
            let re = compile(sv(&a[0]))?;
            Ok(find_all(&re, sv(&a[1]), a[2].as_int().unwrap_or(0)))
        },
    );
    def(
        r,
        "regexFind",
        ss.clone(),
        false,
        (
            "regexFind(regex string, s string) string",
            "The first match, or \"\".",
            "{{ regexFind \"[0-9]+\" \"ab12cd\" }} → 12",
        ),
        |_, a| {
            let re = must_compile(sv(&a[0]))?;
            Ok(Value::str(re.find(sv(&a[1])).map_or("", |m| m.as_str())))
        },
    );
    def(
        r,
        "mustRegexFind",
        ss.clone(),
        false,
        (
            "mustRegexFind(regex string, s string) (string, error)",
            "The first match, or \"\"; a bad pattern is an error.",
            "{{ mustRegexFind \"[0-9]+\" \"ab12cd\" }} → 12",
        ),
        |_, a| {
            let re = compile(sv(&a[0]))?;
            Ok(Value::str(re.find(sv(&a[1])).map_or("", |m| m.as_str())))
        },
    );
    for (name, must, literal, sig, summary, example) in [
        (
            "regexReplaceAll",
            false,
            false,
            "regexReplaceAll(regex string, s string, repl string) string",
            "Replaces every match; `$1`, `${name}` in `repl` expand to groups (Go's Expand rules).",
            "{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\" }} → -W-xxW-",
        ),
        (
            "mustRegexReplaceAll",
            true,
            false,
            "mustRegexReplaceAll(regex string, s string, repl string) (string, error)",
            "Like regexReplaceAll; a bad pattern is an error.",
            "{{ mustRegexReplaceAll \"a(x*)b\" \"-ab-\" \"$1W\" }} → --",
        ),
        (
            "regexReplaceAllLiteral",
            false,
            true,
            "regexReplaceAllLiteral(regex string, s string, repl string) string",
            "Replaces every match with `repl` as is (no `$` expansion).",
            "{{ regexReplaceAllLiteral \"a\" \"aba\" \"$1\" }} → $1b$1",
        ),
        (
            "mustRegexReplaceAllLiteral",
            true,
            true,
            "mustRegexReplaceAllLiteral(regex string, s string, repl string) (string, error)",
            "Like regexReplaceAllLiteral; a bad pattern is an error.",
            "{{ mustRegexReplaceAllLiteral \"a\" \"aba\" \"x\" }} → xbx",
        ),
    ] {
        def(
            r,
            name,
            sss.clone(),
            false,
            (sig, summary, example),
            move |_, a| {
                let re = if must {
                    compile(sv(&a[0]))?
                } else {
                    must_compile(sv(&a[0]))?
                };
                let out = replace_all(&re, sv(&a[1]), sv(&a[2]), literal)?;
                Ok(Value::string(out))
            },
        );
    }
    def(
        r,
        "regexSplit",
        ssi.clone(),
        false,
        (
            "regexSplit(regex string, s string, n int) []string",
            "Splits `s` around matches into at most `n` parts (all when n < 0).",
            "{{ regexSplit \"z+\" \"pizza\" -1 }} → [pi a]",
        ),
        |_, a| {
            let re = must_compile(sv(&a[0]))?;
            Ok(split(&re, sv(&a[1]), a[2].as_int().unwrap_or(0), sv(&a[0])))
        },
    );
    def(
        r,
        "mustRegexSplit",
        ssi,
        false,
        (
            "mustRegexSplit(regex string, s string, n int) ([]string, error)",
            "Like regexSplit; a bad pattern is an error.",
            "{{ mustRegexSplit \"z+\" \"pizza\" 1 }} → [pizza]",
        ),
        |_, a| {
            let re = compile(sv(&a[0]))?;
            Ok(split(&re, sv(&a[1]), a[2].as_int().unwrap_or(0), sv(&a[0])))
        },
    );
    def_many(
        r,
        &["regexQuoteMeta"],
        Signature::typed(&[Str], None),
        false,
        (
            "regexQuoteMeta(s string) string",
            "Escapes every regular-expression metacharacter in `s`.",
            "{{ regexQuoteMeta \"1.2.3\" }} → 1\\.2\\.3",
        ),
        |_, a| {
            let mut out = String::new();
            for c in sv(&a[0]).chars() {
                if "\\.+*?()|[]{}^$".contains(c) {
                    out.push('\\');
                }
                out.push(c);
            }
            Ok(Value::string(out))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_patterns_and_errors_are_cached_and_bounded() {
        let a = compile("^cache-test-[0-9]+$").expect("compiles");
        let b = compile("^cache-test-[0-9]+$").expect("compiles");
        assert!(
            Arc::ptr_eq(&a, &b),
            "the second call reuses the first's Regex"
        );
        assert!(b.is_match("cache-test-42"));
        let e1 = compile("cache-test-(").unwrap_err();
        assert_eq!(compile("cache-test-(").unwrap_err(), e1);
        assert_eq!(
            e1,
            "error parsing regexp: missing closing ): `cache-test-(`"
        );
        // Other tests share the cache: fill it with our own patterns, then the first is gone.
        for i in 0..CACHE_SIZE {
            compile(&format!("cache-evict-{i}")).expect("compiles");
        }
        assert!(cache().lock().unwrap().len() <= CACHE_SIZE);
        let c = compile("^cache-test-[0-9]+$").expect("compiles");
        assert!(!Arc::ptr_eq(&a, &c), "evicted and compiled again");
        assert!(c.is_match("cache-test-7"));
    }
}
