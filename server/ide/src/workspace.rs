//! Which charts a workspace holds and which chart a file belongs to: a chart is a directory
//! with a `Chart.yaml`; a chart under another chart's `charts/` is that chart's subchart and is
//! analysed as part of its top-level (root) chart, as Helm renders it.

use std::path::{Path, PathBuf};

use cw_chart::{FileKind, FileSystem};

use crate::vfs::Vfs;

/// Directories never searched for charts.
const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target", ".tools", "vendor"];

/// How deep below a workspace root charts are searched for.
pub const MAX_DISCOVERY_DEPTH: usize = 12;

/// At most this many charts are discovered under one root (a bound against huge trees).
pub const MAX_CHARTS_PER_ROOT: usize = 5000;

fn is_chart_dir(vfs: &Vfs, dir: &Path) -> bool {
    vfs.metadata(&dir.join("Chart.yaml"))
        .is_ok_and(|m| m.kind == FileKind::File)
}

/// The top-level chart directories under `root` (subcharts under `charts/` belong to their
/// parent and are not listed), in path order.
pub fn discover_charts(vfs: &Vfs, root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(vfs, &crate::vfs::normalize(root), 0, &mut out);
    out.sort();
    out.dedup();
    out
}

fn walk(vfs: &Vfs, dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > MAX_DISCOVERY_DEPTH || out.len() >= MAX_CHARTS_PER_ROOT {
        return;
    }
    if is_chart_dir(vfs, dir) {
        out.push(root_chart_of_dir(vfs, dir));
        return;
    }
    let Ok(mut names) = vfs.read_dir(dir) else {
        return;
    };
    names.sort();
    for name in names {
        if SKIPPED_DIRS.contains(&name.as_str()) {
            continue;
        }
        let child = dir.join(&name);
        if vfs
            .symlink_metadata(&child)
            .is_ok_and(|m| m.kind == FileKind::Dir)
        {
            walk(vfs, &child, depth + 1, out);
        }
    }
}

/// The chart a file belongs to directly: the nearest ancestor directory with a `Chart.yaml`.
pub fn owning_chart(vfs: &Vfs, file: &Path) -> Option<PathBuf> {
    let file = crate::vfs::normalize(file);
    let mut dir = file.parent()?.to_path_buf();
    loop {
        if is_chart_dir(vfs, &dir) {
            return Some(dir);
        }
        if !dir.pop() {
            return None;
        }
    }
}

/// The top-level chart a chart directory is rendered in: while the directory sits in a
/// `charts/` folder of another chart, that chart.
pub fn root_chart_of_dir(vfs: &Vfs, chart_dir: &Path) -> PathBuf {
    let mut root = chart_dir.to_path_buf();
    loop {
        let parent = match root.parent() {
            Some(p) if p.file_name().is_some_and(|n| n == "charts") => p,
            _ => return root,
        };
        match parent.parent() {
            Some(gp) if is_chart_dir(vfs, gp) => root = gp.to_path_buf(),
            _ => return root,
        }
    }
}

/// Whether `file` is one of a chart's templates: under a `templates/` folder of a chart
/// folder (not, say, under `files/templates/`, which is `.Files` content).
pub fn is_chart_template(vfs: &Vfs, file: &Path) -> bool {
    file.ancestors().skip(1).any(|dir| {
        dir.file_name().is_some_and(|n| n == "templates")
            && dir.parent().is_some_and(|chart| is_chart_dir(vfs, chart))
    })
}

/// The root chart a file is analysed in (see [`root_chart_of_dir`]).
pub fn root_chart_of(vfs: &Vfs, file: &Path) -> Option<PathBuf> {
    owning_chart(vfs, file).map(|c| root_chart_of_dir(vfs, &c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn subcharts_belong_to_their_root_and_buffers_count() {
        let base = std::env::temp_dir().join(format!("cw-ide-ws-{}", std::process::id()));
        let mut vfs = Vfs::default();
        vfs.set(&base.join("a/Chart.yaml"), Arc::from("name: a"));
        vfs.set(&base.join("a/templates/x.yaml"), Arc::from(""));
        vfs.set(
            &base.join("a/charts/sub/Chart.yaml"),
            Arc::from("name: sub"),
        );
        vfs.set(&base.join("a/charts/sub/templates/y.yaml"), Arc::from(""));
        vfs.set(&base.join("deep/er/b/Chart.yaml"), Arc::from("name: b"));
        assert_eq!(
            discover_charts(&vfs, &base),
            vec![base.join("a"), base.join("deep/er/b")]
        );
        let y = base.join("a/charts/sub/templates/y.yaml");
        assert_eq!(owning_chart(&vfs, &y), Some(base.join("a/charts/sub")));
        assert_eq!(root_chart_of(&vfs, &y), Some(base.join("a")));
        assert_eq!(root_chart_of(&vfs, &base.join("elsewhere.yaml")), None);
    }
}
