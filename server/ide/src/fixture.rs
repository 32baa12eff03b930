//! Test fixtures: a whole chart written as one string, files separated by `//- /path` lines and
//! the cursor marked with `$0`, loaded as unsaved buffers (nothing touches the disk).
//!
//! ```text
//! //- /Chart.yaml
//! apiVersion: v2
//! name: demo
//! version: 0.1.0
//! //- /values.yaml
//! image:
//!   tag: "1.0"
//! //- /templates/deploy.yaml
//! image: {{ .Values.image.$0 }}
//! ```

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::{AnalysisHost, Config};

/// The cursor marker.
pub const CURSOR: &str = "$0";

/// A loaded fixture.
pub struct Fixture {
    pub host: AnalysisHost,
    /// The directory the fixture's `/` stands for (a fresh path that does not exist on disk).
    pub root: PathBuf,
    /// Every file, absolute, in fixture order.
    pub files: Vec<PathBuf>,
    /// Where `$0` was (file, byte offset), if anywhere.
    pub cursor: Option<(PathBuf, u32)>,
}

impl Fixture {
    /// Parses and loads a fixture with the default settings.
    pub fn parse(text: &str) -> Fixture {
        Fixture::with_config(text, Config::default())
    }

    pub fn with_config(text: &str, config: Config) -> Fixture {
        static N: AtomicU64 = AtomicU64::new(0);
        let root = std::env::temp_dir().join(format!(
            "cw-fixture-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let mut host = AnalysisHost::new(config);
        host.set_roots(vec![root.clone()]);
        let mut files = Vec::new();
        let mut cursor = None;
        for (name, body) in split(text) {
            let path = root.join(name.trim_start_matches('/'));
            let body = match body.find(CURSOR) {
                Some(i) => {
                    cursor = Some((path.clone(), i as u32));
                    body.replacen(CURSOR, "", 1)
                }
                None => body,
            };
            host.set_file(&path, Arc::from(body));
            files.push(path);
        }
        Fixture {
            host,
            root,
            files,
            cursor,
        }
    }

    /// The absolute path of a fixture path (`/templates/x.yaml`).
    pub fn path(&self, name: &str) -> PathBuf {
        self.root.join(name.trim_start_matches('/'))
    }

    /// The cursor (panics when the fixture has none: a broken test).
    pub fn cursor(&self) -> (&Path, u32) {
        let (p, o) = self.cursor.as_ref().expect("fixture has a $0 cursor");
        (p, *o)
    }
}

/// Splits a fixture into (path, text) pairs. Text before the first `//- ` line is ignored; a
/// common indentation of the fixture is removed.
fn split(text: &str) -> Vec<(String, String)> {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let line = if line.len() >= indent {
            &line[indent..]
        } else {
            line.trim_start()
        };
        if let Some(name) = line.strip_prefix("//- ") {
            out.push((name.trim().to_string(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    // The closing quote's indentation leaves blank lines at the end of the last file.
    for (_, body) in &mut out {
        while body.ends_with("\n\n") {
            body.pop();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_cursor() {
        let f = Fixture::parse(
            r#"
            //- /Chart.yaml
            apiVersion: v2
            name: demo
            version: 0.1.0
            //- /templates/a.yaml
            x: {{ .Values.$0 }}
            "#,
        );
        assert_eq!(f.files.len(), 2);
        let (path, offset) = f.cursor();
        assert_eq!(path, f.path("/templates/a.yaml"));
        assert_eq!(offset, "x: {{ .Values.".len() as u32);
        let text = f.host.snapshot().file_text(path).unwrap();
        assert_eq!(&*text, "x: {{ .Values. }}\n");
    }
}
