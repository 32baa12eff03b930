//! `Version`: a Masterminds/semver v3.4.0 version (`NewVersion`, `StrictNewVersion`, `Compare`).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// The parts of a version text as Masterminds' `looseSemVerRegex`
/// (`^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-IDENTS)?(\+IDENTS)?$`, IDENTS being
/// `[0-9A-Za-z-]+` separated by dots) splits it: major, minor, patch, prerelease, metadata.
/// With `CoerceNewVersion = true` (the default, and what Helm uses) `NewVersion` accepts
/// exactly what this accepts. Written by hand: the pattern is unambiguous, so a left-to-right
/// scan gives the same answer as the regex, several times faster.
struct LooseParts<'a> {
    major: &'a str,
    minor: Option<&'a str>,
    patch: Option<&'a str>,
    pre: &'a str,
    metadata: &'a str,
}

fn split_loose(text: &str) -> Option<LooseParts<'_>> {
    let bytes = text.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'v'));
    let digits = |from: usize| {
        let mut end = from;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
        end
    };
    let end = digits(i);
    if end == i {
        return None;
    }
    let major = &text[i..end];
    i = end;
    let mut numbers = [None, None];
    for slot in &mut numbers {
        if bytes.get(i) == Some(&b'.') {
            let end = digits(i + 1);
            if end == i + 1 {
                return None;
            }
            *slot = Some(&text[i + 1..end]);
            i = end;
        }
    }
    let mut idents = |marker: u8| -> Option<&str> {
        if bytes.get(i) != Some(&marker) {
            return Some("");
        }
        let start = i + 1;
        let mut end = start;
        loop {
            let part = end;
            while end < bytes.len() && is_identifier_byte(bytes[end]) {
                end += 1;
            }
            if end == part {
                return None;
            }
            if bytes.get(end) == Some(&b'.') {
                end += 1;
            } else {
                break;
            }
        }
        i = end;
        Some(&text[start..end])
    };
    let pre = idents(b'-')?;
    let metadata = idents(b'+')?;
    if i != bytes.len() {
        return None;
    }
    Some(LooseParts {
        major,
        minor: numbers[0],
        patch: numbers[1],
        pre,
        metadata,
    })
}

/// Why a version string was refused. `Display` gives Masterminds' exact error text, which is
/// what Helm prints after `error calling semver: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionError {
    /// `invalid semantic version` (`ErrInvalidSemVer`): the text is not version-shaped at all.
    InvalidSemVer,
    /// `version string empty` (`ErrEmptyString`, strict parsing only).
    EmptyString,
    /// `invalid characters in version` (`ErrInvalidCharacters`, strict parsing only).
    InvalidCharacters,
    /// `version segment starts with 0` (`ErrSegmentStartsZero`): a numeric prerelease
    /// identifier such as `01`, or (strict parsing only) a number such as `01.2.3`.
    SegmentStartsZero,
    /// `invalid metadata string` (`ErrInvalidMetadata`, strict parsing only).
    InvalidMetadata,
    /// `invalid prerelease string` (`ErrInvalidPrerelease`, strict parsing only).
    InvalidPrerelease,
    /// A major, minor or patch number that Go's `strconv.ParseUint(s, 10, 64)` refuses:
    /// out of range, or (strict parsing only) empty. `NewVersion` wraps the message in
    /// `error parsing version segment: `; `StrictNewVersion` returns it bare.
    Number {
        /// The digits that were refused.
        digits: String,
        /// Go's reason: `value out of range` or `invalid syntax`.
        reason: &'static str,
        /// True for `NewVersion`, which prefixes `error parsing version segment: `.
        wrapped: bool,
    },
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionError::InvalidSemVer => f.write_str("invalid semantic version"),
            VersionError::EmptyString => f.write_str("version string empty"),
            VersionError::InvalidCharacters => f.write_str("invalid characters in version"),
            VersionError::SegmentStartsZero => f.write_str("version segment starts with 0"),
            VersionError::InvalidMetadata => f.write_str("invalid metadata string"),
            VersionError::InvalidPrerelease => f.write_str("invalid prerelease string"),
            VersionError::Number {
                digits,
                reason,
                wrapped,
            } => {
                if *wrapped {
                    f.write_str("error parsing version segment: ")?;
                }
                // Go quotes with %q; the text is ASCII digits only, so plain quotes suffice.
                write!(f, "strconv.ParseUint: parsing \"{digits}\": {reason}")
            }
        }
    }
}

