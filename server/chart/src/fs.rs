//! The file system the loader reads charts from: the real disk, or an in-memory overlay.
//!
//! The language server analyses unsaved buffers, so the loader never calls `std::fs` directly: it
//! goes through [`FileSystem`]. [`DiskFs`] reads the disk; [`MemoryFs`] holds files, directories
//! and symbolic links in memory (tests, and editor overlays).

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// What kind of entry a path names, without following a final symbolic link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    File,
    Dir,
    Symlink,
    /// Devices, sockets, pipes: Helm refuses to load them.
    Other,
}

/// The part of a file's metadata the loader needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileMeta {
    pub kind: FileKind,
    pub len: u64,
}

/// Read-only access to a tree of files. Paths are absolute or relative to the process's working
/// directory for [`DiskFs`]; [`MemoryFs`] takes any path and normalises `.` and `..` lexically.
pub trait FileSystem {
    /// Metadata of `path` itself (a symbolic link is reported as [`FileKind::Symlink`]).
    fn symlink_metadata(&self, path: &Path) -> io::Result<FileMeta>;
    /// The names of the entries of a directory, in any order.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>>;
    /// The contents of a file (following symbolic links).
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// The absolute path with every symbolic link resolved; an error when a link dangles or loops.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;

    /// Metadata of what `path` points at, following symbolic links.
    fn metadata(&self, path: &Path) -> io::Result<FileMeta> {
        let meta = self.symlink_metadata(path)?;
        if meta.kind == FileKind::Symlink {
            let target = self.canonicalize(path)?;
            self.symlink_metadata(&target)
        } else {
            Ok(meta)
        }
    }
}

/// The real disk.
#[derive(Clone, Copy, Debug, Default)]
pub struct DiskFs;

impl FileSystem for DiskFs {
    fn symlink_metadata(&self, path: &Path) -> io::Result<FileMeta> {
        let m = std::fs::symlink_metadata(path)?;
        let ft = m.file_type();
        let kind = if ft.is_symlink() {
            FileKind::Symlink
        } else if ft.is_dir() {
            FileKind::Dir
        } else if ft.is_file() {
            FileKind::File
        } else {
            FileKind::Other
        };
        Ok(FileMeta { kind, len: m.len() })
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(path)? {
            names.push(entry?.file_name().to_string_lossy().into_owned());
        }
        Ok(names)
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }
}

#[derive(Clone, Debug)]
enum MemEntry {
    File(Vec<u8>),
    Dir,
    Symlink(PathBuf),
}

/// An in-memory tree. Parent directories are created implicitly.
#[derive(Clone, Debug, Default)]
pub struct MemoryFs {
    entries: BTreeMap<PathBuf, MemEntry>,
}

/// How many links [`MemoryFs::canonicalize`] follows before it reports a loop (Linux's limit).
const MAX_LINK_HOPS: usize = 40;

impl MemoryFs {
    pub fn new() -> MemoryFs {
        let mut fs = MemoryFs::default();
        fs.entries.insert(PathBuf::from("/"), MemEntry::Dir);
        fs
    }

    /// Adds (or replaces) a file; `path` is made absolute against `/`.
    pub fn insert_file(&mut self, path: impl AsRef<Path>, data: impl Into<Vec<u8>>) {
        let path = normalize(path.as_ref());
        self.mkdirs(path.parent());
        self.entries.insert(path, MemEntry::File(data.into()));
    }

    /// Adds an empty directory.
    pub fn insert_dir(&mut self, path: impl AsRef<Path>) {
        let path = normalize(path.as_ref());
        self.mkdirs(Some(&path));
    }

    /// Adds a symbolic link at `path` pointing at `target` (relative to the link's directory, or
    /// absolute).
    pub fn insert_symlink(&mut self, path: impl AsRef<Path>, target: impl AsRef<Path>) {
        let path = normalize(path.as_ref());
        self.mkdirs(path.parent());
        self.entries
            .insert(path, MemEntry::Symlink(target.as_ref().to_path_buf()));
    }

