//! Fuzz target: the Helm YAML loader never panics and keeps its ranges inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn check(node: &cw_yaml::Node, len: usize) {
    assert!(node.range.end() as usize <= len);
    match &node.value {
        cw_yaml::Value::Seq(items) => items.iter().for_each(|n| check(n, len)),
        cw_yaml::Value::Map(m) => m.entries.iter().for_each(|e| {
            assert!(e.key_range.end() as usize <= len);
            check(&e.value, len);
        }),
        _ => {}
    }
}

fuzz_target!(|text: &str| {
    let loaded = cw_yaml::load(text);
    if let Some(root) = &loaded.root {
        check(root, text.len());
    }
    for err in &loaded.errors {
        assert!(err.range.end() as usize <= text.len());
    }
    for doc in cw_yaml::load_documents(text) {
        if let Some(root) = &doc.root {
            check(root, text.len());
        }
    }
});
