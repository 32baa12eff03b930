//! Helm's `toToml` and `fromToml` (BurntSushi/toml encoding and decoding).
