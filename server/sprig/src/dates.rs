//! Sprig's date functions over a Go `time.Time` model: Go layout strings (`2006-01-02T15:04:05Z07:00`)
//! for formatting and parsing with Go's error texts, IANA zones (chrono-tz), `time.Duration`
//! printing and `ParseDuration`, and `time.Time` objects with Go's methods and `String()`.
//!
//! The local zone is `$TZ` when set (an IANA name), else the zone `/etc/localtime` links to,
//! else UTC.

use std::sync::{Arc, OnceLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use chrono::{Offset, TimeZone};
use chrono_tz::{OffsetName, Tz};
use cw_template::{FuncError, Function, Object, Param, Repr, Signature, Value};

use crate::lists::def;
use crate::Registry;

/// A Go `*time.Location`.
#[derive(Clone, Debug)]
pub(crate) enum Loc {
    Utc,
    Local,
    Zone(Tz),
    Fixed(Arc<str>, i32),
}

fn local_tz() -> Option<Tz> {
    static LOCAL: OnceLock<Option<Tz>> = OnceLock::new();
    *LOCAL.get_or_init(|| {
        // Go: $TZ when set ("" means UTC), else the zone /etc/localtime links to.
        let name = match std::env::var("TZ") {
            Ok(tz) => tz.trim_start_matches(':').to_string(),
            Err(_) => {
                let target = std::fs::read_link("/etc/localtime").ok()?;
                let target = target.to_string_lossy();
                let at = target.find("zoneinfo/")?;
                target[at + 9..].to_string()
            }
        };
        if name.is_empty() || name == "UTC" {
            return None;
        }
        name.parse::<Tz>().ok()
    })
}

impl Loc {
    /// The zone abbreviation and offset (seconds east of UTC) in effect at `unix`.
    fn zone_at(&self, unix: i64) -> (String, i32) {
        let tz = match self {
            Loc::Utc => return ("UTC".into(), 0),
            Loc::Fixed(n, o) => return (n.to_string(), *o),
            Loc::Local => match local_tz() {
                Some(tz) => tz,
                None => return ("UTC".into(), 0),
            },
            Loc::Zone(tz) => *tz,
        };
        let Some(dt) = chrono::DateTime::from_timestamp(unix, 0) else {
            return ("UTC".into(), 0);
        };
        let off = tz.offset_from_utc_datetime(&dt.naive_utc());
        let name = off.abbreviation().unwrap_or("").to_string();
        (name, off.fix().local_minus_utc())
    }
}

/// A Go `time.Time`: an instant, its location and an optional monotonic reading (from `now`).
#[derive(Clone, Debug)]
pub(crate) struct GoTime {
    pub unix: i64,
    pub nsec: u32,
    pub loc: Loc,
    /// Nanoseconds since process start (Go prints it as `m=+0.001`).
    pub mono: Option<i64>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in(m: i64, y: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Broken-down civil time in the time's zone.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    min: u32,
    sec: u32,
    yday: u32,
    wday: u32,
    zone: String,
    offset: i32,
}

impl GoTime {
    pub(crate) fn now() -> GoTime {
        static START: OnceLock<Instant> = OnceLock::new();
        let start = *START.get_or_init(Instant::now);
        let d = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        GoTime {
            unix: d.as_secs() as i64,
            nsec: d.subsec_nanos(),
            loc: Loc::Local,
            mono: Some(start.elapsed().as_nanos().max(1) as i64),
        }
    }

    fn from_unix(unix: i64) -> GoTime {
        GoTime {
            unix,
            nsec: 0,
            loc: Loc::Local,
            mono: None,
        }
    }

    /// Go's zero time (0001-01-01 00:00:00 UTC).
    fn zero() -> GoTime {
        GoTime {
            unix: days_from_civil(1, 1, 1) * 86400,
            nsec: 0,
            loc: Loc::Utc,
            mono: None,
        }
    }

    fn civil(&self) -> Civil {
        let (zone, offset) = self.loc.zone_at(self.unix);
        let local = self.unix + offset as i64;
        let days = local.div_euclid(86400);
        let secs = local.rem_euclid(86400);
        let (year, month, day) = civil_from_days(days);
        let yday = (days - days_from_civil(year, 1, 1) + 1) as u32;
        let wday = (days + 4).rem_euclid(7) as u32;
        Civil {
            year,
            month,
            day,
            hour: (secs / 3600) as u32,
            min: (secs % 3600 / 60) as u32,
            sec: (secs % 60) as u32,
            yday,
            wday,
            zone,
            offset,
        }
    }

    fn in_loc(&self, loc: Loc) -> GoTime {
        GoTime {
            loc,
            mono: None,
            ..self.clone()
        }
    }

    /// `t.Add(d)`.
    fn add(&self, d: i64) -> GoTime {
        let total = self.nsec as i64 + d.rem_euclid(1_000_000_000);
        GoTime {
            unix: self.unix + d.div_euclid(1_000_000_000) + total / 1_000_000_000,
            nsec: (total % 1_000_000_000) as u32,
            loc: self.loc.clone(),
            mono: self.mono.map(|m| m.saturating_add(d)),
        }
    }

    /// `time.Since(t)` in nanoseconds.
    fn since(&self) -> i64 {
        let now = GoTime::now();
        (now.unix - self.unix)
            .saturating_mul(1_000_000_000)
            .saturating_add(now.nsec as i64 - self.nsec as i64)
    }

    /// Go's `Time.String()`.
    pub(crate) fn go_string(&self) -> String {
        let mut s = format(self, "2006-01-02 15:04:05.999999999 -0700 MST");
        if let Some(m) = self.mono {
            let sign = if m < 0 { '-' } else { '+' };
            let a = m.unsigned_abs();
            s.push_str(&format!(
                " m={sign}{}.{:09}",
                a / 1_000_000_000,
                a % 1_000_000_000
            ));
        }
        s
    }
}

/// Go's `time.Date` in `loc`.
fn make_time(c: [i64; 7], loc: Loc) -> GoTime {
    let [y, mo, d, h, mi, s, ns] = c;
    let days = days_from_civil(y, mo, 1) + d - 1;
    let unix = days * 86400 + h * 3600 + mi * 60 + s;
    let (_, off1) = loc.zone_at(unix);
    let mut off = off1;
    if off1 != 0 {
        let (_, off2) = loc.zone_at(unix - off1 as i64);
        off = off2;
    }
    GoTime {
        unix: unix - off as i64,
        nsec: ns as u32,
        loc,
        mono: None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Std {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    Tz,
    Iso8601Tz,
    Iso8601SecondsTz,
    Iso8601ShortTz,
    Iso8601ColonTz,
    Iso8601ColonSecondsTz,
    NumTz,
    NumSecondsTz,
    NumShortTz,
    NumColonTz,
    NumColonSecondsTz,
    /// Fractional seconds: (all-zeros style, digits, separator).
    Frac0(usize, u8),
    Frac9(usize, u8),
}

fn starts_lower(s: &[u8]) -> bool {
    s.first().is_some_and(|c| c.is_ascii_lowercase())
}

/// Go's `nextStdChunk`: (prefix, std, suffix) of the first layout element.
fn next_std(layout: &str) -> (&str, Option<Std>, &str) {
    let b = layout.as_bytes();
    let at = |i: usize, s: &str| layout.get(i..).is_some_and(|r| r.starts_with(s));
    for i in 0..b.len() {
        let r = |n: usize, std: Std| (&layout[..i], Some(std), &layout[i + n..]);
        match b[i] {
            b'J' if at(i, "Jan") => {
                if at(i, "January") {
                    return r(7, Std::LongMonth);
                }
                if !starts_lower(&b[i + 3..]) {
                    return r(3, Std::Month);
                }
            }
            b'M' => {
                if at(i, "Mon") {
                    if at(i, "Monday") {
                        return r(6, Std::LongWeekDay);
                    }
                    if !starts_lower(&b[i + 3..]) {
                        return r(3, Std::WeekDay);
                    }
                }
                if at(i, "MST") {
                    return r(3, Std::Tz);
                }
            }
            b'0' if i + 1 < b.len() => {
                if (b'1'..=b'6').contains(&b[i + 1]) {
                    let std = [
                        Std::ZeroMonth,
                        Std::ZeroDay,
                        Std::ZeroHour12,
                        Std::ZeroMinute,
                        Std::ZeroSecond,
                        Std::Year,
                    ][(b[i + 1] - b'1') as usize];
                    return r(2, std);
                }
                if at(i, "002") {
                    return r(3, Std::ZeroYearDay);
                }
            }
            b'1' => {
                if at(i, "15") {
                    return r(2, Std::Hour);
                }
                return r(1, Std::NumMonth);
            }
            b'2' => {
                if at(i, "2006") {
                    return r(4, Std::LongYear);
                }
                return r(1, Std::Day);
            }
            b'_' => {
                if at(i, "_2") {
                    if at(i, "_2006") {
                        return (&layout[..i + 1], Some(Std::LongYear), &layout[i + 5..]);
                    }
                    return r(2, Std::UnderDay);
                }
                if at(i, "__2") {
                    return r(3, Std::UnderYearDay);
                }
            }
            b'3' => return r(1, Std::Hour12),
            b'4' => return r(1, Std::Minute),
            b'5' => return r(1, Std::Second),
            b'P' if at(i, "PM") => return r(2, Std::PM),
            b'p' if at(i, "pm") => return r(2, Std::Pm),
            b'-' => {
                for (s, std) in [
                    ("-070000", Std::NumSecondsTz),
                    ("-07:00:00", Std::NumColonSecondsTz),
                    ("-0700", Std::NumTz),
                    ("-07:00", Std::NumColonTz),
                    ("-07", Std::NumShortTz),
                ] {
                    if at(i, s) {
                        return r(s.len(), std);
                    }
                }
            }
            b'Z' => {
                for (s, std) in [
                    ("Z070000", Std::Iso8601SecondsTz),
                    ("Z07:00:00", Std::Iso8601ColonSecondsTz),
                    ("Z0700", Std::Iso8601Tz),
                    ("Z07:00", Std::Iso8601ColonTz),
                    ("Z07", Std::Iso8601ShortTz),
                ] {
                    if at(i, s) {
                        return r(s.len(), std);
                    }
                }
            }
            b'.' | b',' if i + 1 < b.len() && (b[i + 1] == b'0' || b[i + 1] == b'9') => {
                let ch = b[i + 1];
                let mut j = i + 1;
                while j < b.len() && b[j] == ch {
                    j += 1;
                }
                if !(j < b.len() && b[j].is_ascii_digit()) {
                    let n = j - (i + 1);
                    let std = if ch == b'0' {
                        Std::Frac0(n, b[i])
                    } else {
                        Std::Frac9(n, b[i])
                    };
                    return (&layout[..i], Some(std), &layout[j..]);
                }
            }
            _ => {}
        }
    }
    (layout, None, "")
}

fn pad(out: &mut String, v: i64, width: usize) {
    if v < 0 {
        out.push('-');
        out.push_str(&format!("{:0width$}", -v, width = width));
    } else {
        out.push_str(&format!("{:0width$}", v, width = width));
    }
}

/// Go's `Time.Format`.
pub(crate) fn format(t: &GoTime, layout: &str) -> String {
    let c = t.civil();
    let mut out = String::with_capacity(layout.len() + 10);
    let mut l = layout;
    loop {
        let (prefix, std, suffix) = next_std(l);
        out.push_str(prefix);
        let Some(std) = std else { break };
        l = suffix;
        match std {
            Std::Year => pad(&mut out, c.year.rem_euclid(100), 2),
            Std::LongYear => pad(&mut out, c.year, 4),
            Std::Month => out.push_str(&MONTHS[c.month as usize - 1][..3]),
            Std::LongMonth => out.push_str(MONTHS[c.month as usize - 1]),
            Std::NumMonth => pad(&mut out, c.month as i64, 0),
            Std::ZeroMonth => pad(&mut out, c.month as i64, 2),
            Std::WeekDay => out.push_str(&DAYS[c.wday as usize][..3]),
            Std::LongWeekDay => out.push_str(DAYS[c.wday as usize]),
            Std::Day => pad(&mut out, c.day as i64, 0),
            Std::UnderDay => {
                if c.day < 10 {
                    out.push(' ');
                }
                pad(&mut out, c.day as i64, 0)
            }
            Std::ZeroDay => pad(&mut out, c.day as i64, 2),
            Std::UnderYearDay => out.push_str(&format!("{:>3}", c.yday)),
            Std::ZeroYearDay => pad(&mut out, c.yday as i64, 3),
            Std::Hour => pad(&mut out, c.hour as i64, 2),
            Std::Hour12 | Std::ZeroHour12 => {
                let h = match c.hour % 12 {
                    0 => 12,
                    h => h,
                };
                pad(&mut out, h as i64, if std == Std::Hour12 { 0 } else { 2 })
            }
            Std::Minute => pad(&mut out, c.min as i64, 0),
            Std::ZeroMinute => pad(&mut out, c.min as i64, 2),
            Std::Second => pad(&mut out, c.sec as i64, 0),
            Std::ZeroSecond => pad(&mut out, c.sec as i64, 2),
            Std::PM => out.push_str(if c.hour >= 12 { "PM" } else { "AM" }),
            Std::Pm => out.push_str(if c.hour >= 12 { "pm" } else { "am" }),
            Std::Iso8601Tz
            | Std::Iso8601SecondsTz
            | Std::Iso8601ShortTz
            | Std::Iso8601ColonTz
            | Std::Iso8601ColonSecondsTz
            | Std::NumTz
            | Std::NumSecondsTz
            | Std::NumShortTz
            | Std::NumColonTz
            | Std::NumColonSecondsTz => {
                let iso = matches!(
                    std,
                    Std::Iso8601Tz
                        | Std::Iso8601SecondsTz
                        | Std::Iso8601ShortTz
                        | Std::Iso8601ColonTz
                        | Std::Iso8601ColonSecondsTz
                );
                if iso && c.offset == 0 {
                    out.push('Z');
                    continue;
                }
                let mut zone = c.offset / 60;
                let mut abs = c.offset;
                if zone < 0 {
                    out.push('-');
                    zone = -zone;
                    abs = -abs;
                } else {
                    out.push('+');
                }
                pad(&mut out, (zone / 60) as i64, 2);
                let colon = matches!(
                    std,
                    Std::Iso8601ColonTz
                        | Std::NumColonTz
                        | Std::Iso8601ColonSecondsTz
                        | Std::NumColonSecondsTz
                );
                if !matches!(std, Std::Iso8601ShortTz | Std::NumShortTz) {
                    if colon {
                        out.push(':');
                    }
                    pad(&mut out, (zone % 60) as i64, 2);
                }
                if matches!(
                    std,
                    Std::Iso8601SecondsTz
                        | Std::NumSecondsTz
                        | Std::NumColonSecondsTz
                        | Std::Iso8601ColonSecondsTz
                ) {
                    if colon {
                        out.push(':');
                    }
                    pad(&mut out, (abs % 60) as i64, 2);
                }
            }
            Std::Tz => {
                if !c.zone.is_empty() {
                    out.push_str(&c.zone);
                } else {
                    let mut zone = c.offset / 60;
                    if zone < 0 {
                        out.push('-');
                        zone = -zone;
                    } else {
                        out.push('+');
                    }
                    pad(&mut out, (zone / 60) as i64, 2);
                    pad(&mut out, (zone % 60) as i64, 2);
                }
            }
            Std::Frac0(n, sep) | Std::Frac9(n, sep) => {
                let digits = format!("{:09}", t.nsec);
                let mut d = &digits[..n.min(9)];
                if let Std::Frac9(..) = std {
                    d = d.trim_end_matches('0');
                    if d.is_empty() {
                        continue;
                    }
                }
                out.push(sep as char);
                out.push_str(d);
            }
        }
    }
    out
}

/// Go's `time` package quoting of strings in parse errors.
fn tquote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn getnum(s: &str, fixed: bool) -> Option<(i64, &str)> {
    let b = s.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    if !b.get(1).is_some_and(u8::is_ascii_digit) {
        if fixed {
            return None;
        }
        return Some(((b[0] - b'0') as i64, &s[1..]));
    }
    Some((((b[0] - b'0') * 10 + (b[1] - b'0')) as i64, &s[2..]))
}

fn getnum3(s: &str, fixed: bool) -> Option<(i64, &str)> {
    let b = s.as_bytes();
    let mut n = 0i64;
    let mut i = 0;
    while i < 3 && b.get(i).is_some_and(u8::is_ascii_digit) {
        n = n * 10 + (b[i] - b'0') as i64;
        i += 1;
    }
    if i == 0 || (fixed && i != 3) {
        return None;
    }
    Some((n, &s[i..]))
}

fn lookup<'a>(tab: &[&str], val: &'a str) -> Option<(usize, &'a str)> {
    for (i, name) in tab.iter().enumerate() {
        if val.len() >= name.len()
            && val.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some((i, &val[name.len()..]));
        }
    }
    None
}

fn skip<'a>(mut value: &'a str, mut prefix: &str) -> Option<&'a str> {
    while !prefix.is_empty() {
        if prefix.starts_with(' ') {
            if !value.is_empty() && !value.starts_with(' ') {
                return None;
            }
            prefix = prefix.trim_start_matches(' ');
            value = value.trim_start_matches(' ');
            continue;
        }
        let c = prefix.chars().next()?;
        if !value.starts_with(c) {
            return None;
        }
        prefix = &prefix[c.len_utf8()..];
        value = &value[c.len_utf8()..];
    }
    Some(value)
}

