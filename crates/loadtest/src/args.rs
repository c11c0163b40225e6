//! A few `--name value` flags, without a parsing crate.

use std::collections::HashMap;

pub struct Args(HashMap<String, String>);

impl Args {
    pub fn from_env(known: &[&str]) -> crate::Result<Self> {
        let mut map = HashMap::new();
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let name = flag
                .strip_prefix("--")
                .filter(|n| known.contains(n))
                .ok_or_else(|| {
                    format!("unknown argument {flag:?}; flags: --{}", known.join(" --"))
                })?;
            let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
            map.insert(name.to_owned(), value);
        }
        Ok(Self(map))
    }

    pub fn get<T: std::str::FromStr>(&self, name: &str, default: T) -> crate::Result<T> {
        match self.0.get(name) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| format!("--{name}: cannot read {v:?}").into()),
        }
    }

    pub fn string(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
}
