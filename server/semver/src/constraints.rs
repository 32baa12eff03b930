//! `Constraints`: Masterminds/semver v3.4.0 `NewConstraint`, `Check` and `Validate`, with byte
//! ranges into the constraint text for every comparator and every parse error.

use std::fmt;
use std::sync::LazyLock;

use cw_base::TextRange;
use regex_lite::Regex;

use crate::version::{compare_prerelease, Version};

/// Go's `\s` (RE2 Perl class): ASCII whitespace without `\v`.
const WS: &str = r"[\t\n\f\r ]";
/// Masterminds' `cvRegex` (a constraint's version; note `|` inside the number classes).
const CV: &str = concat!(
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?",
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?",
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?",
);
/// Masterminds' operator alternation, in its order (the empty operator is the second choice).
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

fn build(pattern: &str) -> Regex {
    Regex::new(
        &pattern
            .replace("WS", WS)
            .replace("OPS", OPS)
            .replace("CV", CV),
    )
    .expect("static regex")
}

/// `constraintRegex`: one comparator, anchored.
static CONSTRAINT: LazyLock<Regex> = LazyLock::new(|| build(r"^WS*(OPS)WS*(CV)WS*$"));
/// `constraintRangeRegex`: a hyphen range `A - B`.
static RANGE: LazyLock<Regex> = LazyLock::new(|| build(r"WS*(CV)WS+-WS+(CV)WS*"));
/// `findConstraintRegex`: comparators inside one AND group.
static FIND: LazyLock<Regex> = LazyLock::new(|| build(r"(OPS)WS*(CV)"));
/// `validConstraintRegex`: a whole AND group.
static VALID: LazyLock<Regex> =
    LazyLock::new(|| build(r"^(WS*(OPS)WS*(CV)WS*)((?:WS+|,WS*)(OPS)WS*(CV)WS*)*$"));
/// The first comparator of a group, anchored at the start (used only to locate errors).
static FIRST_ITEM: LazyLock<Regex> = LazyLock::new(|| build(r"^WS*(OPS)WS*(CV)"));
/// A following comparator, anchored at the start (used only to locate errors).
static NEXT_ITEM: LazyLock<Regex> = LazyLock::new(|| build(r"^WS*(?:WS|,)WS*(OPS)WS*(CV)"));

/// The longest constraint text [`Constraints::parse`] accepts (16 KiB); longer texts get a
/// [`ConstraintErrorKind::TooLong`] error instead of Masterminds' quadratic-time parse.
pub const MAX_CONSTRAINT_LEN: usize = 16 * 1024;

/// A comparator's operator, spelled as Masterminds accepts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operator {
    /// No operator: exact for a full version, `~` when a part is missing or a wildcard.
    None,
    /// `=`: same as no operator.
    Equal,
    /// `!=`
    NotEqual,
    /// `>`
    Greater,
    /// `<`
    Less,
    /// `>=`
    GreaterEqual,
    /// `=>`: same as `>=`.
    EqualGreater,
    /// `<=`
    LessEqual,
    /// `=<`: same as `<=`.
    EqualLess,
    /// `~`: same minor (or major when only the major is given).
    Tilde,
    /// `~>`: same as `~`.
    TildeGreater,
    /// `^`: same major (same minor below 1.0.0, same patch below 0.1.0).
    Caret,
}

impl Operator {
    fn from_text(op: &str) -> Operator {
        match op {
            "=" => Operator::Equal,
            "!=" => Operator::NotEqual,
            ">" => Operator::Greater,
            "<" => Operator::Less,
            ">=" => Operator::GreaterEqual,
            "=>" => Operator::EqualGreater,
            "<=" => Operator::LessEqual,
            "=<" => Operator::EqualLess,
            "~" => Operator::Tilde,
            "~>" => Operator::TildeGreater,
            "^" => Operator::Caret,
            _ => Operator::None,
        }
    }

    /// The operator as written (`""` for [`Operator::None`]).
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::None => "",
            Operator::Equal => "=",
            Operator::NotEqual => "!=",
            Operator::Greater => ">",
            Operator::Less => "<",
            Operator::GreaterEqual => ">=",
            Operator::EqualGreater => "=>",
            Operator::LessEqual => "<=",
            Operator::EqualLess => "=<",
            Operator::Tilde => "~",
            Operator::TildeGreater => "~>",
            Operator::Caret => "^",
        }
    }
}