fn parse_tz_name(value: &str) -> Option<usize> {
    let b = value.as_bytes();
    if b.len() < 3 {
        return None;
    }
    if value.starts_with("ChST") || value.starts_with("MeST") {
        return Some(4);
    }
    if value.starts_with("GMT") {
        let rest = &b[3..];
        if let Some(&s) = rest.first() {
            if s == b'+' || s == b'-' {
                let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                if n > 0 {
                    return Some(4 + n);
                }
            }
        }
        return Some(3);
    }
    if b[0] == b'+' || b[0] == b'-' {
        let n = b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        return if n > 0 && n <= 2 { Some(1 + n) } else { None };
    }
    let n = b
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    match n {
        3 => Some(3),
        4 if b[3] == b'T' || value.starts_with("WITA") => Some(4),
        5 if b[4] == b'T' => Some(5),
        _ => None,
    }
}

fn parse_nanos(value: &str, nbytes: usize) -> Result<i64, ()> {
    let b = value.as_bytes();
    if !(b[0] == b'.' || b[0] == b',') {
        return Err(());
    }
    let nb = nbytes.min(10);
    let digits = &value[1..nb];
    let mut ns: i64 = digits.parse().map_err(|_| ())?;
    for _ in 0..(10 - nb) {
        ns *= 10;
    }
    Ok(ns)
}

