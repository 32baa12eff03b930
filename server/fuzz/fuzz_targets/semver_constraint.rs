//! Fuzz target: Masterminds constraint and version parsing never panic, and error ranges lie
//! inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (constraint, version) = text.split_once('\n').unwrap_or((text, "1.2.3"));
    match cw_semver::Constraints::parse(constraint) {
        Ok(c) => {
            if let Ok(v) = cw_semver::Version::parse(version) {
                let _ = c.check(&v);
                let _ = c.validate(&v);
            }
        }
        Err(e) => {
            let r = e.range().to_usize();
            assert!(r.end <= constraint.len());
        }
    }
    if let Ok(v) = cw_semver::Version::parse(text) {
        let _ = v.to_string();
    }
});
