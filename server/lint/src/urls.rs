//! URL and e-mail checks as `helm lint` makes them (govalidator over Go's `net/url`).

/// govalidator's `IsRequestURL`: Go's `url.ParseRequestURI` succeeds and there is a scheme.
/// Used for `sources` and `icon`.
pub fn is_request_url(s: &str) -> bool {
    parse_request_uri(s).is_some_and(|scheme| !scheme.is_empty())
}

/// Go's `url.ParseRequestURI`; returns the scheme on success.
fn parse_request_uri(raw: &str) -> Option<String> {
    if raw.bytes().any(|b| b < 0x20 || b == 0x7f) || raw.is_empty() {
        return None;
    }
    if raw == "*" {
        return Some(String::new());
    }
    let (scheme, rest) = get_scheme(raw)?;
    let rest = if rest.ends_with('?') && rest.matches('?').count() == 1 {
        &rest[..rest.len() - 1]
    } else {
        rest.split_once('?').map_or(rest, |(a, _)| a)
    };
    if !rest.starts_with('/') {
        return if scheme.is_empty() {
            None
        } else {
            Some(scheme.to_ascii_lowercase())
        };
    }
    let mut path = rest;
    if !scheme.is_empty() && rest.starts_with("//") {
        let after = &rest[2..];
        let (authority, p) = match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        };
        if !valid_authority(authority) {
            return None;
        }
        path = p;
    }
    if !valid_escapes(path) {
        return None;
    }
    Some(scheme.to_ascii_lowercase())
}

fn get_scheme(raw: &str) -> Option<(&str, &str)> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                if i == 0 {
                    return Some(("", raw));
                }
            }
            b':' => {
                if i == 0 {
                    return None;
                }
                return Some((&raw[..i], &raw[i + 1..]));
            }
            _ => return Some(("", raw)),
        }
    }
    Some(("", raw))
}

fn valid_escapes(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    true
}

fn valid_authority(authority: &str) -> bool {
    let (userinfo, host) = match authority.rfind('@') {
        Some(i) => (Some(&authority[..i]), &authority[i + 1..]),
        None => (None, authority),
    };
    if let Some(u) = userinfo {
        let ok = u
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"-._:~!$&'()*+,;=%@".contains(&c) || c >= 0x80);
        if !ok {
            return false;
        }
    }
    valid_host(host)
}

fn valid_host(host: &str) -> bool {
    let (name, port) = if host.starts_with('[') {
        let Some(end) = host.find(']') else {
            return false;
        };
        (&host[..=end], &host[end + 1..])
    } else {
        match host.rfind(':') {
            Some(i) => (&host[..i], &host[i..]),
            None => (host, ""),
        }
    };
    let port_ok =
        port.is_empty() || (port.starts_with(':') && port[1..].bytes().all(|c| c.is_ascii_digit()));
    if !port_ok {
        return false;
    }
    if name.starts_with('[') {
        return true;
    }
    valid_escapes(name)
        && name.bytes().all(|c| {
            c >= 0x80 || c.is_ascii_alphanumeric() || b"-_.~$&'()*+,;=:[]<>\"!%".contains(&c)
        })
}

/// govalidator's `IsURL` (maintainer `url`): a URL with an optional `http`, `https`, `ftp`,
/// `ws`, `wss`, `tcp` or `udp` scheme, a host name or IP address, an optional port and path.
pub fn is_url(s: &str) -> bool {
    let n = s.chars().count();
    if s.is_empty() || n >= 2083 || n <= 3 || s.starts_with('.') {
        return false;
    }
    let mut rest = s;
    if let Some(i) = s.find("://") {
        let scheme = &s[..i];
        if !["http", "https", "ftp", "ws", "wss", "tcp", "udp"].contains(&scheme) {
            return false;
        }
        rest = &s[i + 3..];
    }
    if rest.chars().any(char::is_whitespace) {
        return false;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, _path) = rest.split_at(end);
    let host_port = match authority.rfind('@') {
        Some(i) => &authority[i + 1..],
        None => authority,
    };
    let (host, port) = if host_port.starts_with('[') {
        match host_port.find(']') {
            Some(e) => (&host_port[..=e], &host_port[e + 1..]),
            None => return false,
        }
    } else {
        match host_port.rfind(':') {
            Some(i) => (&host_port[..i], &host_port[i..]),
            None => (host_port, ""),
        }
    };
    if !port.is_empty() {
        let digits = &port[1..];
        if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    if host.starts_with('[') {
        return host.len() > 2;
    }
    let host = host.strip_suffix('.').unwrap_or(host);
    !host.is_empty()
        && !host.starts_with(['.', '-'])
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
}

/// govalidator's `IsEmail` (maintainer `email`): a dot-atom local part, `@`, and a domain of
/// at least two labels whose last starts and ends with a letter.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let atom_char = |c: char| {
        c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || c as u32 >= 0xA0
    };
    let local_ok = if local.len() >= 2 && local.starts_with('"') && local.ends_with('"') {
        true
    } else {
        !local.is_empty()
            && local
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(atom_char))
    };
    if !local_ok {
        return false;
    }
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let inner = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '~' || c as u32 >= 0xA0;
    let edge = |c: char| c.is_ascii_alphanumeric() || c as u32 >= 0xA0;
    let letter = |c: char| c.is_ascii_alphabetic() || c as u32 >= 0xA0;
    let (tld, rest) = labels.split_last().expect("two labels");
    let label_ok = |l: &str, edge_ok: &dyn Fn(char) -> bool| {
        let (Some(first), Some(last)) = (l.chars().next(), l.chars().last()) else {
            return false;
        };
        edge_ok(first) && edge_ok(last) && l.chars().all(inner)
    };
    rest.iter().all(|l| label_ok(l, &edge)) && label_ok(tld, &letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_urls() {
        assert!(is_request_url("https://github.com/helm/charts"));
        assert!(is_request_url("http://localhost:8080/x?y#z"));
        assert!(is_request_url("mailto:a@b.c"));
        assert!(!is_request_url("github.com/helm/charts"));
        assert!(!is_request_url(""));
        assert!(!is_request_url("/just/a/path"));
        assert!(!is_request_url("https://exa mple.com/"));
        assert!(!is_request_url("https://example.com:80a/"));
        assert!(!is_request_url("https://example.com/%zz"));
        assert!(!is_request_url(":nope"));
    }

    #[test]
    fn urls_and_emails() {
        assert!(is_url("https://example.com"));
        assert!(is_url("example.com/path"));
        assert!(is_url("http://127.0.0.1:8080"));
        assert!(!is_url("not a url"));
        assert!(!is_url("gopher://x.y"));
        assert!(is_email("jane.doe@example.com"));
        assert!(is_email("a+b@sub.example.org"));
        assert!(!is_email("notanemail"));
        assert!(!is_email("a@localhost"));
        assert!(!is_email("a@b.c1"));
        assert!(!is_email("a b@c.de"));
    }
}