/// Go's `time.ParseInLocation(layout, value, local)`.
pub(crate) fn parse(layout_in: &str, value_in: &str, local: Loc) -> Result<GoTime, String> {
    let err_elem = |le: &str, ve: &str| {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            tquote(value_in),
            tquote(layout_in),
            tquote(ve),
            tquote(le)
        )
    };
    let err_msg = |m: &str| format!("parsing time {}{}", tquote(value_in), m);
    let (mut layout, mut value) = (layout_in, value_in);
    let (mut year, mut month, mut day, mut yday) = (0i64, -1i64, -1i64, -1i64);
    let (mut hour, mut min, mut sec, mut nsec) = (0i64, 0i64, 0i64, 0i64);
    let (mut pm_set, mut am_set) = (false, false);
    let mut z: Option<Loc> = None;
    let mut zone_offset: Option<i64> = None;
    let mut zone_name = String::new();
    loop {
        let (prefix, std, suffix) = next_std(layout);
        let stdstr = &layout[prefix.len()..layout.len() - suffix.len()];
        value = match skip(value, prefix) {
            Some(v) => v,
            None => return Err(err_elem(prefix, value)),
        };
        let Some(std) = std else {
            if !value.is_empty() {
                return Err(err_msg(&format!(": extra text: {}", tquote(value))));
            }
            break;
        };
        layout = suffix;
        let hold = value;
        let mut range_err: Option<&str> = None;
        let mut ok = true;
        macro_rules! num {
            ($e:expr) => {
                match $e {
                    Some((n, rest)) => {
                        value = rest;
                        n
                    }
                    None => {
                        ok = false;
                        0
                    }
                }
            };
        }
        match std {
            Std::Year => {
                if value.len() < 2 || !value.is_char_boundary(2) {
                    ok = false;
                } else {
                    match value[..2].parse::<i64>() {
                        Ok(y) if value.as_bytes()[0].is_ascii_digit() => {
                            year = if y >= 69 { y + 1900 } else { y + 2000 };
                            value = &value[2..];
                        }
                        _ => ok = false,
                    }
                }
            }
            Std::LongYear => {
                if value.len() < 4 || !value.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
                    ok = false;
                } else {
                    year = value[..4].parse().unwrap_or(0);
                    value = &value[4..];
                }
            }
            Std::Month | Std::LongMonth => {
                let tab: Vec<&str> = if std == Std::Month {
                    MONTHS.iter().map(|m| &m[..3]).collect()
                } else {
                    MONTHS.to_vec()
                };
                match lookup(&tab, value) {
                    Some((i, rest)) => {
                        month = i as i64 + 1;
                        value = rest;
                    }
                    None => ok = false,
                }
            }
            Std::NumMonth | Std::ZeroMonth => {
                month = num!(getnum(value, std == Std::ZeroMonth));
                if ok && !(1..=12).contains(&month) {
                    range_err = Some("month");
                }
            }
            Std::WeekDay | Std::LongWeekDay => {
                let tab: Vec<&str> = if std == Std::WeekDay {
                    DAYS.iter().map(|m| &m[..3]).collect()
                } else {
                    DAYS.to_vec()
                };
                match lookup(&tab, value) {
                    Some((_, rest)) => value = rest,
                    None => ok = false,
                }
            }
            Std::Day | Std::UnderDay | Std::ZeroDay => {
                if std == Std::UnderDay && value.starts_with(' ') {
                    value = &value[1..];
                }
                day = num!(getnum(value, std == Std::ZeroDay));
            }
            Std::UnderYearDay | Std::ZeroYearDay => {
                for _ in 0..2 {
                    if std == Std::UnderYearDay && value.starts_with(' ') {
                        value = &value[1..];
                    }
                }
                yday = num!(getnum3(value, std == Std::ZeroYearDay));
            }
            Std::Hour => {
                hour = num!(getnum(value, false));
                if !(0..24).contains(&hour) {
                    range_err = Some("hour");
                }
            }
            Std::Hour12 | Std::ZeroHour12 => {
                hour = num!(getnum(value, std == Std::ZeroHour12));
                if !(0..=12).contains(&hour) {
                    range_err = Some("hour");
                }
            }
            Std::Minute | Std::ZeroMinute => {
                min = num!(getnum(value, std == Std::ZeroMinute));
                if !(0..60).contains(&min) {
                    range_err = Some("minute");
                }
            }
            Std::Second | Std::ZeroSecond => {
                sec = num!(getnum(value, std == Std::ZeroSecond));
                if ok && !(0..60).contains(&sec) {
                    range_err = Some("second");
                } else if ok {
                    let b = value.as_bytes();
                    if b.len() >= 2 && (b[0] == b'.' || b[0] == b',') && b[1].is_ascii_digit() {
                        let (_, next, _) = next_std(layout);
                        if !matches!(next, Some(Std::Frac0(..) | Std::Frac9(..))) {
                            let mut n = 2;
                            while n < b.len() && b[n].is_ascii_digit() {
                                n += 1;
                            }
                            match parse_nanos(value, n) {
                                Ok(ns) => nsec = ns,
                                Err(()) => ok = false,
                            }
                            value = &value[n..];
                        }
                    }
                }
            }
            Std::PM | Std::Pm => {
                if value.len() < 2 || !value.is_char_boundary(2) {
                    ok = false;
                } else {
                    let p = &value[..2];
                    value = &value[2..];
                    let (pm, am) = if std == Std::PM {
                        ("PM", "AM")
                    } else {
                        ("pm", "am")
                    };
                    if p == pm {
                        pm_set = true;
                    } else if p == am {
                        am_set = true;
                    } else {
                        ok = false;
                    }
                }
            }
            Std::Iso8601Tz
            | Std::Iso8601SecondsTz
            | Std::Iso8601ShortTz
            | Std::Iso8601ColonTz
            | Std::Iso8601ColonSecondsTz
            | Std::NumTz
            | Std::NumSecondsTz
            | Std::NumShortTz
            | Std::NumColonTz
            | Std::NumColonSecondsTz => {
                let iso = matches!(
                    std,
                    Std::Iso8601Tz
                        | Std::Iso8601SecondsTz
                        | Std::Iso8601ShortTz
                        | Std::Iso8601ColonTz
                        | Std::Iso8601ColonSecondsTz
                );
                if iso && value.starts_with('Z') {
                    value = &value[1..];
                    z = Some(Loc::Utc);
                } else {
                    let b = value.as_bytes();
                    let parts: Option<(u8, &str, &str, &str, usize)> = match std {
                        Std::Iso8601ColonTz | Std::NumColonTz => (b.len() >= 6 && b[3] == b':')
                            .then(|| (b[0], &value[1..3], &value[4..6], "00", 6)),
                        Std::NumShortTz | Std::Iso8601ShortTz => {
                            (b.len() >= 3).then(|| (b[0], &value[1..3], "00", "00", 3))
                        }
                        Std::Iso8601ColonSecondsTz | Std::NumColonSecondsTz => {
                            (b.len() >= 9 && b[3] == b':' && b[6] == b':')
                                .then(|| (b[0], &value[1..3], &value[4..6], &value[7..9], 9))
                        }
                        Std::Iso8601SecondsTz | Std::NumSecondsTz => (b.len() >= 7)
                            .then(|| (b[0], &value[1..3], &value[3..5], &value[5..7], 7)),
                        _ => (b.len() >= 5).then(|| (b[0], &value[1..3], &value[3..5], "00", 5)),
                    };
                    match parts {
                        Some((sign, h, m, s, n)) if value.is_char_boundary(n) => {
                            value = &value[n..];
                            match (getnum(h, true), getnum(m, true), getnum(s, true)) {
                                (Some((hr, _)), Some((mm, _)), Some((ss, _))) => {
                                    if hr > 24 {
                                        range_err = Some("time zone offset hour");
                                    }
                                    if mm > 60 {
                                        range_err = Some("time zone offset minute");
                                    }
                                    if ss > 60 {
                                        range_err = Some("time zone offset second");
                                    }
                                    let off = (hr * 60 + mm) * 60 + ss;
                                    match sign {
                                        b'+' => zone_offset = Some(off),
                                        b'-' => zone_offset = Some(-off),
                                        _ => ok = false,
                                    }
                                }
                                _ => ok = false,
                            }
                        }
                        _ => ok = false,
                    }
                }
            }
            Std::Tz => {
                if value.starts_with("UTC") {
                    z = Some(Loc::Utc);
                    value = &value[3..];
                } else {
                    match parse_tz_name(value) {
                        Some(n) => {
                            zone_name = value[..n].to_string();
                            value = &value[n..];
                        }
                        None => ok = false,
                    }
                }
            }
            Std::Frac0(n, _) => {
                let nd = 1 + n;
                if value.len() < nd || !value.is_char_boundary(nd) {
                    ok = false;
                } else {
                    match parse_nanos(value, nd) {
                        Ok(ns) => nsec = ns,
                        Err(()) => ok = false,
                    }
                    value = &value[nd..];
                }
            }
            Std::Frac9(..) => {
                let b = value.as_bytes();
                if b.len() >= 2 && (b[0] == b'.' || b[0] == b',') && b[1].is_ascii_digit() {
                    let mut i = 0;
                    while i + 1 < b.len() && b[i + 1].is_ascii_digit() {
                        i += 1;
                    }
                    match parse_nanos(value, 1 + i) {
                        Ok(ns) => nsec = ns,
                        Err(()) => ok = false,
                    }
                    value = &value[1 + i..];
                }
            }
        }
        if let Some(r) = range_err {
            return Err(err_msg(&format!(": {r} out of range")));
        }
        if !ok {
            return Err(err_elem(stdstr, hold));
        }
    }
    if pm_set && hour < 12 {
        hour += 12;
    } else if am_set && hour == 12 {
        hour = 0;
    }
    if yday >= 0 {
        let (mut d, mut m);
        if is_leap(year) {
            if yday == 31 + 29 {
                m = 2;
                d = 29;
            } else if yday > 31 + 29 {
                yday -= 1;
                m = 0;
                d = 0;
            } else {
                m = 0;
                d = 0;
            }
        } else {
            m = 0;
            d = 0;
        }
        if !(1..=365).contains(&yday) {
            return Err(err_msg(": day-of-year out of range"));
        }
        if m == 0 {
            m = (yday - 1) / 31 + 1;
            let cum = |mm: i64| (1..mm).map(|k| days_in(k, 2001)).sum::<i64>();
            if cum(m + 1) < yday {
                m += 1;
            }
            d = yday - cum(m);
        }
        if month >= 0 && month != m {
            return Err(err_msg(": day-of-year does not match month"));
        }
        month = m;
        if day >= 0 && day != d {
            return Err(err_msg(": day-of-year does not match day"));
        }
        day = d;
    } else {
        if month < 0 {
            month = 1;
        }
        if day < 0 {
            day = 1;
        }
    }
    if day < 1 || day > days_in(month, year) {
        return Err(err_msg(": day out of range"));
    }
    let c = [year, month, day, hour, min, sec, nsec];
    if let Some(z) = z {
        return Ok(make_time(c, z));
    }
    if let Some(off) = zone_offset {
        let mut t = make_time(c, Loc::Utc);
        t.unix -= off;
        let (name, loff) = local.zone_at(t.unix);
        if loff as i64 == off && (zone_name.is_empty() || name == zone_name) {
            t.loc = local;
        } else {
            t.loc = Loc::Fixed(Arc::from(zone_name.as_str()), off as i32);
        }
        return Ok(t);
    }
    if !zone_name.is_empty() {
        let mut t = make_time(c, Loc::Utc);
        let (name, loff) = local.zone_at(t.unix);
        if name == zone_name {
            t.unix -= loff as i64;
            t.loc = local;
            return Ok(t);
        }
        let mut off = 0;
        if zone_name.len() > 3 && zone_name.starts_with("GMT") {
            off = zone_name[3..].parse::<i32>().unwrap_or(0) * 3600;
        }
        t.unix -= off as i64;
        t.loc = Loc::Fixed(Arc::from(zone_name.as_str()), off);
        return Ok(t);
    }
    Ok(make_time(c, local))
}