/// One comparator such as `>= 1.2` inside a [`Constraints`].
#[derive(Clone, Debug)]
pub struct Constraint {
    op: Operator,
    /// The version text as written (`orig`), e.g. `1.2.x` or `v1.2.3`.
    orig: String,
    /// The version compared against, wildcards and missing parts replaced by 0.
    con: Version,
    dirty: bool,
    minor_dirty: bool,
    patch_dirty: bool,
    range: TextRange,
}

impl Constraint {
    /// The operator.
    pub fn operator(&self) -> Operator {
        self.op
    }

    /// The version as written in the constraint (`1.2.x`, `v1.2.3`, `*`).
    pub fn version_text(&self) -> &str {
        &self.orig
    }

    /// The version compared against: `1.2.x` and `1.2` give `1.2.0`, `*` gives `0.0.0`.
    /// Build metadata is dropped when a part is missing or a wildcard, as Masterminds does.
    pub fn version(&self) -> &Version {
        &self.con
    }

    /// True when the version has a wildcard or missing part (`1.2`, `1.x`, `*`).
    pub fn is_wildcard(&self) -> bool {
        self.dirty
    }

    /// Where the comparator is in the constraint text. A comparator produced by a hyphen range
    /// (`1.2 - 1.4` becomes `>= 1.2, <= 1.4`) covers the whole range.
    pub fn range(&self) -> TextRange {
        self.range
    }

    /// Checks one comparator. `include_pre` says whether prerelease versions are considered
    /// (Masterminds decides it per AND group). On failure, the reason as Masterminds words it.
    pub fn check(&self, v: &Version, include_pre: bool) -> Result<(), String> {
        if v.is_prerelease() && !include_pre {
            return Err(format!(
                "{v} is a prerelease version and the constraint is only looking for release versions"
            ));
        }
        match self.op {
            Operator::None | Operator::Equal => self.tilde_or_equal(v),
            Operator::NotEqual => self.not_equal(v),
            Operator::Greater => self.greater_than(v),
            Operator::Less => self.less_than(v),
            Operator::GreaterEqual | Operator::EqualGreater => self.greater_than_equal(v),
            Operator::LessEqual | Operator::EqualLess => self.less_than_equal(v),
            Operator::Tilde | Operator::TildeGreater => self.tilde(v),
            Operator::Caret => self.caret(v),
        }
    }

    fn fail(&self, v: &Version, what: &str) -> Result<(), String> {
        Err(format!("{v} {what} {}", self.orig))
    }

    fn not_equal(&self, v: &Version) -> Result<(), String> {
        let c = &self.con;
        if self.dirty {
            if c.major() != v.major() {
                return Ok(());
            }
            if c.minor() != v.minor() && !self.minor_dirty {
                return Ok(());
            } else if self.minor_dirty {
                return self.fail(v, "is equal to");
            } else if c.patch() != v.patch() && !self.patch_dirty {
                return Ok(());
            } else if self.patch_dirty {
                if (v.is_prerelease() || c.is_prerelease())
                    && compare_prerelease(v.prerelease(), c.prerelease()).is_ne()
                {
                    return Ok(());
                }
                return self.fail(v, "is equal to");
            }
        }
        if v == c {
            return self.fail(v, "is equal to");
        }
        Ok(())
    }

    fn greater_than(&self, v: &Version) -> Result<(), String> {
        let c = &self.con;
        let fail = || self.fail(v, "is less than or equal to");
        if !self.dirty {
            return if v > c { Ok(()) } else { fail() };
        }
        if v.major() > c.major() {
            Ok(())
        } else if v.major() < c.major() || self.minor_dirty {
            fail()
        } else if self.patch_dirty {
            if v.minor() > c.minor() {
                Ok(())
            } else {
                fail()
            }
        } else if v > c {
            Ok(())
        } else {
            fail()
        }
    }

    fn less_than(&self, v: &Version) -> Result<(), String> {
        if v < &self.con {
            Ok(())
        } else {
            self.fail(v, "is greater than or equal to")
        }
    }

    fn greater_than_equal(&self, v: &Version) -> Result<(), String> {
        if v >= &self.con {
            Ok(())
        } else {
            self.fail(v, "is less than")
        }
    }

