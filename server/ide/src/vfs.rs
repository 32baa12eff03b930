//! The files the analysis sees: open editor buffers (unsaved text) over the disk, as an owned,
//! cheaply cloned snapshot that implements the chart loader's `FileSystem`.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use cw_chart::{DiskFs, FileKind, FileMeta, FileSystem};

/// Open documents (absolute path → text) over the disk. Cloning is cheap (one `Arc`).
#[derive(Clone, Debug, Default)]
pub struct Vfs {
    overlay: Arc<BTreeMap<PathBuf, Arc<str>>>,
}

/// `path` made absolute (against the working directory) and normalised lexically (`.`/`..`).
pub fn normalize(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

impl Vfs {
    /// Sets (or replaces) the buffer of an open document.
    pub fn set(&mut self, path: &Path, text: Arc<str>) {
        Arc::make_mut(&mut self.overlay).insert(normalize(path), text);
    }

    /// Drops the buffer of a closed document: the file on disk shows again.
    pub fn remove(&mut self, path: &Path) {
        Arc::make_mut(&mut self.overlay).remove(&normalize(path));
    }

    /// The buffer of an open document.
    pub fn overlay(&self, path: &Path) -> Option<&Arc<str>> {
        self.overlay.get(&normalize(path))
    }

    /// The open documents.
    pub fn open_files(&self) -> impl Iterator<Item = &PathBuf> {
        self.overlay.keys()
    }

    /// The text of a file: its buffer when open, else the disk's (lossy UTF-8).
    pub fn text(&self, path: &Path) -> Option<Arc<str>> {
        if let Some(t) = self.overlay(path) {
            return Some(t.clone());
        }
        let data = std::fs::read(path).ok()?;
        Some(Arc::from(String::from_utf8_lossy(&data).as_ref()))
    }

    fn is_overlay_dir(&self, dir: &Path) -> bool {
        self.overlay
            .range(dir.to_path_buf()..)
            .next()
            .is_some_and(|(p, _)| p.starts_with(dir) && p != dir)
    }
}

impl FileSystem for Vfs {
    fn symlink_metadata(&self, path: &Path) -> io::Result<FileMeta> {
        let n = normalize(path);
        if let Some(t) = self.overlay.get(&n) {
            return Ok(FileMeta {
                kind: FileKind::File,
                len: t.len() as u64,
            });
        }
        match DiskFs.symlink_metadata(&n) {
            Err(_) if self.is_overlay_dir(&n) => Ok(FileMeta {
                kind: FileKind::Dir,
                len: 0,
            }),
            r => r,
        }
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let n = normalize(path);
        let mut names = match DiskFs.read_dir(&n) {
            Ok(names) => names,
            Err(e) if !self.is_overlay_dir(&n) => return Err(e),
            Err(_) => Vec::new(),
        };
        for p in self
            .overlay
            .keys()
            .filter(|p| p.starts_with(&n) && **p != n)
        {
            if let Some(Component::Normal(first)) =
                p.strip_prefix(&n).ok().and_then(|r| r.components().next())
            {
                let first = first.to_string_lossy().into_owned();
                if !names.contains(&first) {
                    names.push(first);
                }
            }
        }
        Ok(names)
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let n = normalize(path);
        match self.overlay.get(&n) {
            Some(t) => Ok(t.as_bytes().to_vec()),
            None => DiskFs.read(&n),
        }
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        let n = normalize(path);
        if self.overlay.contains_key(&n) {
            return Ok(n);
        }
        match DiskFs.canonicalize(&n) {
            Err(_) if self.is_overlay_dir(&n) => Ok(n),
            r => r,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_shadow_the_disk_and_add_directories() {
        let dir = std::env::temp_dir().join(format!("cw-ide-vfs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.yaml"), "disk").unwrap();
        let mut vfs = Vfs::default();
        vfs.set(&dir.join("a.yaml"), Arc::from("buffer"));
        vfs.set(&dir.join("new/b.yaml"), Arc::from("b"));
        assert_eq!(vfs.read(&dir.join("a.yaml")).unwrap(), b"buffer");
        assert_eq!(&*vfs.text(&dir.join("new/b.yaml")).unwrap(), "b");
        let mut names = vfs.read_dir(&dir).unwrap();
        names.sort();
        assert_eq!(names, vec!["a.yaml".to_string(), "new".to_string()]);
        assert_eq!(vfs.metadata(&dir.join("new")).unwrap().kind, FileKind::Dir);
        vfs.remove(&dir.join("a.yaml"));
        assert_eq!(vfs.read(&dir.join("a.yaml")).unwrap(), b"disk");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
