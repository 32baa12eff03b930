//! `.helmignore`: Helm's own ignore rules (pkg/ignore), which are not gitignore.
//!
//! Each line is a Go `filepath.Match` glob. A pattern without `/` matches the base name only; a
//! pattern with `/` matches the whole path relative to the chart; a leading `/` anchors it (the
//! same as with any other `/`); a trailing `/` matches directories only; `**` is refused. Rules are
//! tried in order and the first that decides wins. A negated rule (`!pat`) is odd in Helm: it
//! *ignores* every path it does not match, and lets later rules decide the paths it matches. The
//! loader always adds the default rule `templates/.?*` after the file's rules.

use cw_base::TextRange;

/// The name of the ignore file at the root of a chart directory.
pub const HELM_IGNORE: &str = ".helmignore";

/// A parsed rule set.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    patterns: Vec<Pattern>,
}

#[derive(Clone, Debug)]
struct Pattern {
    /// The glob without `!`, trailing `/` or leading `/`.
    glob: String,
    negate: bool,
    must_dir: bool,
    /// Whether the glob is matched against the whole path (it contains `/`) or the base name.
    whole_path: bool,
}

/// A line of `.helmignore` that Helm refuses (Helm then refuses to load the chart).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    /// Helm's message: `double-star (**) syntax is not supported` or `syntax error in pattern`.
    pub message: String,
    /// The byte range of the line's rule in the file.
    pub range: TextRange,
}

impl Rules {
    pub fn empty() -> Rules {
        Rules::default()
    }

    /// Parses a `.helmignore` file. Bad lines are reported and skipped; the rest still apply.
    pub fn parse(text: &str) -> (Rules, Vec<RuleError>) {
        let mut rules = Rules::default();
        let mut errors = Vec::new();
        let mut offset = 0usize;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let body = line.trim_end_matches(['\n', '\r']);
            let trimmed = body.trim();
            let lead = body.len() - body.trim_start().len();
            let range = TextRange::from_usize(start + lead, start + lead + trimmed.len());
            if let Err(message) = rules.parse_rule(trimmed) {
                errors.push(RuleError { message, range });
            }
        }
        (rules, errors)
    }

    /// Adds the rule Helm always applies: dot files directly under `templates/` are ignored.
    pub fn add_defaults(&mut self) {
        let _ = self.parse_rule("templates/.?*");
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    fn parse_rule(&mut self, rule: &str) -> Result<(), String> {
        let rule = rule.trim();
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.contains("**") {
            return Err("double-star (**) syntax is not supported".to_string());
        }
        if go_match(rule, "abc").is_err() {
            return Err("syntax error in pattern".to_string());
        }
        let mut glob = rule;
        let negate = glob.starts_with('!');
        if negate {
            glob = &glob[1..];
        }
        let must_dir = glob.ends_with('/');
        if must_dir {
            glob = &glob[..glob.len() - 1];
        }
        let whole_path = glob.contains('/');
        let glob = glob.strip_prefix('/').unwrap_or(glob);
        self.patterns.push(Pattern {
            glob: glob.to_string(),
            negate,
            must_dir,
            whole_path,
        });
        Ok(())
    }

    /// Whether `path` (relative to the chart root, `/`-separated) is ignored.
    pub fn ignore(&self, path: &str, is_dir: bool) -> bool {
        for p in &self.patterns {
            let subject = if p.whole_path { path } else { go_base(path) };
            let matched = go_match(&p.glob, subject).unwrap_or(false);
            if p.negate {
                if p.must_dir && !is_dir {
                    return true;
                }
                if !matched {
                    return true;
                }
                continue;
            }
            if p.must_dir && !is_dir {
                continue;
            }
            if matched {
                return true;
            }
        }
        false
    }
}

/// Go's `filepath.Base` for `/`-separated paths.
fn go_base(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.is_empty() { "." } else { "/" };
    }
    match trimmed.rfind('/') {
        Some(i) => &trimmed[i + 1..],
        None => trimmed,
    }
}

/// The error Go's `filepath.Match` reports for a malformed pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadPattern;

