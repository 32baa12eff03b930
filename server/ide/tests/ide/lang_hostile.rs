//! Broken, half-typed, deeply nested and multi-byte template text: every feature at every byte
//! offset answers without panicking (offsets inside a UTF-8 character included).

use cw_ide::fixture::Fixture;
use cw_ide::TextRange;

const CHART: &str = "//- /Chart.yaml\napiVersion: v2\nname: demo\nversion: 0.1.0\n";

fn every_feature_everywhere(template: &str) {
    let f = Fixture::parse(&format!("{CHART}//- /templates/t.yaml\n{template}\n"));
    let path = f.path("/templates/t.yaml");
    let snap = f.host.snapshot();
    let len = snap.file_text(&path).unwrap().len() as u32;
    snap.semantic_tokens(&path).unwrap();
    snap.document_symbols(&path).unwrap();
    for offset in 0..=len {
        snap.completion(&path, offset).unwrap();
        snap.hover(&path, offset).unwrap();
        snap.goto_definition(&path, offset).unwrap();
        snap.references(&path, offset, true).unwrap();
        if snap.prepare_rename(&path, offset).unwrap().is_some() {
            let _ = snap.rename(&path, offset, "renamed").unwrap();
        }
        snap.signature_help(&path, offset).unwrap();
        snap.code_actions(&path, TextRange::empty(offset)).unwrap();
    }
}

#[test]
fn half_typed_actions() {
    every_feature_everywhere(
        "a: {{ .Release. }}\nb: {{ include \" }}\n{{ $x := \n{{- define \"d\" -}}{{ if }}\n{{ template \"d\" | }}{{ (((\n{{ else }}{{ end }}{{ end }}\n{{- range $i, := . }}{{ $i. }}\n  {{ toYaml .x | indent }}\n{{/* unterminated",
    );
}

#[test]
fn multi_byte_text_and_names() {
    every_feature_everywhere(
        "é: {{ $naïve := \"日本\" }}{{ $naïve | quote }}\n{{ define \"ünï\" }}ö{{ end }}{{ include \"ünï\" . }}{{ .Chart.Näme }}{{ printf \"%s\" \"→\" }}",
    );
}

#[test]
fn deep_nesting_stays_bounded() {
    let depth = 3000;
    let mut t = String::new();
    for i in 0..depth {
        t.push_str(&format!("{{{{ if $v{i} := true }}}}"));
    }
    t.push_str("{{ $v0 }}{{ ");
    t.push_str(&"(".repeat(2000));
    t.push_str("quote 1");
    t.push_str(&")".repeat(2000));
    t.push_str(" }}");
    for _ in 0..depth {
        t.push_str("{{ end }}");
    }
    let f = Fixture::parse(&format!("{CHART}//- /templates/t.yaml\n{t}\n"));
    let path = f.path("/templates/t.yaml");
    let snap = f.host.snapshot();
    let use_v0 = t.find("{{ $v0 }}").unwrap() as u32 + 4;
    snap.completion(&path, use_v0).unwrap();
    snap.hover(&path, use_v0).unwrap();
    snap.references(&path, use_v0, true).unwrap();
    snap.semantic_tokens(&path).unwrap();
    snap.document_symbols(&path).unwrap();
    let in_parens = t.find("quote").unwrap() as u32 + 6;
    snap.signature_help(&path, in_parens).unwrap();
    snap.code_actions(&path, TextRange::new(0, t.len() as u32))
        .unwrap();
}
