//! Hostile input: the loader answers with findings, in bounded time, and never panics.

use std::io::Write;
use std::path::Path;

use cw_chart::{load, load_archive, MemoryFs};

/// A `.tgz` holding `files` under the top directory `top`.
fn tgz(top: &str, files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut tar = tar::Builder::new(Vec::new());
    for (name, data) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_path(format!("{top}/{name}")).unwrap();
        h.set_cksum();
        tar.append(&h, *data).unwrap();
    }
    let raw = tar.into_inner().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&raw).unwrap();
    gz.finish().unwrap()
}

#[test]
fn deeply_nested_subchart_archives_stop_at_the_depth_limit() {
    let mut inner = tgz(
        "c0",
        &[("Chart.yaml", b"apiVersion: v2\nname: c0\nversion: 1.0.0\n")],
    );
    for i in 1..40 {
        let chart_yaml = format!("apiVersion: v2\nname: c{i}\nversion: 1.0.0\n");
        let child = format!("charts/c{}-1.0.0.tgz", i - 1);
        inner = tgz(
            &format!("c{i}"),
            &[
                ("Chart.yaml", chart_yaml.as_bytes()),
                (child.as_str(), inner.as_slice()),
            ],
        );
    }
    let r = load_archive("c39-1.0.0.tgz", &inner);
    let deepest = r
        .findings
        .iter()
        .find(|f| f.code == "subchart-invalid")
        .expect("depth limit reported");
    assert!(
        deepest.message.contains("nested more than 32 levels"),
        "{}",
        deepest.message
    );
    assert!(r.helm_error.is_some());
}

#[test]
fn hostile_chart_yaml_gives_findings() {
    let mut nested = "a: ".to_string();
    nested.push_str(&"[".repeat(5000));
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
                e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n\
                g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n\
                name: [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
    let inputs: Vec<Vec<u8>> = vec![
        nested.into_bytes(),
        bomb.as_bytes().to_vec(),
        vec![0xff, 0xfe, 0x00, b':', b'\n', 0xc3],
        b"- a\n- b\n".to_vec(),
        b"\"unterminated".to_vec(),
        b"name: x\nversion: 1.0.0\ndependencies:\n  - ~\n  - name: [\n".to_vec(),
    ];
    for input in inputs {
        let mut fs = MemoryFs::new();
        fs.insert_file("/c/Chart.yaml", input.clone());
        let r = load(&fs, Path::new("/c"));
        assert!(
            r.helm_error.is_some(),
            "input {:?} loaded without error",
            String::from_utf8_lossy(&input)
        );
        assert!(!r.findings.is_empty());
    }
}

#[test]
fn garbage_archives_are_findings() {
    for data in [
        &b""[..],
        b"\x1f\x8b\x08",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage",
        b"not an archive at all",
    ] {
        let r = load_archive("x.tgz", data);
        assert_eq!(r.findings.len(), 1, "{data:?}");
        assert_eq!(r.findings[0].code, "archive-invalid");
    }
    let empty_tar = {
        let raw = tar::Builder::new(Vec::new()).into_inner().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&raw).unwrap();
        gz.finish().unwrap()
    };
    let r = load_archive("x.tgz", &empty_tar);
    assert_eq!(r.helm_error.as_deref(), Some("no files in chart archive"));
}

#[test]
fn corrupt_subchart_archive_is_reported_at_its_path() {
    let mut fs = MemoryFs::new();
    fs.insert_file("/c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n");
    fs.insert_file("/c/charts/sub-1.0.0.tgz", "not gzip");
    let r = load(&fs, Path::new("/c"));
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].file, Path::new("charts/sub-1.0.0.tgz"));
    assert_eq!(
        r.findings[0].message,
        "error unpacking subchart sub-1.0.0.tgz in c: gzip: invalid header"
    );
}

#[test]
fn directory_loads_stop_at_the_archive_size_limit() {
    let mut fs = MemoryFs::new();
    fs.insert_file("/c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n");
    let big = vec![b'x'; 4 * 1024 * 1024];
    for i in 0..26 {
        fs.insert_file(format!("/c/files/f{i:02}.bin"), big.clone());
    }
    let r = load(&fs, Path::new("/c"));
    let loaded: usize = r.chart.files.iter().map(|f| f.data.len()).sum();
    assert!(loaded <= 100 * 1024 * 1024);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].code, "file-too-large");
    assert_eq!(r.findings[0].file, Path::new("files/f24.bin"));
}

#[test]
fn deep_directories_stop_at_the_depth_limit() {
    let mut fs = MemoryFs::new();
    fs.insert_file("/c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n");
    let deep = "/d".repeat(300);
    fs.insert_file(format!("/c{deep}/x.txt"), "x");
    let r = load(&fs, Path::new("/c"));
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    assert!(r.findings[0]
        .message
        .contains("nested more than 256 levels"));
}

#[test]
fn nested_archives_share_one_decompression_budget() {
    // Each subchart archive holds a 4 MiB file that compresses to almost nothing: 80 of them
    // decompress to 320 MiB, beyond the 256 MiB all nested archives may use together.
    let big = vec![b'x'; 4 * 1024 * 1024];
    let sub = tgz(
        "s",
        &[
            ("Chart.yaml", b"apiVersion: v2\nname: s\nversion: 1.0.0\n"),
            ("files/big", big.as_slice()),
        ],
    );
    let mut fs = MemoryFs::new();
    fs.insert_file("/c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n");
    for i in 0..80 {
        fs.insert_file(format!("/c/charts/s{i:02}-1.0.0.tgz"), sub.clone());
    }
    let r = load(&fs, Path::new("/c"));
    assert!(r.chart.dependencies.len() < 80);
    assert!(r.findings.iter().any(|f| f
        .message
        .ends_with("decompressed chart is larger than the maximum size 0")
        || f.message
            .contains("decompressed chart is larger than the maximum size")));
}