/// Go's `path/filepath.Match` on Unix: `*` matches any run of non-`/` bytes, `?` one non-`/`
/// character, `[...]` a class (`^` negates), `\` escapes.
pub fn go_match(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    let mut pattern = pattern.as_bytes();
    let mut name = name.as_bytes();
    'outer: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            return Ok(!name.contains(&b'/'));
        }
        let (t, ok) = match_chunk(chunk, name)?;
        if ok && (t.is_empty() || !pattern.is_empty()) {
            name = t;
            continue;
        }
        if star {
            let mut i = 0;
            while i < name.len() && name[i] != b'/' {
                let (t, ok) = match_chunk(chunk, &name[i + 1..])?;
                if ok {
                    if pattern.is_empty() && !t.is_empty() {
                        i += 1;
                        continue;
                    }
                    name = t;
                    continue 'outer;
                }
                i += 1;
            }
        }
        while !pattern.is_empty() {
            let (_, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            match_chunk(chunk, b"")?;
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

fn scan_chunk(mut pattern: &[u8]) -> (bool, &[u8], &[u8]) {
    let mut star = false;
    while let [b'*', rest @ ..] = pattern {
        pattern = rest;
        star = true;
    }
    let mut in_range = false;
    let mut i = 0;
    while i < pattern.len() {
        match pattern[i] {
            b'\\' if i + 1 < pattern.len() => i += 1,
            b'[' => in_range = true,
            b']' => in_range = false,
            b'*' if !in_range => break,
            _ => {}
        }
        i += 1;
    }
    (star, &pattern[..i], &pattern[i..])
}

/// Decodes one UTF-8 character as Go's `utf8.DecodeRune` does (U+FFFD, width 1 on bad input).
fn decode_rune(s: &[u8]) -> (u32, usize) {
    if s.is_empty() {
        return (0xFFFD, 0);
    }
    let width = match s[0] {
        0x00..=0x7F => return (s[0] as u32, 1),
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return (0xFFFD, 1),
    };
    match s.get(..width).and_then(|b| std::str::from_utf8(b).ok()) {
        Some(c) => (c.chars().next().map_or(0xFFFD, |c| c as u32), width),
        None => (0xFFFD, 1),
    }
}

fn match_chunk<'a>(mut chunk: &[u8], mut s: &'a [u8]) -> Result<(&'a [u8], bool), BadPattern> {
    let mut failed = false;
    while !chunk.is_empty() {
        if !failed && s.is_empty() {
            failed = true;
        }
        match chunk[0] {
            b'[' => {
                let mut r = 0u32;
                if !failed {
                    let (c, n) = decode_rune(s);
                    r = c;
                    s = &s[n..];
                }
                chunk = &chunk[1..];
                let mut negated = false;
                if chunk.first() == Some(&b'^') {
                    negated = true;
                    chunk = &chunk[1..];
                }
                let mut matched = false;
                let mut nrange = 0;
                loop {
                    if chunk.first() == Some(&b']') && nrange > 0 {
                        chunk = &chunk[1..];
                        break;
                    }
                    let (lo, rest) = get_esc(chunk)?;
                    chunk = rest;
                    let mut hi = lo;
                    if chunk[0] == b'-' {
                        let (h, rest) = get_esc(&chunk[1..])?;
                        hi = h;
                        chunk = rest;
                    }
                    if lo <= r && r <= hi {
                        matched = true;
                    }
                    nrange += 1;
                }
                if matched == negated {
                    failed = true;
                }
            }
            b'?' => {
                if !failed {
                    if s[0] == b'/' {
                        failed = true;
                    }
                    let (_, n) = decode_rune(s);
                    s = &s[n..];
                }
                chunk = &chunk[1..];
            }
            c => {
                let c = if c == b'\\' {
                    chunk = &chunk[1..];
                    match chunk.first() {
                        Some(&c) => c,
                        None => return Err(BadPattern),
                    }
                } else {
                    c
                };
                if !failed {
                    if c != s[0] {
                        failed = true;
                    }
                    s = &s[1..];
                }
                chunk = &chunk[1..];
            }
        }
    }
    if failed {
        Ok((&[], false))
    } else {
        Ok((s, true))
    }
}

fn get_esc(mut chunk: &[u8]) -> Result<(u32, &[u8]), BadPattern> {
    if chunk.is_empty() || chunk[0] == b'-' || chunk[0] == b']' {
        return Err(BadPattern);
    }
    if chunk[0] == b'\\' {
        chunk = &chunk[1..];
        if chunk.is_empty() {
            return Err(BadPattern);
        }
    }
    let (r, n) = decode_rune(chunk);
    if r == 0xFFFD && n == 1 {
        return Err(BadPattern);
    }
    let rest = &chunk[n..];
    if rest.is_empty() {
        return Err(BadPattern);
    }
    Ok((r, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignores(pattern: &str, name: &str, is_dir: bool) -> bool {
        let (r, errs) = Rules::parse(pattern);
        assert!(errs.is_empty(), "{errs:?}");
        r.ignore(name, is_dir)
    }

    /// The table of Helm's pkg/ignore/rules_test.go TestIgnore.
    #[test]
    fn helm_ignore_table() {
        let cases: &[(&str, &str, bool, bool)] = &[
            ("helm.txt", "helm.txt", false, true),
            ("helm.*", "helm.txt", false, true),
            ("helm.*", "rudder.txt", false, false),
            ("*.txt", "tiller.txt", false, true),
            ("*.txt", "cargo/a.txt", false, true),
            ("cargo/*.txt", "cargo/a.txt", false, true),
            ("cargo/*.*", "cargo/a.txt", false, true),
            ("cargo/*.txt", "mast/a.txt", false, false),
            ("ru[c-e]?er.txt", "rudder.txt", false, true),
            ("templates/.?*", "templates/.dotfile", false, true),
            (".*", ".joonix", false, true),
            (".*", "helm.txt", false, false),
            ("cargo/", "cargo", true, true),
            ("cargo/", "mast", true, false),
            ("helm.txt/", "helm.txt", false, false),
            ("!helm.txt", "helm.txt", false, false),
            ("!helm.txt", "tiller.txt", false, true),
            ("!*.txt", "cargo", true, true),
            ("!cargo/", "mast", true, true),
            ("/a.txt", "a.txt", false, true),
            ("/a.txt", "cargo/a.txt", false, false),
            ("/cargo/a.txt", "cargo/a.txt", false, true),
        ];
        for &(pat, name, dir, want) in cases {
            assert_eq!(ignores(pat, name, dir), want, "{pat} on {name}");
        }
    }

    #[test]
    fn refused_rules_are_reported_with_their_line() {
        let (rules, errs) = Rules::parse("# c\nfoo/**/bar\n  [z-\nok\n");
        assert_eq!(rules.len(), 1);
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].message, "double-star (**) syntax is not supported");
        assert_eq!(errs[0].range, TextRange::new(4, 14));
        assert_eq!(errs[1].message, "syntax error in pattern");
        assert_eq!(errs[1].range, TextRange::new(17, 20));
    }

    #[test]
    fn go_match_semantics() {
        assert_eq!(go_match("*", "a/b"), Ok(false));
        assert_eq!(go_match("a*c", "abbbc"), Ok(true));
        assert_eq!(go_match("a*/b", "abc/b"), Ok(true));
        assert_eq!(go_match("[^a]b", "cb"), Ok(true));
        assert_eq!(go_match("[^a]b", "ab"), Ok(false));
        assert_eq!(go_match(r"\*", "*"), Ok(true));
        assert_eq!(go_match("[", "a"), Err(BadPattern));
        assert_eq!(go_match("a[", "x"), Err(BadPattern));
        assert_eq!(go_match("é?", "éx"), Ok(true));
        assert_eq!(go_match("?", "é"), Ok(true));
    }

    #[test]
    fn defaults_hide_template_dotfiles_only_at_top() {
        let mut r = Rules::empty();
        r.add_defaults();
        assert!(r.ignore("templates/.swp", false));
        assert!(!r.ignore("templates/a.yaml", false));
        assert!(!r.ignore("charts/x/templates/.swp", false));
    }
}
