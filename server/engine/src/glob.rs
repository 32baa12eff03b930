//! gobwas/glob patterns with `/` as the separator, as Helm's `.Files.Glob` compiles them:
//! `*` (any run of non-separators), `**` (anything), `?`, `[a-z]`/`[!a-z]`, `{a,b}` and `\`
//! escapes. A pattern that does not compile matches everything (Helm falls back to `**`).

#[derive(Debug, Clone)]
enum Tok {
    Lit(char),
    /// `?`: one character that is not a separator.
    One,
    /// `*`: any run of non-separators.
    Star,
    /// `**`: any run of characters.
    Super,
    Class {
        negated: bool,
        items: Vec<(char, char)>,
    },
    Alt(Vec<Vec<Tok>>),
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Glob {
    toks: Vec<Tok>,
}

const SEP: char = '/';

impl Glob {
    /// Compiles `pattern`; a malformed pattern (unclosed `[` or `{`) is an error.
    pub fn compile(pattern: &str) -> Result<Glob, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut pos = 0;
        let toks = parse_seq(&chars, &mut pos, false)?;
        if pos != chars.len() {
            return Err(format!("unexpected {:?} in pattern", chars[pos]));
        }
        Ok(Glob { toks })
    }

    /// Helm's use: the pattern, or `**` when it does not compile.
    pub fn compile_or_all(pattern: &str) -> Glob {
        Glob::compile(pattern).unwrap_or(Glob {
            toks: vec![Tok::Super],
        })
    }

    pub fn is_match(&self, name: &str) -> bool {
        let s: Vec<char> = name.chars().collect();
        let mut budget = 1_000_000u32;
        match_toks(&self.toks, &s, 0, &[], &mut budget)
    }
}

fn parse_seq(c: &[char], pos: &mut usize, in_alt: bool) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    while *pos < c.len() {
        let ch = c[*pos];
        match ch {
            '*' => {
                if c.get(*pos + 1) == Some(&'*') {
                    *pos += 2;
                    out.push(Tok::Super);
                } else {
                    *pos += 1;
                    out.push(Tok::Star);
                }
            }
            '?' => {
                *pos += 1;
                out.push(Tok::One);
            }
            '\\' => {
                *pos += 1;
                match c.get(*pos) {
                    Some(&e) => {
                        out.push(Tok::Lit(e));
                        *pos += 1;
                    }
                    None => return Err("unexpected end of pattern after escape".into()),
                }
            }
            '[' => {
                *pos += 1;
                let mut negated = false;
                if c.get(*pos) == Some(&'!') {
                    negated = true;
                    *pos += 1;
                }
                let mut items = Vec::new();
                loop {
                    let Some(&a) = c.get(*pos) else {
                        return Err("unclosed character class".into());
                    };
                    if a == ']' {
                        *pos += 1;
                        break;
                    }
                    *pos += 1;
                    if c.get(*pos) == Some(&'-') && c.get(*pos + 1).is_some_and(|&b| b != ']') {
                        let b = c[*pos + 1];
                        *pos += 2;
                        items.push((a, b));
                    } else {
                        items.push((a, a));
                    }
                }
                out.push(Tok::Class { negated, items });
            }
            '{' => {
                *pos += 1;
                let mut alts = Vec::new();
                loop {
                    let alt = parse_seq(c, pos, true)?;
                    alts.push(alt);
                    match c.get(*pos) {
                        Some(',') => *pos += 1,
                        Some('}') => {
                            *pos += 1;
                            break;
                        }
                        _ => return Err("unclosed alternatives".into()),
                    }
                }
                out.push(Tok::Alt(alts));
            }
            ',' | '}' if in_alt => return Ok(out),
            _ => {
                *pos += 1;
                out.push(Tok::Lit(ch));
            }
        }
    }
    Ok(out)
}

/// Matches `toks` then the continuation `rest` (a stack of token slices) against `s[i..]`.
fn match_toks(toks: &[Tok], s: &[char], i: usize, rest: &[&[Tok]], budget: &mut u32) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let Some((first, tail)) = toks.split_first() else {
        return match rest.split_last() {
            None => i == s.len(),
            Some((next, outer)) => match_toks(next, s, i, outer, budget),
        };
    };
    match first {
        Tok::Lit(ch) => s.get(i) == Some(ch) && match_toks(tail, s, i + 1, rest, budget),
        Tok::One => s.get(i).is_some_and(|&x| x != SEP) && match_toks(tail, s, i + 1, rest, budget),
        Tok::Class { negated, items } => match s.get(i) {
            Some(&x) => {
                let inside = items.iter().any(|&(a, b)| a <= x && x <= b);
                inside != *negated && match_toks(tail, s, i + 1, rest, budget)
            }
            None => false,
        },
        Tok::Star | Tok::Super => {
            let sup = matches!(first, Tok::Super);
            let mut j = i;
            loop {
                if match_toks(tail, s, j, rest, budget) {
                    return true;
                }
                if j >= s.len() || (!sup && s[j] == SEP) {
                    return false;
                }
                j += 1;
            }
        }
        Tok::Alt(alts) => {
            let mut stack: Vec<&[Tok]> = rest.to_vec();
            stack.push(tail);
            alts.iter().any(|alt| match_toks(alt, s, i, &stack, budget))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Glob;

    fn m(p: &str, s: &str) -> bool {
        Glob::compile_or_all(p).is_match(s)
    }

    #[test]
    fn stars_and_separators() {
        assert!(m("files/*.txt", "files/a.txt"));
        assert!(!m("files/*.txt", "files/sub/a.txt"));
        assert!(m("files/**.txt", "files/sub/a.txt"));
        assert!(m("**", "anything/at/all"));
        assert!(m("*", "top"));
        assert!(!m("*", "a/b"));
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "a/c"));
    }

    #[test]
    fn classes_alternatives_escapes() {
        assert!(m("[a-c]x", "bx"));
        assert!(!m("[!a-c]x", "bx"));
        assert!(m("conf/{a,b}.yaml", "conf/b.yaml"));
        assert!(!m("conf/{a,b}.yaml", "conf/c.yaml"));
        assert!(m("x\\*", "x*"));
        assert!(!m("x\\*", "xy"));
        // Unclosed class: Helm falls back to `**`.
        assert!(m("[abc", "whatever/file"));
    }
}