/// Go's `Duration.String()`.
pub(crate) fn duration_string(d: i64) -> String {
    let neg = d < 0;
    let mut u = d.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        if u == 0 {
            return "0s".into();
        }
        let (prec, unit) = if u < 1_000 {
            (0, "ns")
        } else if u < 1_000_000 {
            (3, "µs")
        } else {
            (6, "ms")
        };
        let (int, frac) = frac_part(u, prec);
        out.push_str(&int.to_string());
        out.push_str(&frac);
        out.push_str(unit);
    } else {
        let (secs, frac) = frac_part(u, 9);
        u = secs;
        let s = u % 60;
        u /= 60;
        if u > 0 {
            let m = u % 60;
            u /= 60;
            if u > 0 {
                out.push_str(&format!("{u}h"));
            }
            out.push_str(&format!("{m}m"));
        }
        out.push_str(&format!("{s}{frac}s"));
    }
    if neg {
        out.insert(0, '-');
    }
    out
}

/// Splits `v / 10^prec` into the integer part and a `.digits` fraction without trailing zeros.
fn frac_part(v: u64, prec: u32) -> (u64, String) {
    let p = 10u64.pow(prec);
    let (int, frac) = (v / p, v % p);
    if frac == 0 {
        return (int, String::new());
    }
    let digits = format!("{:0width$}", frac, width = prec as usize);
    (int, format!(".{}", digits.trim_end_matches('0')))
}

