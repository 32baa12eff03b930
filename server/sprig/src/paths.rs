//! Sprig's path functions: Go's `path` package (`base`, `dir`, `clean`, `ext`, `isAbs`) and
//! `path/filepath` as on Linux (`osBase`, `osClean`, ...), which Helm's releases run on.

use cw_template::{Function, Param, Signature, Value};

use crate::{FuncDoc, Registry};

/// Go's `path.Clean`: lexical processing of `.`, `..` and repeated slashes.
pub(crate) fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let p = path.as_bytes();
    let rooted = p[0] == b'/';
    let n = p.len();
    let mut out: Vec<u8> = Vec::with_capacity(n);
    let (mut r, mut dotdot) = (0usize, 0usize);
    if rooted {
        out.push(b'/');
        r = 1;
        dotdot = 1;
    }
    while r < n {
        if p[r] == b'/' || p[r] == b'.' && (r + 1 == n || p[r + 1] == b'/') {
            r += 1;
        } else if p[r] == b'.' && p[r + 1] == b'.' && (r + 2 == n || p[r + 2] == b'/') {
            r += 2;
            if out.len() > dotdot {
                let mut w = out.len() - 1;
                while w > dotdot && out[w] != b'/' {
                    w -= 1;
                }
                out.truncate(w);
            } else if !rooted {
                if !out.is_empty() {
                    out.push(b'/');
                }
                out.extend_from_slice(b"..");
                dotdot = out.len();
            }
        } else {
            if rooted && out.len() != 1 || !rooted && !out.is_empty() {
                out.push(b'/');
            }
            while r < n && p[r] != b'/' {
                out.push(p[r]);
                r += 1;
            }
        }
    }
    if out.is_empty() {
        return ".".into();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Go's `path.Base`.
pub(crate) fn base(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    match trimmed.rfind('/') {
        Some(i) => trimmed[i + 1..].to_string(),
        None => trimmed.to_string(),
    }
}

/// Go's `path.Dir`.
pub(crate) fn dir(path: &str) -> String {
    let i = path.rfind('/').map_or(0, |i| i + 1);
    clean(&path[..i])
}

/// Go's `path.Ext`.
pub(crate) fn ext(path: &str) -> String {
    for (i, b) in path.bytes().enumerate().rev() {
        if b == b'/' {
            break;
        }
        if b == b'.' {
            return path[i..].to_string();
        }
    }
    String::new()
}

fn string_fn(f: fn(&str) -> String) -> Function {
    Function::new(Signature::typed(&[Param::String], None), move |_, a| {
        Ok(Value::string(f(a[0].as_str().unwrap_or(""))))
    })
}

fn is_abs_fn() -> Function {
    Function::new(Signature::typed(&[Param::String], None), |_, a| {
        Ok(Value::Bool(a[0].as_str().unwrap_or("").starts_with('/')))
    })
}

pub(crate) fn register(r: &mut Registry) {
    let f = &mut r.funcs;
    for (plain, os) in [
        ("base", "osBase"),
        ("dir", "osDir"),
        ("clean", "osClean"),
        ("ext", "osExt"),
    ] {
        let imp: fn(&str) -> String = match plain {
            "base" => base,
            "dir" => dir,
            "clean" => clean,
            _ => ext,
        };
        f.insert(plain, string_fn(imp));
        f.insert(os, string_fn(imp));
    }
    f.insert("isAbs", is_abs_fn());
    f.insert("osIsAbs", is_abs_fn());
    let d: &[(&'static str, &'static str, &'static str, &'static str)] = &[
        (
            "base",
            "base(path string) string",
            "The last element of a slash-separated path.",
            "{{ base \"/a/b/c.txt\" }} → c.txt",
        ),
        (
            "dir",
            "dir(path string) string",
            "All but the last element of a path.",
            "{{ dir \"/a/b/c.txt\" }} → /a/b",
        ),
        (
            "clean",
            "clean(path string) string",
            "The shortest equivalent path (resolves `.`, `..` and repeated slashes).",
            "{{ clean \"/a//b/../c\" }} → /a/c",
        ),
        (
            "ext",
            "ext(path string) string",
            "The file extension, with its dot.",
            "{{ ext \"a/b.tar.gz\" }} → .gz",
        ),
        (
            "isAbs",
            "isAbs(path string) bool",
            "Whether a path is absolute.",
            "{{ isAbs \"/a\" }} → true",
        ),
        (
            "osBase",
            "osBase(path string) string",
            "base for the OS path separator (Linux: `/`).",
            "{{ osBase \"/a/b.txt\" }} → b.txt",
        ),
        (
            "osClean",
            "osClean(path string) string",
            "clean for the OS path separator.",
            "{{ osClean \"a//b/../c\" }} → a/c",
        ),
        (
            "osDir",
            "osDir(path string) string",
            "dir for the OS path separator.",
            "{{ osDir \"/a/b/c\" }} → /a/b",
        ),
        (
            "osExt",
            "osExt(path string) string",
            "ext for the OS path separator.",
            "{{ osExt \"x.yaml\" }} → .yaml",
        ),
        (
            "osIsAbs",
            "osIsAbs(path string) bool",
            "isAbs for the OS path separator.",
            "{{ osIsAbs \"/x\" }} → true",
        ),
    ];
    for &(name, signature, summary, example) in d {
        r.docs.push(FuncDoc {
            name,
            signature,
            summary,
            example,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_like_go() {
        for (i, o) in [
            ("a/c", "a/c"),
            ("a//c", "a/c"),
            ("a/c/.", "a/c"),
            ("a/c/b/..", "a/c"),
            ("/../a/c", "/a/c"),
            ("/../a/b/../././/c", "/a/c"),
            ("abc/def/../../..", ".."),
            ("abc/def/../../../ghi/jkl/../../../mno", "../../mno"),
            ("/", "/"),
            ("", "."),
        ] {
            assert_eq!(clean(i), o, "{i}");
        }
    }
}