impl std::error::Error for VersionError {}

/// A version as Masterminds/semver v3 holds it: three unsigned 64-bit numbers, a prerelease,
/// build metadata, and the text it was parsed from.
///
/// Equality, ordering and hashing follow Masterminds' `Compare`: build metadata and the original
/// text are ignored, so `1.0.0+a == 1.0.0+b` and `v1.2 == 1.2.0`.
#[derive(Clone, Debug)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
    metadata: String,
    original: String,
}

impl Version {
    /// Masterminds' `NewVersion` (with its default `CoerceNewVersion = true`), used by Helm
    /// everywhere (`semver`, `semverCompare`, Chart.yaml `version`, repository indexes).
    ///
    /// Loose: a leading `v`, missing minor or patch (`1.35` → `1.35.0`), and leading zeros in
    /// the numbers (`01.2.3` → `1.2.3`) are accepted. A numeric prerelease identifier with a
    /// leading zero (`1.2.3-01`) is refused with `version segment starts with 0`. Surrounding
    /// whitespace and four-part versions are refused with `invalid semantic version`.
    pub fn parse(text: &str) -> Result<Version, VersionError> {
        let Some(parts) = split_loose(text) else {
            return Err(VersionError::InvalidSemVer);
        };
        let number = |digits: &str| -> Result<u64, VersionError> {
            parse_uint(digits).ok_or_else(|| VersionError::Number {
                digits: digits.to_owned(),
                reason: "value out of range",
                wrapped: true,
            })
        };
        let major = number(parts.major)?;
        let minor = parts.minor.map_or(Ok(0), number)?;
        let patch = parts.patch.map_or(Ok(0), number)?;
        let (pre, metadata) = (parts.pre, parts.metadata);
        if !pre.is_empty() {
            validate_prerelease(pre)?;
        }
        if !metadata.is_empty() {
            validate_metadata(metadata)?;
        }
        Ok(Version {
            major,
            minor,
            patch,
            pre: pre.to_owned(),
            metadata: metadata.to_owned(),
            original: text.to_owned(),
        })
    }

    /// Masterminds' `StrictNewVersion`: SemVer 2.0.0 only (no `v`, exactly three numbers, no
    /// leading zeros). Helm lint uses it for the `is not a valid SemVerV2` warning.
    pub fn parse_strict(text: &str) -> Result<Version, VersionError> {
        if text.is_empty() {
            return Err(VersionError::EmptyString);
        }
        let mut parts = text.splitn(3, '.');
        let (Some(major), Some(minor), Some(rest)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(VersionError::InvalidSemVer);
        };
        let mut rest = rest;
        let mut metadata = "";
        let mut pre = "";
        if let Some((head, meta)) = rest.split_once('+') {
            metadata = meta;
            rest = head;
            validate_metadata(metadata)?;
        }
        if let Some((head, p)) = rest.split_once('-') {
            pre = p;
            rest = head;
            validate_prerelease(pre)?;
        }
        for part in [major, minor, rest] {
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(VersionError::InvalidCharacters);
            }
            if part.len() > 1 && part.starts_with('0') {
                return Err(VersionError::SegmentStartsZero);
            }
        }
        let number = |digits: &str| -> Result<u64, VersionError> {
            parse_uint(digits).ok_or_else(|| VersionError::Number {
                digits: digits.to_owned(),
                reason: if digits.is_empty() {
                    "invalid syntax"
                } else {
                    "value out of range"
                },
                wrapped: false,
            })
        };
        Ok(Version {
            major: number(major)?,
            minor: number(minor)?,
            patch: number(rest)?,
            pre: pre.to_owned(),
            metadata: metadata.to_owned(),
            original: text.to_owned(),
        })
    }

    /// Masterminds' `New`: builds a version from its parts without validating them; the
    /// original text is the `String()` form.
    pub fn new(major: u64, minor: u64, patch: u64, pre: &str, metadata: &str) -> Version {
        let mut v = Version {
            major,
            minor,
            patch,
            pre: pre.to_owned(),
            metadata: metadata.to_owned(),
            original: String::new(),
        };
        v.original = v.to_string();
        v
    }

    /// The major number (`Major()`).
    pub fn major(&self) -> u64 {
        self.major
    }

    /// The minor number (`Minor()`); 0 when the text had none.
    pub fn minor(&self) -> u64 {
        self.minor
    }

    /// The patch number (`Patch()`); 0 when the text had none.
    pub fn patch(&self) -> u64 {
        self.patch
    }

    /// The prerelease without its `-` (`Prerelease()`); empty when there is none.
    pub fn prerelease(&self) -> &str {
        &self.pre
    }

    /// The build metadata without its `+` (`Metadata()`); empty when there is none.
    pub fn metadata(&self) -> &str {
        &self.metadata
    }

    /// The text the version was parsed from (`Original()`), e.g. `v1.2` for `1.2.0`.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// True when the version has a prerelease part.
    pub fn is_prerelease(&self) -> bool {
        !self.pre.is_empty()
    }

    /// Masterminds' `Compare`: numbers first, then a version without prerelease is greater
    /// than one with, then prerelease identifiers one by one (numeric identifiers compare as
    /// numbers and sort before alphanumeric ones, which compare bytewise; a shorter list of
    /// identifiers sorts first). Build metadata is ignored.
    pub fn compare(&self, other: &Version) -> Ordering {
        self.major
            .cmp(&other.major)
            .then(self.minor.cmp(&other.minor))
            .then(self.patch.cmp(&other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_prerelease(&self.pre, &other.pre),
            })
    }
}

