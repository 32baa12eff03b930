//! Sprig part-2 conformance (lists, dicts, regex, dates, crypto, random, network): every case
//! of testdata/sprig/part2.json (recorded from real helm by tests/record/record_sprig_part2.py)
//! rendered through cw-template with `cw_sprig::funcs()` and compared exactly; non-deterministic
//! cases check their recorded property. Cases calling a function this crate does not provide
//! (Helm's toToml/fromToml live in cw-engine) are counted as skipped and printed.

use std::collections::BTreeMap;

use cw_template::{render_text, Elem, MissingKey, Value};
use cw_yaml::GoValue;

const DATA: &str = include_str!("../../../../testdata/sprig/part2.json");

/// Cases known to differ from helm, with the reason; they are printed, not hidden. Each one
/// that starts to pass is counted as passed.
const KNOWN_GAPS: &[(&str, &str)] = &[];

fn to_value(g: &GoValue) -> Value {
    match g {
        GoValue::Null => Value::Nil,
        GoValue::Bool(b) => Value::Bool(*b),
        GoValue::Int(i) => Value::Int(*i),
        GoValue::Uint(u) => Value::Uint64(*u),
        GoValue::Float(f) => Value::Float(*f),
        GoValue::String(s) | GoValue::Time(s) => Value::str(s),
        GoValue::Seq(items) => Value::list(items.iter().map(to_value).collect()),
        GoValue::Map(m) | GoValue::Struct(m) => {
            Value::map(m.iter().map(|(k, v)| (k.clone(), to_value(v))).collect())
        }
    }
}

fn values(text: &str) -> Value {
    let loaded = cw_yaml::load(text);
    assert!(loaded.first_error().is_none(), "values must load");
    let entries: BTreeMap<String, Value> = match loaded.root.as_ref().map(GoValue::from_node) {
        Some(GoValue::Map(m)) => m.iter().map(|(k, v)| (k.clone(), to_value(v))).collect(),
        _ => BTreeMap::new(),
    };
    let top = Value::typed_map(Some("common.Values"), Elem::Any, entries);
    Value::map_from([("Values", top)])
}

/// Renders like Helm's engine: missingkey=zero, `<no value>` removed.
fn render(name: &str, text: &str, data: Value) -> Result<String, String> {
    let (out, err) = render_text(name, text, cw_sprig::funcs(), MissingKey::Zero, data);
    match err {
        Some(e) => Err(e),
        None => Ok(out.replace("<no value>", "")),
    }
}

/// The function a parse error says is missing.
fn undefined_function(err: &str) -> Option<&str> {
    let i = err.find("function \"")?;
    let rest = &err[i + 10..];
    let j = rest.find("\" not defined")?;
    Some(&rest[..j])
}

#[test]
fn part2_conformance_matches_helm() {
    let doc: serde_json::Value = serde_json::from_str(DATA).expect("part2.json parses");
    let helm = doc["helm_version"].as_str().unwrap_or("?");
    let name = doc["template_name"].as_str().expect("template_name");
    let values_text = doc["values"].as_str().expect("values");
    let cases = doc["cases"].as_array().expect("cases");
    let (mut pass, mut skipped, mut failed) = (0usize, Vec::new(), Vec::new());
    let mut gaps: Vec<String> = Vec::new();
    for case in cases {
        let template = case["template"].as_str().expect("template");
        // Fresh values per case: Sprig's set/merge mutate maps.
        let got = render(name, template, values(values_text));
        if let Err(e) = &got {
            if let Some(f) = undefined_function(e) {
                skipped.push(format!("{template}  (needs {f})"));
                continue;
            }
        }
        if let Some(prop) = case["property"].as_str() {
            let ok = check_property(prop, case["output"].as_str(), &got, name);
            if ok {
                pass += 1;
            } else {
                failed.push(format!("{template}\n  property {prop} failed; got {got:?}"));
            }
            continue;
        }
        let want = match (case["output"].as_str(), case["error"].as_str()) {
            (Some(o), _) => Ok(o.to_string()),
            (None, Some(e)) => Err(e.to_string()),
            _ => panic!("case without output or error: {template}"),
        };
        if got == want {
            pass += 1;
        } else if let Some((_, why)) = KNOWN_GAPS.iter().find(|(t, _)| *t == template) {
            gaps.push(format!("{template}: {why}"));
        } else {
            failed.push(format!("{template}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    println!(
        "sprig part 2 vs {helm}: {pass} passed, {} failed, {} known gaps, {} skipped of {}",
        failed.len(),
        gaps.len(),
        skipped.len(),
        cases.len()
    );
    for s in &skipped {
        println!("skipped: {s}");
    }
    for g in &gaps {
        println!("known gap: {g}");
    }
    for f in &failed {
        println!("FAIL: {f}");
    }
    assert!(pass >= 200, "at least 200 cases must run and pass");
    assert!(failed.is_empty(), "{} cases differ from helm", failed.len());
}

/// `aes:PASSWORD:PLAINTEXT`: both helm's recorded ciphertext and ours decrypt to the plaintext.
fn check_property(
    prop: &str,
    recorded: Option<&str>,
    got: &Result<String, String>,
    name: &str,
) -> bool {
    let Some(rest) = prop.strip_prefix("aes:") else {
        panic!("unknown property {prop}");
    };
    let (password, plain) = rest.split_once(':').expect("aes:PASSWORD:PLAINTEXT");
    let decrypt = |ct: &str| {
        render(
            name,
            &format!("{{{{ decryptAES {password:?} {ct:?} }}}}"),
            Value::Nil,
        )
    };
    let Some(recorded) = recorded else {
        return false;
    };
    let Ok(ours) = got else { return false };
    decrypt(recorded).as_deref() == Ok(plain) && decrypt(ours).as_deref() == Ok(plain)
}

/// Every part-2 function is registered with a signature, summary and example.
#[test]
fn every_part2_function_is_registered_with_docs() {
    const NAMES: &str = "tuple list append mustAppend prepend mustPrepend first mustFirst rest \
        mustRest last mustLast initial mustInitial reverse mustReverse uniq mustUniq without \
        mustWithout has mustHas slice mustSlice concat chunk mustChunk dict get set unset hasKey \
        pluck keys pick omit merge mergeOverwrite mustMerge mustMergeOverwrite values dig \
        regexMatch mustRegexMatch regexFindAll mustRegexFindAll regexFind mustRegexFind \
        regexReplaceAll mustRegexReplaceAll regexReplaceAllLiteral mustRegexReplaceAllLiteral \
        regexSplit mustRegexSplit regexQuoteMeta ago date date_in_zone date_modify dateInZone \
        dateModify duration durationRound htmlDate htmlDateInZone must_date_modify mustDateModify \
        mustToDate now toDate unixEpoch bcrypt htpasswd genPrivateKey derivePassword \
        buildCustomCert genCA genCAWithKey genSelfSignedCert genSelfSignedCertWithKey \
        genSignedCert genSignedCertWithKey encryptAES decryptAES randBytes randAlphaNum randAlpha \
        randAscii randNumeric uuidv4 getHostByName";
    let reg = cw_sprig::registry();
    for name in NAMES.split_whitespace() {
        assert!(reg.funcs.contains(name), "{name} is not registered");
        let doc = reg
            .docs
            .iter()
            .find(|d| d.name == name)
            .unwrap_or_else(|| panic!("{name} has no doc"));
        assert!(
            doc.signature.starts_with(&format!("{name}(")),
            "{name}: signature {:?}",
            doc.signature
        );
        assert!(!doc.summary.is_empty() && !doc.example.is_empty(), "{name}");
    }
}