    fn mkdirs(&mut self, dir: Option<&Path>) {
        let Some(dir) = dir else { return };
        for anc in dir.ancestors() {
            self.entries
                .entry(anc.to_path_buf())
                .or_insert(MemEntry::Dir);
        }
    }

    /// Resolves symbolic links in every component of `path`.
    fn resolve(&self, path: &Path) -> io::Result<PathBuf> {
        let mut hops = 0;
        let mut todo: Vec<PathBuf> = Vec::new();
        let mut cur = PathBuf::from("/");
        let path = normalize(path);
        for c in path.components().rev() {
            if let Component::Normal(n) = c {
                todo.push(PathBuf::from(n));
            }
        }
        while let Some(next) = todo.pop() {
            let candidate = cur.join(&next);
            match self.entries.get(&candidate) {
                None => return Err(io::Error::new(io::ErrorKind::NotFound, "no such file")),
                Some(MemEntry::Symlink(target)) => {
                    hops += 1;
                    if hops > MAX_LINK_HOPS {
                        return Err(io::Error::other("too many levels of symbolic links"));
                    }
                    let joined = if target.is_absolute() {
                        target.clone()
                    } else {
                        cur.join(target)
                    };
                    let joined = normalize(&joined);
                    cur = PathBuf::from("/");
                    for c in joined.components().rev() {
                        if let Component::Normal(n) = c {
                            todo.push(PathBuf::from(n));
                        }
                    }
                }
                Some(_) => cur = candidate,
            }
        }
        Ok(cur)
    }

    fn lookup(&self, path: &Path) -> io::Result<&MemEntry> {
        self.entries
            .get(path)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file or directory"))
    }
}

