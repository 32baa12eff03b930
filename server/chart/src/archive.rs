//! Chart archives (`.tgz`): unpacked in memory with Helm's path checks and size limits.
//!
//! Mirrors Helm's `pkg/chart/loader/archive`: the first path component (the chart's directory) is
//! dropped, absolute paths, `..` and drive letters are refused, a `Chart.yaml` outside a directory
//! is refused, and decompression stops at 100 MiB in all or 5 MiB for one file. Nothing is written
//! to disk.

use cw_yaml::go_quote;
use std::io::Read;

use flate2::read::GzDecoder;

/// Helm's limit on the decompressed size of a whole chart archive.
pub const MAX_DECOMPRESSED_CHART_SIZE: u64 = 100 * 1024 * 1024;
/// Helm's limit on the decompressed size of one file (also applied to files on disk).
pub const MAX_DECOMPRESSED_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// A file read out of an archive or a directory, named relative to the chart root with `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BufferedFile {
    pub name: String,
    pub data: Vec<u8>,
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// Removes a leading UTF-8 byte order mark, as Helm does for every file it loads.
pub fn strip_bom(mut data: Vec<u8>) -> Vec<u8> {
    if data.starts_with(UTF8_BOM) {
        data.drain(..3);
    }
    data
}

/// Helm's check before unpacking: is this a gzip file at all? Returns Helm's message if not.
pub fn ensure_archive(name: &str, data: &[u8]) -> Result<(), String> {
    if data.starts_with(b"\x1f\x8b\x08") {
        return Ok(());
    }
    if name.ends_with(".yml") || name.ends_with(".yaml") {
        return Err(format!(
            "file '{name}' seems to be a YAML file, but expected a gzipped archive"
        ));
    }
    // Helm sniffs a zero-filled 512-byte buffer with Go's `http.DetectContentType`: a shorter
    // file leaves NUL bytes in it, which read as binary.
    let mut head = [0u8; 512];
    let n = data.len().min(512);
    head[..n].copy_from_slice(&data[..n]);
    let binary = head.iter().any(|&b| {
        b <= 0x08 || b == 0x0B || (0x0E..=0x1A).contains(&b) || (0x1C..=0x1F).contains(&b)
    });
    let content_type = if binary {
        "application/octet-stream"
    } else {
        "text/plain; charset=utf-8"
    };
    Err(format!(
        "file '{name}' does not appear to be a gzipped archive; got '{content_type}'"
    ))
}

/// Reads every regular file of a gzip-compressed tar archive, with Helm's checks. The error is
/// Helm's message.
pub fn load_archive_files(data: &[u8]) -> Result<Vec<BufferedFile>, String> {
    load_archive_files_with_limits(
        data,
        MAX_DECOMPRESSED_CHART_SIZE,
        MAX_DECOMPRESSED_FILE_SIZE,
    )
}

/// [`load_archive_files`] with explicit limits (tests use small ones).
pub fn load_archive_files_with_limits(
    data: &[u8],
    max_chart: u64,
    max_file: u64,
) -> Result<Vec<BufferedFile>, String> {
    if !data.starts_with(b"\x1f\x8b") {
        return Err("gzip: invalid header".to_string());
    }
    let mut archive = tar::Archive::new(GzDecoder::new(data));
    let entries = archive.entries().map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    let mut remaining = max_chart;
    for entry in entries {
        let mut entry = entry.map_err(|e| e.to_string())?;
        let header = entry.header();
        let kind = header.entry_type();
        let raw_name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if kind.is_dir() || raw_name.ends_with('/') {
            continue;
        }
        if kind.is_pax_global_extensions() || kind.is_pax_local_extensions() {
            continue;
        }
        let delimiter = if raw_name.contains('\\') { '\\' } else { '/' };
        let parts: Vec<&str> = raw_name.split(delimiter).collect();
        let joined = parts[1..].join("/");
        if joined.starts_with('/') {
            return Err("chart illegally contains absolute paths".to_string());
        }
        let n = go_path_clean(&joined);
        if n == "." {
            return Err(format!(
                "chart illegally contains content outside the base directory: {}",
                go_quote(&raw_name)
            ));
        }
        if n.starts_with("..") {
            return Err("chart illegally references parent directory".to_string());
        }
        let b = n.as_bytes();
        if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/' {
            return Err("chart contains illegally named files".to_string());
        }
        if parts[0] == "Chart.yaml" {
            return Err("chart yaml not in base directory".to_string());
        }
        let size = entry.size();
        if size > remaining {
            return Err(format!(
                "decompressed chart is larger than the maximum size {max_chart}"
            ));
        }
        if size > max_file {
            return Err(format!(
                "decompressed chart file {} is larger than the maximum file size {max_file}",
                go_quote(&raw_name)
            ));
        }
        let mut buf = Vec::with_capacity(size.min(max_file) as usize);
        (&mut entry)
            .take(remaining)
            .read_to_end(&mut buf)
            .map_err(|e| e.to_string())?;
        let written = buf.len() as u64;
        remaining -= written;
        if written < size || remaining == 0 {
            return Err(format!(
                "decompressed chart is larger than the maximum size {max_chart}"
            ));
        }
        files.push(BufferedFile {
            name: n,
            data: strip_bom(buf),
        });
    }
    if files.is_empty() {
        return Err("no files in chart archive".to_string());
    }
    Ok(files)
}