/// Masterminds' `comparePrerelease`, also used on its own by the `!=` constraint.
pub(crate) fn compare_prerelease(a: &str, b: &str) -> Ordering {
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (l, r) => {
                let d = compare_pre_part(l.unwrap_or(""), r.unwrap_or(""));
                if d != Ordering::Equal {
                    return d;
                }
            }
        }
    }
}

/// Masterminds' `comparePrePart`. A part is numeric when `strconv.ParseUint` accepts it, so a
/// run of digits too large for 64 bits compares as text.
fn compare_pre_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() {
        return Ordering::Less;
    }
    if o.is_empty() {
        return Ordering::Greater;
    }
    match (parse_uint(s), parse_uint(o)) {
        (None, None) => s.cmp(o),
        // s is a number, o is text: numbers sort first.
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (Some(a), Some(b)) => {
            if a > b {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
    }
}

/// Go's `strconv.ParseUint(s, 10, 64)`: ASCII digits only, no sign, within `u64`.
pub(crate) fn parse_uint(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Masterminds' `validatePrerelease`.
fn validate_prerelease(p: &str) -> Result<(), VersionError> {
    for part in p.split('.') {
        if part.is_empty() {
            return Err(VersionError::InvalidPrerelease);
        } else if part.bytes().all(|b| b.is_ascii_digit()) {
            if part.len() > 1 && part.starts_with('0') {
                return Err(VersionError::SegmentStartsZero);
            }
        } else if !part.bytes().all(is_identifier_byte) {
            return Err(VersionError::InvalidPrerelease);
        }
    }
    Ok(())
}

/// Masterminds' `validateMetadata`.
fn validate_metadata(m: &str) -> Result<(), VersionError> {
    for part in m.split('.') {
        if part.is_empty() || !part.bytes().all(is_identifier_byte) {
            return Err(VersionError::InvalidMetadata);
        }
    }
    Ok(())
}

fn is_identifier_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Masterminds' `String()`: `MAJOR.MINOR.PATCH[-PRE][+META]`, without any `v` prefix.
impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.metadata.is_empty() {
            write!(f, "+{}", self.metadata)?;
        }
        Ok(())
    }
}

impl FromStr for Version {
    type Err = VersionError;

    /// Same as [`Version::parse`].
    fn from_str(s: &str) -> Result<Version, VersionError> {
        Version::parse(s)
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Version) -> bool {
        self.compare(other) == Ordering::Equal
    }
}

impl Eq for Version {}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Version) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Version) -> Ordering {
        self.compare(other)
    }
}

impl Hash for Version {
    /// Consistent with `Eq`: only the numbers are hashed, since an unvalidated prerelease
    /// from [`Version::new`] such as `a.` compares equal to `a`.
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.major, self.minor, self.patch).hash(state);
    }
}