    fn less_than_equal(&self, v: &Version) -> Result<(), String> {
        let c = &self.con;
        if !self.dirty {
            return if v <= c {
                Ok(())
            } else {
                self.fail(v, "is greater than")
            };
        }
        if v.major() > c.major()
            || (v.major() == c.major() && v.minor() > c.minor() && !self.minor_dirty)
        {
            return self.fail(v, "is greater than");
        }
        Ok(())
    }

    fn tilde(&self, v: &Version) -> Result<(), String> {
        let c = &self.con;
        if v < c {
            return self.fail(v, "is less than");
        }
        // ~0.0.0 (and ~*) accept everything.
        if c.major() == 0
            && c.minor() == 0
            && c.patch() == 0
            && !self.minor_dirty
            && !self.patch_dirty
        {
            return Ok(());
        }
        if v.major() != c.major() {
            return self.fail(v, "does not have same major version as");
        }
        if v.minor() != c.minor() && !self.minor_dirty {
            return self.fail(v, "does not have same major and minor version as");
        }
        Ok(())
    }

    fn tilde_or_equal(&self, v: &Version) -> Result<(), String> {
        if self.dirty {
            return self.tilde(v);
        }
        if v == &self.con {
            Ok(())
        } else {
            self.fail(v, "is not equal to")
        }
    }

    fn caret(&self, v: &Version) -> Result<(), String> {
        let c = &self.con;
        if v < c {
            return self.fail(v, "is less than");
        }
        if c.major() > 0 || self.minor_dirty {
            return if v.major() == c.major() {
                Ok(())
            } else {
                self.fail(v, "does not have same major version as")
            };
        }
        if c.major() == 0 && v.major() > 0 {
            return self.fail(v, "does not have same major version as");
        }
        if c.minor() > 0 || self.patch_dirty {
            return if v.minor() == c.minor() {
                Ok(())
            } else {
                self.fail(v, "does not have same minor version as")
                    .map_err(|e| {
                        e + ". Expected minor versions to match when constraint major version is 0"
                    })
            };
        }
        if c.minor() == 0 && v.minor() > 0 {
            return self.fail(v, "does not have same minor version as");
        }
        if c.patch() == v.patch() {
            Ok(())
        } else {
            self.fail(v, "does not equal").map_err(|e| {
                e + ". Expect version and constraint to equal when major and minor versions are 0"
            })
        }
    }
}

/// Masterminds' `constraint.string()`: operator then version text, as written.
impl fmt::Display for Constraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.op.as_str(), self.orig)
    }
}

/// One `||`-separated group of comparators that must all hold.
#[derive(Clone, Debug)]
pub struct Group {
    constraints: Vec<Constraint>,
    contains_pre: bool,
    range: TextRange,
}

impl Group {
    /// The comparators, in order.
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }

    /// True when a comparator of the group names a prerelease: then the whole group also
    /// matches prerelease versions (of any major, minor and patch).
    pub fn contains_prerelease(&self) -> bool {
        self.contains_pre
    }

    /// Where the group is in the constraint text (between `||` separators, spaces included).
    pub fn range(&self) -> TextRange {
        self.range
    }
}

/// What kind of parse error a [`ConstraintError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstraintErrorKind {
    /// `improper constraint: <group>`: an `||` group does not have the constraint syntax.
    Improper,
    /// `constraint parser error`: the syntax matched but the version could not be built
    /// (e.g. `1x`, `1.2.3-01`, a number above 2^64-1, a stray `|`).
    Parser,
    /// Not Masterminds: chartwright refuses constraint texts longer than
    /// [`MAX_CONSTRAINT_LEN`] bytes, because Masterminds' hyphen-range rewriting takes time
    /// quadratic in the length. Real constraints are a few dozen bytes.
    TooLong,
}

/// A constraint text Masterminds' `NewConstraint` refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConstraintError {
    kind: ConstraintErrorKind,
    message: String,
    range: TextRange,
}

impl ConstraintError {
    /// The kind of error.
    pub fn kind(&self) -> ConstraintErrorKind {
        self.kind
    }

    /// Masterminds' exact error text, e.g. `improper constraint: >= foo`. Note that the text
    /// quotes the group after hyphen ranges were rewritten (`1 - 2` reads `>= 1, <= 2 `).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The offending part of the constraint text: the first comparator that does not parse
    /// inside the failing group (or the whole group when it is empty). Never empty unless the
    /// group is.
    pub fn range(&self) -> TextRange {
        self.range
    }
}

