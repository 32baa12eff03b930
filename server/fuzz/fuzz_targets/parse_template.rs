//! Fuzz target: the Go template parser never panics, and every range it reports lies on
//! character boundaries inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let known = |name: &str| name.len() % 3 != 0 || cw_syntax::GO_BUILTINS.contains(&name);
    let parse = cw_syntax::parse(text, &cw_syntax::ParseOptions::new("fuzz", &known));
    for err in &parse.errors {
        let r = err.range.to_usize();
        assert!(r.end <= text.len(), "error range {r:?} past end {}", text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
    let _ = cw_syntax::dump(&parse);
    for offset in [0, text.len() / 2, text.len()] {
        let _ = cw_syntax::node_at_offset(&parse, offset as u32);
    }
});