impl FileSystem for MemoryFs {
    fn symlink_metadata(&self, path: &Path) -> io::Result<FileMeta> {
        let path = normalize(path);
        let parent = match path.parent() {
            Some(p) => self.resolve(p)?,
            None => PathBuf::from("/"),
        };
        let full = match path.file_name() {
            Some(n) => parent.join(n),
            None => parent,
        };
        Ok(match self.lookup(&full)? {
            MemEntry::File(d) => FileMeta {
                kind: FileKind::File,
                len: d.len() as u64,
            },
            MemEntry::Dir => FileMeta {
                kind: FileKind::Dir,
                len: 0,
            },
            MemEntry::Symlink(_) => FileMeta {
                kind: FileKind::Symlink,
                len: 0,
            },
        })
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let dir = self.resolve(path)?;
        match self.lookup(&dir)? {
            MemEntry::Dir => {}
            _ => return Err(io::Error::other("not a directory")),
        }
        Ok(self
            .entries
            .range(dir.clone()..)
            .skip(1)
            .take_while(|(p, _)| p.starts_with(&dir))
            .filter(|(p, _)| p.parent() == Some(dir.as_path()))
            .filter_map(|(p, _)| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect())
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let full = self.resolve(path)?;
        match self.lookup(&full)? {
            MemEntry::File(d) => Ok(d.clone()),
            _ => Err(io::Error::other("is a directory")),
        }
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        self.resolve(path)
    }
}

/// Unsaved editor buffers over another file system: a file in the overlay replaces (or adds to)
/// the file at the same absolute path underneath; directories holding overlay files exist.
pub struct OverlayFs<'a> {
    base: &'a dyn FileSystem,
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl<'a> OverlayFs<'a> {
    pub fn new(base: &'a dyn FileSystem) -> OverlayFs<'a> {
        OverlayFs {
            base,
            files: BTreeMap::new(),
        }
    }

    /// Sets the contents of the file at `path` (an absolute path).
    pub fn set(&mut self, path: impl AsRef<Path>, data: impl Into<Vec<u8>>) {
        self.files.insert(normalize(path.as_ref()), data.into());
    }

    /// Drops the buffer for `path`; the file underneath shows again.
    pub fn remove(&mut self, path: impl AsRef<Path>) {
        self.files.remove(&normalize(path.as_ref()));
    }

    fn is_overlay_dir(&self, dir: &Path) -> bool {
        self.files
            .range(dir.to_path_buf()..)
            .next()
            .is_some_and(|(p, _)| p.starts_with(dir) && p != dir)
    }
}

impl FileSystem for OverlayFs<'_> {
    fn symlink_metadata(&self, path: &Path) -> io::Result<FileMeta> {
        let n = normalize(path);
        if let Some(data) = self.files.get(&n) {
            return Ok(FileMeta {
                kind: FileKind::File,
                len: data.len() as u64,
            });
        }
        match self.base.symlink_metadata(path) {
            Err(_) if self.is_overlay_dir(&n) => Ok(FileMeta {
                kind: FileKind::Dir,
                len: 0,
            }),
            r => r,
        }
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let n = normalize(path);
        let mut names = match self.base.read_dir(path) {
            Ok(names) => names,
            Err(e) if !self.is_overlay_dir(&n) => return Err(e),
            Err(_) => Vec::new(),
        };
        for p in self.files.keys().filter(|p| p.starts_with(&n) && **p != n) {
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
        match self.files.get(&normalize(path)) {
            Some(d) => Ok(d.clone()),
            None => self.base.read(path),
        }
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        let n = normalize(path);
        if self.files.contains_key(&n) {
            return Ok(n);
        }
        match self.base.canonicalize(path) {
            Err(_) if self.is_overlay_dir(&n) => Ok(n),
            r => r,
        }
    }
}

/// Makes `path` absolute against `/` and removes `.` and `..` lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::from("/");
    for c in path.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::ParentDir => {
                out.pop();
            }
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_fs_lists_resolves_and_reads() {
        let mut fs = MemoryFs::new();
        fs.insert_file("/c/Chart.yaml", "name: c");
        fs.insert_file("/c/templates/a.yaml", "a");
        fs.insert_symlink("/c/link", "templates");
        fs.insert_symlink("/c/loop", "loop");
        let mut names = fs.read_dir(Path::new("/c")).unwrap();
        names.sort();
        assert_eq!(names, ["Chart.yaml", "link", "loop", "templates"]);
        assert_eq!(
            fs.symlink_metadata(Path::new("/c/link")).unwrap().kind,
            FileKind::Symlink
        );
        assert_eq!(
            fs.canonicalize(Path::new("/c/link/a.yaml")).unwrap(),
            Path::new("/c/templates/a.yaml")
        );
        assert_eq!(fs.read(Path::new("/c/link/a.yaml")).unwrap(), b"a");
        assert!(fs.canonicalize(Path::new("/c/loop")).is_err());
        assert!(fs.read(Path::new("/c/missing")).is_err());
        assert_eq!(fs.read_dir(Path::new("/c/link")).unwrap(), ["a.yaml"]);
    }

    #[test]
    fn overlay_shadows_and_adds_files() {
        let mut base = MemoryFs::new();
        base.insert_file("/c/Chart.yaml", "name: on-disk");
        base.insert_file("/c/values.yaml", "a: 1");
        let mut fs = OverlayFs::new(&base);
        fs.set("/c/Chart.yaml", "name: unsaved");
        fs.set("/c/templates/new.yaml", "new");
        assert_eq!(
            fs.read(Path::new("/c/Chart.yaml")).unwrap(),
            b"name: unsaved"
        );
        assert_eq!(fs.read(Path::new("/c/values.yaml")).unwrap(), b"a: 1");
        let mut names = fs.read_dir(Path::new("/c")).unwrap();
        names.sort();
        assert_eq!(names, ["Chart.yaml", "templates", "values.yaml"]);
        assert_eq!(
            fs.symlink_metadata(Path::new("/c/templates")).unwrap().kind,
            FileKind::Dir
        );
        assert_eq!(
            fs.read_dir(Path::new("/c/templates")).unwrap(),
            ["new.yaml"]
        );
        fs.remove("/c/Chart.yaml");
        assert_eq!(
            fs.read(Path::new("/c/Chart.yaml")).unwrap(),
            b"name: on-disk"
        );
    }
}