impl fmt::Display for ConstraintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConstraintError {}

/// A parsed constraint such as `>= 1.2, < 2 || ^3.0.0-0`: `||`-separated groups of comparators.
#[derive(Clone, Debug)]
pub struct Constraints {
    groups: Vec<Group>,
    include_prerelease: bool,
}

impl Constraints {
    /// Masterminds' `NewConstraint`, as Helm calls it for `semverCompare`, Chart.yaml
    /// `kubeVersion` and dependency `version`.
    ///
    /// Syntax: groups separated by `||`; inside a group, comparators separated by spaces or
    /// commas (AND); operators `= != > < >= => <= =< ~ ~> ^` or none; versions with an optional
    /// `v`, one to three parts, `x`/`X`/`*` wildcards, prerelease and metadata; hyphen ranges
    /// `A - B` (spaces required) meaning `>= A, <= B`. An empty group is an error.
    pub fn parse(text: &str) -> Result<Constraints, ConstraintError> {
        if text.len() > MAX_CONSTRAINT_LEN {
            return Err(ConstraintError {
                kind: ConstraintErrorKind::TooLong,
                message: format!(
                    "constraint is {} bytes long, more than chartwright accepts ({MAX_CONSTRAINT_LEN})",
                    text.len()
                ),
                range: TextRange::from_usize(0, text.len()),
            });
        }
        if let Some(simple) = parse_single(text) {
            return Ok(simple);
        }
        Self::parse_with_regexps(text)
    }

    /// [`Constraints::parse`] through Masterminds' regular expressions, for every text.
    fn parse_with_regexps(text: &str) -> Result<Constraints, ConstraintError> {
        let (rewritten, map) = rewrite_range(text);
        let to_original = |start: usize, end: usize| map.range(start, end, text.len());

        let mut groups = Vec::new();
        let mut offset = 0;
        for segment in rewritten.split("||") {
            let seg_start = offset;
            offset += segment.len() + 2;
            let seg_range = to_original(seg_start, seg_start + segment.len());
            if !VALID.is_match(segment) {
                let (s, e) = locate_improper(segment);
                return Err(ConstraintError {
                    kind: ConstraintErrorKind::Improper,
                    message: format!("improper constraint: {segment}"),
                    range: to_original(seg_start + s, seg_start + e),
                });
            }
            let mut constraints = Vec::new();
            let mut contains_pre = false;
            let mut items: Vec<(usize, &str)> = FIND
                .find_iter(segment)
                .map(|m| (m.start(), m.as_str()))
                .collect();
            if items.is_empty() {
                items.push((0, segment));
            }
            for (start, item) in items {
                let range = trim_whitespace(
                    text,
                    to_original(seg_start + start, seg_start + start + item.len()),
                );
                let c = parse_constraint(item, range).ok_or_else(|| ConstraintError {
                    kind: ConstraintErrorKind::Parser,
                    message: "constraint parser error".to_owned(),
                    range,
                })?;
                contains_pre |= c.con.is_prerelease();
                constraints.push(c);
            }
            groups.push(Group {
                constraints,
                contains_pre,
                range: seg_range,
            });
        }
        Ok(Constraints {
            groups,
            include_prerelease: false,
        })
    }

    /// Masterminds' `IncludePrerelease` (false by default, and in Helm): when set, prerelease
    /// versions are considered by every group, not only groups naming a prerelease.
    pub fn with_include_prerelease(mut self, include: bool) -> Constraints {
        self.include_prerelease = include;
        self
    }

    /// The `||` groups, in order.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// Masterminds' `Check`: true when every comparator of some group holds.
    ///
    /// A group without a prerelease in any comparator never matches a prerelease version
    /// (`*` does not match `1.0.0-alpha`); a group with one matches prereleases of any version
    /// that satisfies the comparators (`>=1.0.0-alpha` matches `2.0.0-beta`).
    pub fn check(&self, v: &Version) -> bool {
        self.groups.iter().any(|g| {
            let include_pre = self.include_prerelease || g.contains_pre;
            g.constraints
                .iter()
                .all(|c| c.check(v, include_pre).is_ok())
        })
    }

