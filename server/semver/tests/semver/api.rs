//! Behaviour that Helm does not print but the API promises: `Validate` reasons, error ranges,
//! strict parsing, `Display`, dependency picking, and that hostile input never panics.

use cw_semver::helm::highest_matching;
use cw_semver::{
    ConstraintErrorKind, Constraints, Operator, Version, VersionError, MAX_CONSTRAINT_LEN,
};

fn v(text: &str) -> Version {
    Version::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn c(text: &str) -> Constraints {
    Constraints::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// `Validate` reasons, from the expectations in Masterminds/semver v3.4.0's own tests
/// (`TestConstraintsValidate`), which Helm shows through `helm lint` (`version <reason>`).
#[test]
fn validate_gives_masterminds_reasons() {
    let cases = [
        ("2.x", "1.2.3", "1.2.3 is less than 2.x"),
        ("2", "1.2.3", "1.2.3 is less than 2"),
        ("= 2.0", "1.2.3", "1.2.3 is less than 2.0"),
        ("!=4.1", "4.1.0", "4.1.0 is equal to 4.1"),
        ("!=4.x", "4.1.0", "4.1.0 is equal to 4.x"),
        ("!=4.2.x", "4.2.3", "4.2.3 is equal to 4.2.x"),
        (">1.1", "1.1.0", "1.1.0 is less than or equal to 1.1"),
        ("<1.1", "1.1.0", "1.1.0 is greater than or equal to 1.1"),
        ("<1.1", "1.1.1", "1.1.1 is greater than or equal to 1.1"),
        ("<1.x", "2.1.1", "2.1.1 is greater than or equal to 1.x"),
        ("<1.1.x", "1.2.1", "1.2.1 is greater than or equal to 1.1.x"),
        (">=1.1", "0.0.9", "0.0.9 is less than 1.1"),
        ("<=2.x", "3.1.0", "3.1.0 is greater than 2.x"),
        ("<=1.1", "1.2.1", "1.2.1 is greater than 1.1"),
        ("<=1.1.x", "1.2.500", "1.2.500 is greater than 1.1.x"),
        (">1.1, <3", "4.3.2", "4.3.2 is greater than or equal to 3"),
        (">=1.1, <2, !=1.2.3", "1.2.3", "1.2.3 is equal to 1.2.3"),
        (">=1.1, <2, !=1.2.3 || > 3", "3.0.0", "3.0.0 is greater than or equal to 2"),
        (">=1.1, <2, !=1.2.3 || > 3", "1.2.3", "1.2.3 is equal to 1.2.3"),
        ("1.1 - 3", "4.3.2", "4.3.2 is greater than 3"),
        ("^1.1", "4.3.2", "4.3.2 does not have same major version as 1.1"),
        ("^1.12.7", "1.6.6", "1.6.6 is less than 1.12.7"),
        ("^2.x", "1.1.1", "1.1.1 is less than 2.x"),
        ("^1.x", "2.1.1", "2.1.1 does not have same major version as 1.x"),
        (
            "^0.2",
            "0.3.0",
            "0.3.0 does not have same minor version as 0.2. Expected minor versions to match when constraint major version is 0",
        ),
        ("^0.2", "0.1.1", "0.1.1 is less than 0.2"),
        ("^0.0.3", "0.1.1", "0.1.1 does not have same minor version as 0.0.3"),
        (
            "^0.0.3",
            "0.0.4",
            "0.0.4 does not equal 0.0.3. Expect version and constraint to equal when major and minor versions are 0",
        ),
        ("^0.0.3", "0.0.2", "0.0.2 is less than 0.0.3"),
        ("~1", "2.1.2", "2.1.2 does not have same major version as 1"),
        ("~1.x", "2.1.1", "2.1.1 does not have same major version as 1.x"),
        ("~1.2.3", "1.2.2", "1.2.2 is less than 1.2.3"),
        ("~1.2.3", "1.3.2", "1.3.2 does not have same major and minor version as 1.2.3"),
        ("~1.1", "1.2.3", "1.2.3 does not have same major and minor version as 1.1"),
        ("1.2.3", "v1.2.4", "1.2.4 is not equal to 1.2.3"),
        ("v1.2", "1.3.0", "1.3.0 does not have same major and minor version as v1.2"),
        (">=1.2", "1.2.3-beta", "1.2.3-beta is a prerelease version and the constraint is only looking for release versions"),
    ];
    for (constraint, version, want) in cases {
        let constraints = c(constraint);
        let reasons = constraints.validate(&v(version)).unwrap_err();
        assert_eq!(reasons[0], want, "{constraint} with {version}: {reasons:?}");
        assert!(!constraints.check(&v(version)));
    }
}

#[test]
fn validate_lists_every_reason_and_the_prerelease_one_once() {
    let constraints = c(">=1.1, <2, !=1.2.3 || > 3");
    assert_eq!(
        constraints.validate(&v("3.0.0")).unwrap_err(),
        [
            "3.0.0 is greater than or equal to 2",
            "3.0.0 is less than or equal to 3"
        ]
    );
    let constraints = c(">=1, <2 || >=3");
    assert_eq!(
        constraints.validate(&v("2.5.0-rc.1")).unwrap_err(),
        ["2.5.0-rc.1 is a prerelease version and the constraint is only looking for release versions"]
    );
    assert_eq!(c(">=1.0.0-0").validate(&v("1.5.0-rc.1")), Ok(()));
    assert_eq!(c(">=1 || 0.5").validate(&v("0.5.0")), Ok(()));
}

#[test]
fn include_prerelease_opens_every_group() {
    let constraints = c(">=1.2.3").with_include_prerelease(true);
    assert!(constraints.check(&v("1.2.4-beta")));
    assert!(!constraints.check(&v("1.2.3-beta")));
    assert!(!c(">=1.2.3").check(&v("1.2.4-beta")));
}

/// (constraint, expected message, the underlined text)
#[test]
fn parse_errors_point_at_the_offending_part() {
    let cases = [
        ("foo", "improper constraint: foo", "foo"),
        (
            ">= 1.2, foo || < 3",
            "improper constraint: >= 1.2, foo ",
            "foo",
        ),
        (">=1.0 <", "improper constraint: >=1.0 <", "<"),
        (">=1.0 < foo", "improper constraint: >=1.0 < foo", "< foo"),
        (">= foo", "improper constraint: >= foo", ">= foo"),
        ("=>", "improper constraint: =>", "=>"),
        ("1.2.3.4", "improper constraint: 1.2.3.4", "1.2.3.4"),
        (
            ">=1.0.0 foo <2",
            "improper constraint: >=1.0.0 foo <2",
            "foo",
        ),
        ("1.2,", "improper constraint: 1.2,", ","),
        ("1.2,,1.3", "improper constraint: 1.2,,1.3", ","),
        ("1.2.3 ,, 1.2.4", "improper constraint: 1.2.3 ,, 1.2.4", ","),
        ("1.2 -1.4", "improper constraint: 1.2 -1.4", "-1.4"),
        (">=1.2.3 || ", "improper constraint:  ", " "),
        ("1.2.3 ||", "improper constraint: ", ""),
        ("", "improper constraint: ", ""),
        ("1x", "constraint parser error", "1x"),
        ("^1 || 1.2.3 | 1.4", "constraint parser error", "|"),
        ("1.2.3-01", "constraint parser error", "1.2.3-01"),
        (
            ">= 1, 99999999999999999999",
            "constraint parser error",
            "99999999999999999999",
        ),
        // Hyphen ranges are rewritten first; the message quotes the rewritten text and the
        // range points back into what was written.
        ("1 - 2 - 3", "improper constraint: >= 1, <= 2 - 3", "-"),
        (
            "1.0.0 - 2.0.0 foo",
            "improper constraint: >= 1.0.0, <= 2.0.0 foo",
            "foo",
        ),
        (">=1 || 1.2 - foo", "improper constraint:  1.2 - foo", "-"),
        ("<3 || 1 - 2 y", "improper constraint: >= 1, <= 2 y", "y"),
        ("é || 1", "improper constraint: é ", "é"),
    ];
    for (text, message, underlined) in cases {
        let err = Constraints::parse(text).unwrap_err();
        assert_eq!(err.message(), message, "{text:?}");
        assert_eq!(err.to_string(), message);
        assert_eq!(
            &text[err.range().to_usize()],
            underlined,
            "{text:?}: {:?}",
            err.range()
        );
        let kind = if message.starts_with("improper") {
            ConstraintErrorKind::Improper
        } else {
            ConstraintErrorKind::Parser
        };
        assert_eq!(err.kind(), kind);
    }
}

#[test]
fn comparators_know_where_they_are() {
    let text = ">= 1.2, <2 || 1.4 - 1.6 || ~v3.x-0";
    let constraints = c(text);
    let groups = constraints.groups();
    assert_eq!(groups.len(), 3);
    let spans: Vec<Vec<&str>> = groups
        .iter()
        .map(|g| {
            g.constraints()
                .iter()
                .map(|c| &text[c.range().to_usize()])
                .collect()
        })
        .collect();
    assert_eq!(
        spans,
        [
            vec![">= 1.2", "<2"],
            vec!["1.4 - 1.6", "1.4 - 1.6"],
            vec!["~v3.x-0"]
        ]
    );
    assert_eq!(&text[groups[0].range().to_usize()], ">= 1.2, <2 ");
    let tilde = &groups[2].constraints()[0];
    assert_eq!(tilde.operator(), Operator::Tilde);
    assert_eq!(tilde.version_text(), "v3.x-0");
    assert_eq!(tilde.version().to_string(), "3.0.0-0");
    assert!(tilde.is_wildcard());
    assert!(groups[2].contains_prerelease());
    assert!(!groups[0].contains_prerelease());
    assert_eq!(
        groups[1].constraints()[0].operator(),
        Operator::GreaterEqual
    );
}

#[test]
fn constraints_print_as_masterminds_string() {
    let cases = [
        (">= 1.2, < 2", ">=1.2 <2"),
        ("1 - 2", ">=1 <=2"),
        ("~> v1.2.x || =>3 ,!=3.1", "~>v1.2.x || =>3 !=3.1"),
        ("*", "*"),
        ("  ^1.2.3-beta+meta  ", "^1.2.3-beta+meta"),
    ];
    for (text, want) in cases {
        assert_eq!(c(text).to_string(), want, "{text:?}");
    }
}

#[test]
fn strict_parsing_is_semver_2_with_masterminds_errors() {
    let cases = [
        ("1.2.3", Ok("1.2.3")),
        ("1.2.3-alpha.1+build.01", Ok("1.2.3-alpha.1+build.01")),
        ("18446744073709551615.0.0", Ok("18446744073709551615.0.0")),
        ("", Err("version string empty")),
        ("1.2", Err("invalid semantic version")),
        ("1", Err("invalid semantic version")),
        ("v1.2.3", Err("invalid characters in version")),
        ("1.2.3.4", Err("invalid characters in version")),
        ("01.2.3", Err("version segment starts with 0")),
        ("1.2.03", Err("version segment starts with 0")),
        ("1.2.3-01", Err("version segment starts with 0")),
        ("1.2.3-", Err("invalid prerelease string")),
        ("1.2.3-a..b", Err("invalid prerelease string")),
        ("1.2.3-a_b", Err("invalid prerelease string")),
        ("1.2.3+", Err("invalid metadata string")),
        ("1.2.3+a+b", Err("invalid metadata string")),
        (
            "1..3",
            Err("strconv.ParseUint: parsing \"\": invalid syntax"),
        ),
        (
            "1.2.18446744073709551616",
            Err("strconv.ParseUint: parsing \"18446744073709551616\": value out of range"),
        ),
    ];
    for (text, want) in cases {
        let got = Version::parse_strict(text)
            .map(|v| v.to_string())
            .map_err(|e| e.to_string());
        assert_eq!(got.as_deref().map_err(|e| e.as_str()), want, "{text:?}");
    }
}

#[test]
fn versions_keep_their_original_text_and_compare_without_metadata() {
    let a = v("v1.2");
    assert_eq!((a.to_string().as_str(), a.original()), ("1.2.0", "v1.2"));
    assert_eq!(a, v("1.2.0+build"));
    let built = Version::new(1, 2, 3, "rc.1", "b");
    assert_eq!(
        (built.to_string().as_str(), built.original()),
        ("1.2.3-rc.1+b", "1.2.3-rc.1+b")
    );
    assert!(built.is_prerelease());
    assert_eq!("1.2.3".parse::<Version>().unwrap(), v("1.2.3"));
    let mut sorted: Vec<Version> = [
        "1.0.0",
        "1.0.0-rc.1",
        "1.0.0-beta.11",
        "1.0.0-beta.2",
        "0.9.9",
    ]
    .into_iter()
    .map(v)
    .collect();
    sorted.sort();
    let printed: Vec<String> = sorted.iter().map(|v| v.to_string()).collect();
    assert_eq!(
        printed,
        [
            "0.9.9",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0"
        ]
    );
}

#[test]
fn dependency_version_is_the_highest_match() {
    let index = [
        "1.2.0",
        "not-a-version",
        "1.10.0",
        "2.0.0",
        "1.9.0",
        "1.10.0+other",
        "1.11.0-rc.1",
    ];
    assert_eq!(highest_matching(&c("^1.2"), index), Some(2));
    assert_eq!(highest_matching(&c("~1.9"), index), Some(4));
    assert_eq!(highest_matching(&c(">=1.11.0-0"), index), Some(3));
    assert_eq!(highest_matching(&c("1.11.x-0 "), index), Some(6));
    assert_eq!(highest_matching(&c(">3"), index), None);
    assert_eq!(highest_matching(&c("*"), index), Some(3));
}

/// A small deterministic generator (xorshift64*), so the test needs no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "0",
    "1",
    "2",
    "9",
    "10",
    "01",
    "99999999999999999999",
    ".",
    ".",
    ".",
    "-",
    " - ",
    "+",
    "x",
    "X",
    "*",
    "|",
    "||",
    " ",
    " ",
    ",",
    "\t",
    "\n",
    "v",
    "V",
    "=",
    "!=",
    ">",
    "<",
    ">=",
    "=>",
    "<=",
    "=<",
    "~",
    "~>",
    "^",
    "a",
    "beta",
    "é",
    "\u{a0}",
    "_",
    "rc.1",
];

fn random_text(rng: &mut Rng, max_pieces: usize) -> String {
    let n = rng.below(max_pieces + 1);
    (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

const OPS: &[&str] = &[
    "", "=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^",
];
const PARTS: &[&str] = &["0", "1", "2", "3", "10", "x", "X", "*"];
const PRES: &[&str] = &["", "", "", "-0", "-beta", "-rc.1", "-1.a"];
const SEPS: &[&str] = &[" ", ", ", ",", "  ", " || ", "||", " - "];

/// Text shaped like a constraint (mostly valid), with an occasional random piece.
fn constraint_like(rng: &mut Rng) -> String {
    let mut out = String::new();
    for i in 0..=rng.below(4) {
        if i > 0 {
            out += SEPS[rng.below(SEPS.len())];
        }
        out += OPS[rng.below(OPS.len())];
        if rng.below(4) == 0 {
            out += "v";
        }
        for p in 0..=rng.below(3) {
            if p > 0 {
                out += ".";
            }
            out += PARTS[rng.below(PARTS.len())];
        }
        out += PRES[rng.below(PRES.len())];
        if rng.below(10) == 0 {
            out += PIECES[rng.below(PIECES.len())];
        }
    }
    out
}

#[test]
fn arbitrary_text_never_panics_and_errors_stay_in_bounds() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let versions: Vec<Version> = ["0.0.0", "1.2.3", "1.2.3-beta", "2.0.0-0", "v1.2", "0.0.1+b"]
        .into_iter()
        .map(v)
        .collect();
    let mut parsed = 0;
    for _ in 0..20_000 {
        let text = if rng.below(2) == 0 {
            random_text(&mut rng, 12)
        } else {
            constraint_like(&mut rng)
        };
        match Constraints::parse(&text) {
            Ok(constraints) => {
                parsed += 1;
                let _ = constraints.to_string();
                for version in &versions {
                    assert_eq!(
                        constraints.check(version),
                        constraints.validate(version).is_ok(),
                        "{text:?} with {version}"
                    );
                }
                for group in constraints.groups() {
                    for comparator in group.constraints() {
                        assert!(
                            text.get(comparator.range().to_usize()).is_some(),
                            "{text:?}"
                        );
                    }
                }
            }
            Err(err) => {
                assert!(
                    text.get(err.range().to_usize()).is_some(),
                    "{text:?}: {err:?}"
                );
                assert!(!err.message().is_empty());
            }
        }
        if let Ok(version) = Version::parse(&text) {
            assert_eq!(version.original(), text);
            let again = Version::parse(&version.to_string()).unwrap();
            assert_eq!(again, version);
            assert_eq!(again.to_string(), version.to_string());
        }
        if let Ok(strict) = Version::parse_strict(&text) {
            assert_eq!(strict.to_string(), text, "strict versions print as written");
            assert!(Version::parse(&text).is_ok(), "{text:?}");
        }
    }
    assert!(
        parsed > 4_000,
        "the generator should produce valid constraints too ({parsed})"
    );
}

#[test]
fn version_order_is_total_and_consistent() {
    let mut rng = Rng(42);
    let pres = [
        "",
        "0",
        "1",
        "2",
        "10",
        "a",
        "b",
        "a.1",
        "a.b",
        "1.a",
        "99999999999999999999",
        "A",
    ];
    let versions: Vec<Version> = (0..150)
        .map(|_| {
            let pre = pres[rng.below(pres.len())];
            Version::new(rng.below(2) as u64, rng.below(2) as u64, 0, pre, "")
        })
        .collect();
    for a in &versions {
        for b in &versions {
            assert_eq!(a.compare(b), b.compare(a).reverse(), "{a} {b}");
            for c in versions.iter().take(25) {
                if a <= b && b <= c {
                    assert!(a <= c, "{a} {b} {c}");
                }
            }
        }
    }
}

#[test]
fn huge_input_is_refused_or_handled_without_blowing_up() {
    let long = "1 - 2 ".repeat(MAX_CONSTRAINT_LEN / 6);
    assert!(long.len() <= MAX_CONSTRAINT_LEN);
    let parsed = c(&long);
    assert_eq!(
        parsed.groups()[0].constraints().len(),
        2 * (MAX_CONSTRAINT_LEN / 6)
    );
    let err = Constraints::parse(&"1".repeat(MAX_CONSTRAINT_LEN + 1)).unwrap_err();
    assert_eq!(err.kind(), ConstraintErrorKind::TooLong);
    assert_eq!(err.range().to_usize(), 0..MAX_CONSTRAINT_LEN + 1);
    let tricky = "1 - 2 - 3 || ".repeat(MAX_CONSTRAINT_LEN / 14) + "2 - 3";
    assert!(Constraints::parse(&tricky).is_err());
    let digits = "9".repeat(1 << 16);
    assert!(Version::parse(&digits).is_err());
    assert!(Version::parse_strict(&digits).is_err());
    assert!(Version::parse(&format!("1.2.3-{}", "a.".repeat(1 << 15))).is_err());
}

const VERSION_PIECES: &[&str] = &[
    "v",
    "V",
    "0",
    "1",
    "2",
    "01",
    "99999999999999999999",
    ".",
    ".",
    ".",
    "-",
    "-",
    "+",
    "a",
    "rc",
    "x",
    "_",
    " ",
    "é",
    "00",
];

/// `Version::parse` scans by hand; it must accept exactly what Masterminds' `looseSemVerRegex`
/// accepts (every other refusal comes after the match: numbers, prerelease zeros).
#[test]
fn version_parsing_accepts_exactly_the_loose_regex() {
    let loose = regex::Regex::new(concat!(
        r"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?",
        r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?",
        r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$",
    ))
    .unwrap();
    let mut rng = Rng(7);
    let mut matched = 0;
    for _ in 0..50_000 {
        let n = rng.below(9);
        let text: String = (0..n)
            .map(|_| VERSION_PIECES[rng.below(VERSION_PIECES.len())])
            .collect();
        let result = Version::parse(&text);
        let refused_shape = matches!(result, Err(VersionError::InvalidSemVer));
        assert_eq!(
            loose.is_match(&text),
            !refused_shape,
            "{text:?}: {result:?}"
        );
        if let Some(m) = loose.captures(&text) {
            matched += 1;
            if let Ok(v) = result {
                assert_eq!(
                    v.prerelease(),
                    m.get(5).map_or("", |g| g.as_str()),
                    "{text:?}"
                );
                assert_eq!(
                    v.metadata(),
                    m.get(8).map_or("", |g| g.as_str()),
                    "{text:?}"
                );
            }
        }
    }
    assert!(matched > 2_000, "{matched}");
}