/// Go's `path.Clean`.
pub(crate) fn go_path_clean(p: &str) -> String {
    if p.is_empty() {
        return ".".to_string();
    }
    let rooted = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if matches!(out.last(), Some(&l) if l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            _ => out.push(part),
        }
    }
    let body = out.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".to_string(),
        (false, false) => body,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use flate2::write::GzEncoder;

    /// Builds a `.tgz` in memory from (path, contents) pairs, with raw (unchecked) names.
    pub(crate) fn tgz(files: &[(&str, &[u8])]) -> Vec<u8> {
        let enc = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let mut builder = tar::Builder::new(enc);
        for (name, data) in files {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_entry_type(tar::EntryType::Regular);
            {
                let raw = header.as_old_mut();
                let bytes = name.as_bytes();
                raw.name[..bytes.len()].copy_from_slice(bytes);
            }
            header.set_cksum();
            builder.append(&header, *data).unwrap();
        }
        builder.into_inner().unwrap().finish().unwrap()
    }

    #[test]
    fn strips_top_directory_and_bom() {
        let data = tgz(&[
            ("demo/Chart.yaml", b"\xEF\xBB\xBFname: demo"),
            ("demo/templates/a.yaml", b"a"),
        ]);
        let files = load_archive_files(&data).unwrap();
        assert_eq!(files[0].name, "Chart.yaml");
        assert_eq!(files[0].data, b"name: demo");
        assert_eq!(files[1].name, "templates/a.yaml");
    }

    #[test]
    fn refuses_traversal_absolute_and_top_level_chart_yaml() {
        let err = |files: &[(&str, &[u8])]| load_archive_files(&tgz(files)).unwrap_err();
        assert_eq!(
            err(&[("demo/../../etc/passwd", b"x")]),
            "chart illegally references parent directory"
        );
        assert_eq!(
            err(&[("demo//etc/passwd", b"x")]),
            "chart illegally contains absolute paths"
        );
        assert_eq!(
            err(&[("Chart.yaml", b"x")]),
            "chart illegally contains content outside the base directory: \"Chart.yaml\""
        );
        assert_eq!(
            err(&[("demo/c:/x", b"x")]),
            "chart contains illegally named files"
        );
    }

    #[test]
    fn size_limits_stop_decompression_bombs() {
        let big = vec![b'a'; 4096];
        let data = tgz(&[("demo/a", &big), ("demo/b", &big)]);
        assert_eq!(
            load_archive_files_with_limits(&data, 6000, 5000).unwrap_err(),
            "decompressed chart is larger than the maximum size 6000"
        );
        assert_eq!(
            load_archive_files_with_limits(&data, 60000, 1000).unwrap_err(),
            "decompressed chart file \"demo/a\" is larger than the maximum file size 1000"
        );
    }

    #[test]
    fn corrupt_input_is_an_error_not_a_panic() {
        assert!(load_archive_files(b"").is_err());
        assert!(load_archive_files(b"\x1f\x8b\x08\x00garbage").is_err());
        let mut data = tgz(&[("demo/Chart.yaml", b"name: x")]);
        data.truncate(data.len() / 2);
        assert!(load_archive_files(&data).is_err());
        assert_eq!(
            ensure_archive("values.yaml", b"a: 1"),
            Err(
                "file 'values.yaml' seems to be a YAML file, but expected a gzipped archive".into()
            )
        );
    }

    #[test]
    fn path_clean_like_go() {
        assert_eq!(go_path_clean("a/../../b"), "../b");
        assert_eq!(go_path_clean("a/./b/"), "a/b");
        assert_eq!(go_path_clean(""), ".");
        assert_eq!(go_path_clean("/../a"), "/a");
    }
}