    /// Masterminds' `Validate`: `Ok` when [`check`](Self::check) holds, otherwise every reason,
    /// in Masterminds' order and words (e.g. `1.2.3 is less than 1.3`). The prerelease reason
    /// appears at most once.
    pub fn validate(&self, v: &Version) -> Result<(), Vec<String>> {
        let mut errors = Vec::new();
        let mut prerelease_reported = false;
        for g in &self.groups {
            let include_pre = self.include_prerelease || g.contains_pre;
            let mut joy = true;
            for c in &g.constraints {
                if !include_pre && v.is_prerelease() {
                    if !prerelease_reported {
                        errors.push(format!(
                            "{v} is a prerelease version and the constraint is only looking for release versions"
                        ));
                        prerelease_reported = true;
                    }
                    joy = false;
                } else if let Err(e) = c.check(v, include_pre) {
                    errors.push(e);
                    joy = false;
                }
            }
            if joy {
                return Ok(());
            }
        }
        Err(errors)
    }
}

/// Masterminds' `Constraints.String()`: comparators joined by a space, groups by ` || `.
impl fmt::Display for Constraints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, g) in self.groups.iter().enumerate() {
            if i > 0 {
                f.write_str(" || ")?;
            }
            for (j, c) in g.constraints.iter().enumerate() {
                if j > 0 {
                    f.write_str(" ")?;
                }
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

/// Masterminds' `parseConstraint` for a non-empty comparator text; `None` is
/// `constraint parser error`.
fn parse_constraint(text: &str, range: TextRange) -> Option<Constraint> {
    if text.is_empty() {
        // Masterminds' special case: an empty comparator is `*` (unreachable through
        // `NewConstraint`, whose group syntax needs a version, but kept for fidelity).
        return Some(Constraint {
            op: Operator::None,
            orig: String::new(),
            con: Version::new(0, 0, 0, "", ""),
            dirty: true,
            minor_dirty: false,
            patch_dirty: false,
            range,
        });
    }
    let m = CONSTRAINT.captures(text)?;
    let group = |i: usize| m.get(i).map_or("", |g| g.as_str());
    let parts = CvParts {
        orig: group(2),
        major: group(3),
        minor: group(4),
        patch: group(5),
        pre: group(6),
    };
    constraint_from_parts(Operator::from_text(group(1)), &parts, range)
}

/// The pieces of `cvRegex` that `parseConstraint` reads: the whole version text, the major
/// part, the minor and patch parts with their leading dot, the prerelease with its dash.
struct CvParts<'a> {
    orig: &'a str,
    major: &'a str,
    minor: &'a str,
    patch: &'a str,
    pre: &'a str,
}

/// The rest of Masterminds' `parseConstraint`, once the comparator is split into its parts.
fn constraint_from_parts(
    op: Operator,
    parts: &CvParts<'_>,
    range: TextRange,
) -> Option<Constraint> {
    let is_x = |s: &str| matches!(s, "x" | "X" | "*");
    let trim_dot = |s: &str| s.strip_prefix('.').unwrap_or(s).to_owned();
    let CvParts {
        orig,
        major,
        minor,
        patch,
        pre,
    } = *parts;
    let (mut dirty, mut minor_dirty, mut patch_dirty) = (false, false, false);
    let ver = if is_x(major) || major.is_empty() {
        dirty = true;
        format!("0.0.0{pre}")
    } else if is_x(&trim_dot(minor)) || minor.is_empty() {
        dirty = true;
        minor_dirty = true;
        format!("{major}.0.0{pre}")
    } else if is_x(&trim_dot(patch)) || patch.is_empty() {
        dirty = true;
        patch_dirty = true;
        format!("{major}{minor}.0{pre}")
    } else {
        orig.to_owned()
    };
    let con = Version::parse(&ver).ok()?;
    Some(Constraint {
        op,
        orig: orig.to_owned(),
        con,
        dirty,
        minor_dirty,
        patch_dirty,
        range,
    })
}

/// The most common constraint, one comparator (`2.x.x`, `^1.2.0`, `>= 1.19.0-0`), read without
/// the regular expressions: their compilation was a fifteenth of a small chart's whole
/// `chartwright template` process. `None` when the text is anything else (several comparators,
/// `||`, a hyphen range, an error), which [`Constraints::parse_with_regexps`] then reads; for
/// the texts it accepts the result is the same (a test compares both on every short text).
///
/// The grammar is `constraintRegex` without `|` in the version parts:
/// `\s* OP? \s* v? P (.P)? (.P)? (-ID(.ID)*)? (+ID(.ID)*)? \s*` with `P = [0-9xX*]+` and
/// `ID = [0-9A-Za-z-]+`.
fn parse_single(text: &str) -> Option<Constraints> {
    let b = text.as_bytes();
    let is_ws = |c: u8| matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
    let is_part = |c: u8| c.is_ascii_digit() || matches!(c, b'x' | b'X' | b'*');
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'-';
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let skip = |mut i: usize, f: &dyn Fn(u8) -> bool| {
        while i < b.len() && f(b[i]) {
            i += 1;
        }
        i
    };
    // Dot-separated identifiers after a `-` or `+` at `i`: the end, or None when one is empty.
    let idents = |mut i: usize| -> Option<usize> {
        loop {
            let end = skip(i + 1, &is_ident);
            if end == i + 1 {
                return None;
            }
            i = end;
            if at(i) != b'.' {
                return Some(i);
            }
        }
    };
    let mut i = skip(0, &is_ws);
    let op_start = i;
    let op_len = match (at(i), at(i + 1)) {
        (b'!', b'=') | (b'>', b'=') | (b'=', b'>') | (b'<', b'=') | (b'=', b'<') | (b'~', b'>') => {
            2
        }
        (b'=' | b'>' | b'<' | b'~' | b'^', _) => 1,
        _ => 0,
    };
    i += op_len;
    let op = Operator::from_text(&text[op_start..i]);
    i = skip(i, &is_ws);
    let cv_start = i;
    if at(i) == b'v' {
        i += 1;
    }
    let major_start = i;
    i = skip(i, &is_part);
    if i == major_start {
        return None;
    }
    let major_end = i;
    let mut dotted = [major_end; 2];
    for end in &mut dotted {
        if at(i) == b'.' {
            let part_end = skip(i + 1, &is_part);
            if part_end == i + 1 {
                return None;
            }
            i = part_end;
        }
        *end = i;
    }
    let pre_start = i;
    if at(i) == b'-' {
        i = idents(i)?;
    }
    let pre_end = i;
    if at(i) == b'+' {
        i = idents(i)?;
    }
    let cv_end = i;
    if skip(i, &is_ws) != b.len() {
        return None;
    }
    let parts = CvParts {
        orig: &text[cv_start..cv_end],
        major: &text[major_start..major_end],
        minor: &text[major_end..dotted[0]],
        patch: &text[dotted[0]..dotted[1]],
        pre: &text[pre_start..pre_end],
    };
    let range = TextRange::from_usize(if op_len == 0 { cv_start } else { op_start }, cv_end);
    let c = constraint_from_parts(op, &parts, range)?;
    Some(Constraints {
        groups: vec![Group {
            contains_pre: c.con.is_prerelease(),
            constraints: vec![c],
            range: TextRange::from_usize(0, text.len()),
        }],
        include_prerelease: false,
    })
}

/// Masterminds' `rewriteRange`: every `A - B` becomes `>= A, <= B ` through Go's
/// `strings.Replace(o, match, replacement, 1)` (first occurrence, even if elsewhere). Also
/// returns how the result's offsets map back to the original text.
fn rewrite_range(text: &str) -> (String, OffsetMap) {
    let mut out = text.to_owned();
    let mut map = OffsetMap::new(text.len());
    for m in RANGE.captures_iter(text) {
        let whole = m.get(0).map_or("", |g| g.as_str());
        let from = m.get(1).map_or("", |g| g.as_str());
        let to = m.get(11).map_or("", |g| g.as_str());
        let replacement = format!(">= {from}, <= {to} ");
        let Some(at) = out.find(whole) else { continue };
        out.replace_range(at..at + whole.len(), &replacement);
        map.replace(at, whole.len(), replacement.len());
    }
    (out, map)
}

/// Maps byte offsets of the rewritten constraint text back to the original text.
struct OffsetMap {
    /// Consecutive pieces covering the rewritten text.
    pieces: Vec<Piece>,
    /// Where each piece starts in the rewritten text.
    starts: Vec<usize>,
}

#[derive(Clone, Copy)]
struct Piece {
    len: usize,
    orig_start: usize,
    orig_end: usize,
    /// Unchanged text (byte `i` is original byte `orig_start + i`), or a replacement that
    /// stands for all of `orig_start..orig_end`.
    identity: bool,
}

impl Piece {
    /// The original range byte `i` of the piece stands for.
    fn origin(&self, i: usize) -> (usize, usize) {
        if self.identity {
            (self.orig_start + i, self.orig_start + i + 1)
        } else {
            (self.orig_start, self.orig_end)
        }
    }

