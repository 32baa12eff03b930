//! Template names from a library subchart shipped as a `.tgz` (testdata/ide/lang-archived-library,
//! archive rebuilt by testdata/ide/lang-archive-source/build.sh): completion and hover see its
//! defines, definition points inside the archive, and a rename that would edit the archive is
//! refused.

use std::path::PathBuf;

use cw_ide::{AnalysisHost, CompletionKind, Config};

fn chart() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/ide/lang-archived-library")
}

fn host() -> AnalysisHost {
    let mut host = AnalysisHost::new(Config::default());
    host.set_roots(vec![chart()]);
    host
}

fn deployment() -> (PathBuf, String) {
    let path = cw_ide::vfs::normalize(&chart().join("templates/deployment.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

#[test]
fn include_names_come_from_the_archive_too() {
    let mut host = host();
    let (path, text) = deployment();
    // Typing a new include.
    let typed = text.replace("spec:\n", "spec:\n  x: {{ include \"co");
    host.set_file(&path, typed.clone().into());
    let offset = (typed.find("{{ include \"co").unwrap() + "{{ include \"co".len()) as u32;
    let items = host.snapshot().completion(&path, offset).unwrap();
    let names: Vec<&str> = items
        .iter()
        .filter(|i| i.kind == CompletionKind::Template)
        .map(|i| i.label.as_str())
        .collect();
    assert_eq!(names, ["common.fullname", "common.name", "web.labels"]);
    let full = items.iter().find(|i| i.label == "common.fullname").unwrap();
    assert_eq!(
        full.detail.as_deref(),
        Some("define in charts/common-1.0.0.tgz/templates/_names.tpl")
    );
}

#[test]
fn definition_inside_the_archive_and_hover_shows_the_body() {
    let host = host();
    let (path, text) = deployment();
    let offset = text.find("common.fullname").unwrap() as u32 + 3;
    let snap = host.snapshot();
    let defs = snap.goto_definition(&path, offset).unwrap();
    assert_eq!(defs.len(), 1);
    assert!(
        defs[0]
            .path
            .ends_with("charts/common-1.0.0.tgz/templates/_names.tpl"),
        "{:?}",
        defs[0].path
    );
    let hover = snap.hover(&path, offset).unwrap().unwrap();
    assert!(
        hover.markdown.contains(
            "{{ printf \"%s-%s\" .Release.Name (include \"common.name\" .) | trunc 63 }}"
        ),
        "{}",
        hover.markdown
    );
}

#[test]
fn renaming_a_define_the_archive_uses_is_refused_but_local_ones_rename() {
    let host = host();
    let (path, text) = deployment();
    let snap = host.snapshot();
    let on_archived = text.find("common.fullname").unwrap() as u32 + 3;
    assert_eq!(
        snap.rename(&path, on_archived, "common.full").unwrap(),
        Err("`common.fullname` appears in charts/common-1.0.0.tgz/templates/_names.tpl, inside an archived subchart that cannot be edited".into())
    );
    let on_local = text.find("web.labels").unwrap() as u32 + 3;
    let change = snap
        .rename(&path, on_local, "web.commonLabels")
        .unwrap()
        .unwrap();
    let files: Vec<String> = change
        .edits
        .keys()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["_helpers.tpl", "deployment.yaml"]);
}