/// Go's `time.ParseDuration`.
pub(crate) fn parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", tquote(orig));
    let mut s = orig;
    let mut neg = false;
    if let Some(c) = s.chars().next() {
        if c == '-' || c == '+' {
            neg = c == '-';
            s = &s[1..];
        }
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut d: u64 = 0;
    while !s.is_empty() {
        let b = s.as_bytes();
        if !(b[0] == b'.' || b[0].is_ascii_digit()) {
            return Err(invalid());
        }
        let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let pre = n > 0;
        let mut v: u64 = 0;
        for &c in &b[..n] {
            v = v
                .checked_mul(10)
                .and_then(|x| x.checked_add((c - b'0') as u64))
                .filter(|&x| x <= 1 << 63)
                .ok_or_else(invalid)?;
        }
        s = &s[n..];
        let (mut f, mut scale, mut post) = (0u64, 1f64, false);
        if s.starts_with('.') {
            s = &s[1..];
            let b = s.as_bytes();
            let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
            post = n > 0;
            let mut overflow = false;
            for &c in &b[..n] {
                if overflow {
                    continue;
                }
                if f > (i64::MAX as u64) / 10 {
                    overflow = true;
                    continue;
                }
                let y = f * 10 + (c - b'0') as u64;
                if y > 1 << 63 {
                    overflow = true;
                    continue;
                }
                f = y;
                scale *= 10.0;
            }
            s = &s[n..];
        }
        if !pre && !post {
            return Err(invalid());
        }
        let i = s
            .char_indices()
            .find(|&(_, c)| c == '.' || c.is_ascii_digit())
            .map_or(s.len(), |(i, _)| i);
        if i == 0 {
            return Err(format!("time: missing unit in duration {}", tquote(orig)));
        }
        let u = &s[..i];
        s = &s[i..];
        let unit: u64 = match u {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    tquote(u),
                    tquote(orig)
                ))
            }
        };
        if v > (1u64 << 63) / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > 1 << 63 {
                return Err(invalid());
            }
        }
        d = d
            .checked_add(v)
            .filter(|&x| x <= 1 << 63)
            .ok_or_else(invalid)?;
    }
    if neg {
        return Ok((d as i64).wrapping_neg());
    }
    if d > i64::MAX as u64 {
        return Err(invalid());
    }
    Ok(d as i64)
}