    /// The part `from..to` of the piece.
    fn slice(&self, from: usize, to: usize) -> Piece {
        if self.identity {
            Piece {
                len: to - from,
                orig_start: self.orig_start + from,
                orig_end: self.orig_start + to,
                identity: true,
            }
        } else {
            Piece {
                len: to - from,
                ..*self
            }
        }
    }
}

impl OffsetMap {
    fn new(len: usize) -> OffsetMap {
        let mut map = OffsetMap {
            pieces: Vec::new(),
            starts: Vec::new(),
        };
        if len > 0 {
            map.pieces.push(Piece {
                len,
                orig_start: 0,
                orig_end: len,
                identity: true,
            });
            map.starts.push(0);
        }
        map
    }

    /// Records that the non-empty `len` bytes at `at` were replaced by `new_len` bytes.
    fn replace(&mut self, at: usize, len: usize, new_len: usize) {
        let end = at + len;
        if len == 0 || self.pieces.is_empty() {
            return;
        }
        let first = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        let last = self
            .starts
            .partition_point(|&s| s < end)
            .saturating_sub(1)
            .max(first);
        let mut window = Vec::with_capacity(3);
        let (first_piece, first_start) = (self.pieces[first], self.starts[first]);
        if first_start < at {
            window.push(first_piece.slice(0, at - first_start));
        }
        let mut cover = (usize::MAX, 0);
        for i in first..=last {
            let (piece, p_start) = (self.pieces[i], self.starts[i]);
            let from = at.max(p_start) - p_start;
            let to = end.min(p_start + piece.len) - p_start;
            if from < to {
                let inner = piece.slice(from, to);
                let (a, _) = inner.origin(0);
                let (_, b) = inner.origin(inner.len - 1);
                cover = (cover.0.min(a), cover.1.max(b));
            }
        }
        if cover.0 == usize::MAX {
            cover = (0, 0);
        }
        window.push(Piece {
            len: new_len,
            orig_start: cover.0,
            orig_end: cover.1,
            identity: false,
        });
        let (last_piece, last_start) = (self.pieces[last], self.starts[last]);
        if last_start + last_piece.len > end {
            window.push(last_piece.slice(end - last_start, last_piece.len));
        }
        window.retain(|p| p.len > 0);
        let mut offset = first_start;
        let window_starts: Vec<usize> = window
            .iter()
            .map(|p| {
                let start = offset;
                offset += p.len;
                start
            })
            .collect();
        let count = window.len();
        self.pieces.splice(first..=last, window);
        self.starts.splice(first..=last, window_starts);
        for start in &mut self.starts[first + count..] {
            *start = *start + new_len - len;
        }
    }

