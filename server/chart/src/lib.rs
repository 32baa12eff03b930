//! The Helm chart model and its loader (directories, archives, subcharts, .helmignore).
//!
//! [`load`] reads a chart directory or `.tgz` through a [`FileSystem`] (the disk, or an in-memory
//! overlay of unsaved buffers) into a [`Chart`] named as Helm names things (`Metadata`,
//! `Dependency`, `Lock`, `Files`), with the byte range of every Chart.yaml key and value. It does
//! what Helm's `pkg/chart/v2/loader` does, but never stops at the first problem: each becomes a
//! [`cw_base::Finding`], and [`LoadResult::helm_error`] says whether Helm would refuse the chart.

pub mod archive;
pub mod codes;
pub mod decode;
mod deps;
pub mod fs;
pub mod ignore;
mod load;
mod model;
pub mod validate;

pub use deps::{is_compatible_range, resolve_dependencies};
pub use fs::{DiskFs, FileKind, FileMeta, FileSystem, MemoryFs, OverlayFs};
pub use load::{load, load_archive, load_dir, load_files, LoadResult};
pub use model::{
    str_of, Annotation, Chart, Dependency, DependencySource, File, Lock, Maintainer, Metadata,
    Origin, ResolvedDependency, Spanned, StrField, ValuesFile,
};