/// `Duration.Round(m)`.
fn round_duration(d: i64, m: i64) -> i64 {
    let less_than_half = |x: i64, y: i64| (x as u64).wrapping_add(x as u64) < y as u64;
    let mut r = d % m;
    if d < 0 {
        r = -r;
        if less_than_half(r, m) {
            return d + r;
        }
        return d.checked_sub(m - r).unwrap_or(i64::MIN);
    }
    if less_than_half(r, m) {
        return d - r;
    }
    d.checked_add(m - r).unwrap_or(i64::MAX)
}

impl Object for GoTime {
    fn type_name(&self) -> String {
        "time.Time".into()
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn method(&self, name: &str) -> Option<Function> {
        let t = self.clone();
        let c = self.civil();
        let int = |v: i64| {
            Some(Function::new(Signature::fixed(0), move |_, _| {
                Ok(Value::Int(v))
            }))
        };
        let i64v = |v: i64| {
            Some(Function::new(Signature::fixed(0), move |_, _| {
                Ok(Value::Int64(v))
            }))
        };
        let string = |s: String| {
            Some(Function::new(Signature::fixed(0), move |_, _| {
                Ok(Value::string(s.clone()))
            }))
        };
        let time = |t: GoTime| {
            Some(Function::new(Signature::fixed(0), move |_, _| {
                Ok(Value::object(t.clone()))
            }))
        };
        match name {
            "Unix" => i64v(t.unix),
            "UnixMilli" => i64v(t.unix * 1000 + t.nsec as i64 / 1_000_000),
            "UnixMicro" => i64v(t.unix * 1_000_000 + t.nsec as i64 / 1000),
            "UnixNano" => i64v(t.unix.wrapping_mul(1_000_000_000) + t.nsec as i64),
            "Year" => int(c.year),
            "Month" => string(MONTHS[c.month as usize - 1].into()),
            "Day" => int(c.day as i64),
            "Hour" => int(c.hour as i64),
            "Minute" => int(c.min as i64),
            "Second" => int(c.sec as i64),
            "Nanosecond" => int(t.nsec as i64),
            "YearDay" => int(c.yday as i64),
            "Weekday" => string(DAYS[c.wday as usize].into()),
            "String" => string(t.go_string()),
            "IsZero" => Some(Function::new(Signature::fixed(0), {
                let z = t.unix == GoTime::zero().unix && t.nsec == 0;
                move |_, _| Ok(Value::Bool(z))
            })),
            "UTC" => time(t.in_loc(Loc::Utc)),
            "Local" => time(t.in_loc(Loc::Local)),
            "Format" => Some(Function::new(
                Signature::typed(&[Param::String], None),
                move |_, a| Ok(Value::string(format(&t, a[0].as_str().unwrap_or("")))),
            )),
            "AddDate" => Some(Function::new(
                Signature::typed(&[Param::Int, Param::Int, Param::Int], None),
                move |_, a| {
                    let c = t.civil();
                    let g = |i: usize| a[i].as_int().unwrap_or(0);
                    let secs = t.unix + c.offset as i64;
                    let s = secs.rem_euclid(86400);
                    let n = make_time(
                        [
                            c.year + g(0),
                            c.month as i64 + g(1),
                            c.day as i64 + g(2),
                            s / 3600,
                            s % 3600 / 60,
                            s % 60,
                            t.nsec as i64,
                        ],
                        t.loc.clone(),
                    );
                    Ok(Value::object(n))
                },
            )),
            _ => None,
        }
    }
    fn repr(&self) -> Repr {
        Repr::Stringer(self.go_string())
    }
}

/// The `time.Time` inside a template value, if it is one.
pub(crate) fn as_time(v: &Value) -> Option<GoTime> {
    let Value::Object(o) = v else { return None };
    if o.type_name() != "time.Time" {
        return None;
    }
    // Recover the instant through the printed form, which is exact to the nanosecond.
    let Repr::Stringer(s) = o.repr() else {
        return None;
    };
    parse_go_string(&s)
}

/// Parses Go's `Time.String()` output back (our own objects only print that way).
fn parse_go_string(s: &str) -> Option<GoTime> {
    let (main, mono) = match s.find(" m=") {
        Some(i) => (&s[..i], Some(&s[i + 3..])),
        None => (s, None),
    };
    let (rest, zone) = main.rsplit_once(' ')?;
    let mut t = parse(
        "2006-01-02 15:04:05.999999999 -0700",
        rest,
        Loc::Fixed(Arc::from(zone), 0),
    )
    .ok()?;
    let off = match &t.loc {
        Loc::Fixed(_, o) => *o,
        _ => 0,
    };
    t.loc = if zone == "UTC" && off == 0 {
        Loc::Utc
    } else {
        Loc::Fixed(
            Arc::from(if zone.starts_with(['+', '-']) {
                ""
            } else {
                zone
            }),
            off,
        )
    };
    if let Some(m) = mono {
        let neg = m.starts_with('-');
        let (a, b) = m[1..].split_once('.')?;
        let v = a.parse::<i64>().ok()? * 1_000_000_000 + b.parse::<i64>().ok()?;
        t.mono = Some(if neg { -v } else { v });
    }
    Some(t)
}

fn load_location(zone: &str) -> Option<Loc> {
    match zone {
        "" | "UTC" => Some(Loc::Utc),
        "Local" => Some(Loc::Local),
        z => z.parse::<Tz>().ok().map(Loc::Zone),
    }
}

/// Sprig's `dateInZone` argument handling: time.Time, int, int64 (others: now).
fn date_arg(v: &Value) -> GoTime {
    match v {
        Value::Int(i) | Value::Int64(i) => GoTime::from_unix(*i),
        other => as_time(other).unwrap_or_else(GoTime::now),
    }
}

fn date_in_zone(layout: &str, date: &Value, zone: &str) -> String {
    let t = date_arg(date);
    let loc = load_location(zone).unwrap_or(Loc::Utc);
    format(&t.in_loc(loc), layout)
}

fn time_arg(v: &Value) -> Result<GoTime, FuncError> {
    as_time(v).ok_or_else(|| {
        FuncError::msg(format!(
            "can't handle {} for arg of type time.Time",
            cw_template::fmt::sprintf("%v", std::slice::from_ref(v))
        ))
    })
}

fn sv(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

pub(crate) fn register(r: &mut Registry) {
    use Param::{Any, String as Str};
    def(
        r,
        "now",
        Signature::fixed(0),
        false,
        (
            "now() time.Time",
            "The current time (Go's time.Now).",
            "{{ now | date \"2006-01-02\" }} → 2026-11-24",
        ),
        |_, _| Ok(Value::object(GoTime::now())),
    );
    def(
        r,
        "ago",
        Signature::fixed(1),
        false,
        (
            "ago(date interface{}) string",
            "How long ago a time (or Unix seconds) was, rounded to seconds, as a Go duration.",
            "{{ ago .Release.Time }} → 2h34m7s",
        ),
        |_, a| {
            let t = match &a[0] {
                Value::Int(i) | Value::Int64(i) => GoTime::from_unix(*i),
                other => as_time(other).unwrap_or_else(GoTime::now),
            };
            Ok(Value::string(duration_string(round_duration(
                t.since(),
                1_000_000_000,
            ))))
        },
    );
    {
        def(
            r,
            "date",
            Signature::typed(&[Str, Any], None),
            false,
            (
                "date(fmt string, date interface{}) string",
                "Formats a time (or Unix seconds) with a Go layout in the local zone; anything else formats now.",
                "{{ now | date \"2006-01-02\" }} → 2026-11-24",
            ),
            |_, a| Ok(Value::string(date_in_zone(sv(&a[0]), &a[1], "Local"))),
        );
    }
    for name in ["dateInZone", "date_in_zone"] {
        def(
            r,
            name,
            Signature::typed(&[Str, Any, Str], None),
            false,
            (
                if name == "dateInZone" {
                    "dateInZone(fmt string, date interface{}, zone string) string"
                } else {
                    "date_in_zone(fmt string, date interface{}, zone string) string"
                },
                "Formats a time with a Go layout in an IANA zone (UTC when the zone is unknown).",
                "{{ dateInZone \"15:04 MST\" 1700000000 \"America/New_York\" }} → 17:13 EST",
            ),
            |_, a| Ok(Value::string(date_in_zone(sv(&a[0]), &a[1], sv(&a[2])))),
        );
    }
    def(
        r,
        "htmlDate",
        Signature::fixed(1),
        false,
        (
            "htmlDate(date interface{}) string",
            "The date as YYYY-MM-DD in the local zone.",
            "{{ htmlDate 1700000000 }} → 2023-11-14",
        ),
        |_, a| Ok(Value::string(date_in_zone("2006-01-02", &a[0], "Local"))),
    );
    def(
        r,
        "htmlDateInZone",
        Signature::typed(&[Any, Str], None),
        false,
        (
            "htmlDateInZone(date interface{}, zone string) string",
            "The date as YYYY-MM-DD in an IANA zone.",
            "{{ htmlDateInZone 1700000000 \"Pacific/Auckland\" }} → 2023-11-15",
        ),
        |_, a| Ok(Value::string(date_in_zone("2006-01-02", &a[0], sv(&a[1])))),
    );
    for name in ["dateModify", "date_modify"] {
        def(
            r,
            name,
            Signature::typed(&[Str, Param::Time], None),
            false,
            (
                if name == "dateModify" {
                    "dateModify(fmt string, date time.Time) time.Time"
                } else {
                    "date_modify(fmt string, date time.Time) time.Time"
                },
                "Adds a Go duration (\"1h30m\", \"-24h\") to a time; a bad duration leaves it unchanged.",
                "{{ now | dateModify \"-24h\" }}",
            ),
            |_, a| {
                let t = time_arg(&a[1])?;
                Ok(Value::object(match parse_duration(sv(&a[0])) {
                    Ok(d) => t.add(d),
                    Err(_) => t,
                }))
            },
        );
    }
    for name in ["mustDateModify", "must_date_modify"] {
        def(
            r,
            name,
            Signature::typed(&[Str, Param::Time], None),
            false,
            (
                if name == "mustDateModify" {
                    "mustDateModify(fmt string, date time.Time) (time.Time, error)"
                } else {
                    "must_date_modify(fmt string, date time.Time) (time.Time, error)"
                },
                "Like dateModify, but a bad duration is an error.",
                "{{ now | mustDateModify \"1h\" }}",
            ),
            |_, a| {
                let t = time_arg(&a[1])?;
                Ok(Value::object(t.add(parse_duration(sv(&a[0]))?)))
            },
        );
    }
    def(
        r,
        "duration",
        Signature::fixed(1),
        false,
        (
            "duration(sec interface{}) string",
            "Seconds (an int64 or a numeric string) as a Go duration string; other types give 0s.",
            "{{ duration \"3723\" }} → 1h2m3s",
        ),
        |_, a| {
            let n = match &a[0] {
                Value::String(s) => s.parse::<i64>().unwrap_or(0),
                Value::Int64(i) => *i,
                _ => 0,
            };
            Ok(Value::string(duration_string(
                n.wrapping_mul(1_000_000_000),
            )))
        },
    );
    def(
        r,
        "durationRound",
        Signature::fixed(1),
        false,
        (
            "durationRound(duration interface{}) string",
            "A duration (Go string, int64 nanoseconds, or the time since a time.Time) rounded to its largest unit: 2h, 16d, 1y.",
            "{{ durationRound \"2h10m5s\" }} → 2h",
        ),
        |_, a| {
            let d: i64 = match &a[0] {
                Value::String(s) => parse_duration(s).unwrap_or(0),
                Value::Int64(i) => *i,
                other => as_time(other).map(|t| t.since()).unwrap_or(0),
            };
            let u = d.unsigned_abs();
            const H: u64 = 3_600_000_000_000;
            let units: [(u64, &str); 6] = [
                (H * 24 * 365, "y"),
                (H * 24 * 30, "mo"),
                (H * 24, "d"),
                (H, "h"),
                (60_000_000_000, "m"),
                (1_000_000_000, "s"),
            ];
            for (size, suffix) in units {
                if u > size {
                    return Ok(Value::string(format!("{}{suffix}", u / size)));
                }
            }
            Ok(Value::str("0s"))
        },
    );
    def(
        r,
        "toDate",
        Signature::typed(&[Str, Str], None),
        false,
        (
            "toDate(fmt string, str string) time.Time",
            "Parses a date with a Go layout in the local zone; a bad date gives the zero time.",
            "{{ toDate \"2006-01-02\" \"2024-03-05\" }} → 2024-03-05 00:00:00 +0000 UTC",
        ),
        |_, a| {
            Ok(Value::object(
                parse(sv(&a[0]), sv(&a[1]), Loc::Local).unwrap_or_else(|_| GoTime::zero()),
            ))
        },
    );
    def(
        r,
        "mustToDate",
        Signature::typed(&[Str, Str], None),
        false,
        (
            "mustToDate(fmt string, str string) (time.Time, error)",
            "Like toDate, but a bad date is an error.",
            "{{ mustToDate \"2006-01-02\" \"2024-03-05\" }}",
        ),
        |_, a| Ok(Value::object(parse(sv(&a[0]), sv(&a[1]), Loc::Local)?)),
    );
    def(
        r,
        "unixEpoch",
        Signature::typed(&[Param::Time], None),
        false,
        (
            "unixEpoch(date time.Time) string",
            "The Unix time in seconds, as a string.",
            "{{ now | unixEpoch }} → 1764000000",
        ),
        |_, a| Ok(Value::string(time_arg(&a[0])?.unix.to_string())),
    );
}