    /// The original range byte `pos` of the rewritten text stands for, if it exists.
    fn origin(&self, pos: usize) -> Option<(usize, usize)> {
        let i = self.starts.partition_point(|&s| s <= pos).checked_sub(1)?;
        let piece = self.pieces[i];
        let within = pos - self.starts[i];
        (within < piece.len).then(|| piece.origin(within))
    }

    /// The original range that rewritten bytes `start..end` stand for; for an empty range,
    /// an empty range where it starts (`text_len` past the end).
    fn range(&self, start: usize, end: usize, text_len: usize) -> TextRange {
        match (
            self.origin(start),
            end.checked_sub(1).and_then(|e| self.origin(e)),
        ) {
            (Some(first), Some(last)) if start < end => {
                TextRange::from_usize(first.0.min(last.0), first.1.max(last.1))
            }
            (Some(first), _) => TextRange::from_usize(first.0, first.0),
            _ => TextRange::from_usize(text_len, text_len),
        }
    }
}

/// `range` without the ASCII whitespace at its ends (a comparator found by Masterminds'
/// `findConstraintRegex` may start with the spaces between operator and version).
fn trim_whitespace(text: &str, range: TextRange) -> TextRange {
    let bytes = text.as_bytes();
    let (mut start, mut end) = (range.start() as usize, range.end() as usize);
    let ws = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    while start < end && ws(bytes[start]) {
        start += 1;
    }
    while end > start && ws(bytes[end - 1]) {
        end -= 1;
    }
    TextRange::from_usize(start, end)
}

/// Finds the comparator that makes a group improper: the group is consumed comparator by
/// comparator as `validConstraintRegex` reads it, and the first token that cannot be read is
/// returned (from the failure point back to the previous separator, up to the next one).
fn locate_improper(segment: &str) -> (usize, usize) {
    if segment
        .trim_matches(|c| " \t\n\r\x0c".contains(c))
        .is_empty()
    {
        return (0, segment.len());
    }
    let mut pos = match FIRST_ITEM.find(segment) {
        Some(m) => m.end(),
        None => 0,
    };
    if pos > 0 {
        while let Some(m) = NEXT_ITEM.find(&segment[pos..]) {
            if m.end() == 0 {
                break;
            }
            pos += m.end();
        }
    }
    let is_sep = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b',');
    let bytes = segment.as_bytes();
    let mut start = pos.min(bytes.len());
    let mut commas = 0;
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if !is_sep(b) {
            break;
        }
        if b == b',' {
            commas += 1;
            if commas == 2 {
                // Two commas in one separator (`1.2,,1.3`): the second is the problem.
                return (i, i + 1);
            }
        }
    }
    if start < bytes.len() && (start == 0 || is_sep(bytes[start])) {
        // The unreadable text starts a new token: skip the separators before it.
        while start < bytes.len() && is_sep(bytes[start]) {
            start += 1;
        }
    } else {
        // The unreadable text is glued to what was read (`1.2.3.4`): take the whole token.
        while start > 0 && !is_sep(bytes[start - 1]) {
            start -= 1;
        }
    }
    let token_end = |from: usize| {
        let mut end = from;
        while end < bytes.len() && !is_sep(bytes[end]) {
            end += 1;
        }
        end
    };
    let mut end = token_end(start);
    if start < end && bytes[start..end].iter().all(|b| b"=!<>~^".contains(b)) {
        // A lone operator: the version after it belongs to the same comparator.
        let mut next = end;
        while next < bytes.len() && matches!(bytes[next], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
            next += 1;
        }
        if next < bytes.len() && bytes[next] != b',' {
            end = token_end(next);
        }
    }
    if start < end {
        (start, end)
    } else if pos < bytes.len() {
        // Only separators are left (`1.2,`): they are the problem.
        (pos, bytes.len())
    } else {
        (0, segment.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regexp-free reading of one comparator gives exactly what Masterminds' regular
    /// expressions give, on every text of up to 5 characters over an alphabet that exercises
    /// operators, wildcards, prereleases, metadata and whitespace; and it does take the common
    /// forms.
    #[test]
    fn single_comparator_equals_the_regexps() {
        let alphabet = [
            '1', '0', '.', 'x', '*', '-', 'a', ' ', '>', '=', '<', '~', '^', 'v', '+', '!',
        ];
        let n = alphabet.len();
        let mut text = String::new();
        let mut taken = 0;
        for len in 0..=5u32 {
            for mut k in 0..n.pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(alphabet[k % n]);
                    k /= n;
                }
                if let Some(fast) = parse_single(&text) {
                    taken += 1;
                    let slow = Constraints::parse_with_regexps(&text);
                    assert_eq!(
                        format!("{:?}", Some(fast)),
                        format!("{:?}", slow.as_ref().ok()),
                        "{text:?}"
                    );
                }
            }
        }
        assert!(taken > 10_000, "{taken}");
        for common in [
            "2.x.x",
            "^1.2.0",
            ">=1.19.0-0",
            " >= 1.19.0-0 ",
            "v1.2.3+build.1",
            "*",
        ] {
            assert!(parse_single(common).is_some(), "{common}");
        }
        for other in [
            ">=1.0 <2.0",
            "1.0 - 2.0",
            "1 || 2",
            "1.2.3.4",
            "",
            ">=",
            "1,2",
        ] {
            assert!(parse_single(other).is_none(), "{other}");
        }
    }
}
