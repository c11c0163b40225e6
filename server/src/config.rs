//! The server's settings. Every flag is also a `ZHIBU_*` environment variable, so a
//! container or service unit can configure it without a command line.

use clap::Parser;
use clap::builder::FalseyValueParser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug, Parser)]
#[command(
    name = "zhibu-server",
    version,
    about = "支部 zhibu: the API server and the SPA host"
)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port (the chosen one is printed).
    #[arg(long, env = "ZHIBU_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Database URL. The SQLite file and its folder are created when missing.
    #[arg(
        long,
        global = true,
        env = "ZHIBU_DATABASE_URL",
        default_value = "sqlite://data/zhibu.db"
    )]
    pub database_url: String,

    /// Folder of the built SPA (index.html, boot.js, the wasm …).
    #[arg(long, env = "ZHIBU_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Mark the session cookie `Secure` (set this when served over HTTPS).
    #[arg(long, env = "ZHIBU_SECURE_COOKIES", value_parser = FalseyValueParser::new())]
    pub secure_cookies: bool,

    /// Take the client address from `X-Forwarded-For` (and the host from
    /// `X-Forwarded-Host`). Only behind reverse proxies that append to it: otherwise a
    /// client could pick its own address and dodge the per-address login limit.
    #[arg(long, env = "ZHIBU_TRUST_PROXY", value_parser = FalseyValueParser::new())]
    pub trust_proxy: bool,

    /// With `--trust-proxy`: how many proxies of ours append to `X-Forwarded-For`. The
    /// client is that many entries from the right; entries left of it are the client's own
    /// and never read.
    #[arg(long, env = "ZHIBU_TRUSTED_PROXIES", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=16))]
    pub trusted_proxies: u32,

    /// Seed the demo organisation when the database has no branch yet, and print its logins.
    #[arg(long, env = "ZHIBU_DEMO", value_parser = FalseyValueParser::new())]
    pub demo: bool,

    /// A session ends this many days after it was last used (each use extends it).
    #[arg(long, env = "ZHIBU_SESSION_IDLE_DAYS", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    pub session_idle_days: u32,

    /// …but never later than this many days after the login.
    #[arg(long, env = "ZHIBU_SESSION_MAX_DAYS", default_value_t = 180, value_parser = clap::value_parser!(u32).range(1..))]
    pub session_max_days: u32,

    /// Failed logins for one login name from one client address within the window before
    /// further attempts from there wait (5 s, doubling with each failure).
    #[arg(long, env = "ZHIBU_LOGIN_MAX_FAILURES_PER_ACCOUNT", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub login_max_failures_per_account: u32,

    /// Failed logins from one client address, any login, within the window before further
    /// attempts from it wait.
    #[arg(long, env = "ZHIBU_LOGIN_MAX_FAILURES_PER_ADDRESS", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub login_max_failures_per_address: u32,

    /// Failed logins for one login name from all addresses within the window before every
    /// attempt on it waits (guessing spread over many addresses).
    #[arg(long, env = "ZHIBU_LOGIN_MAX_FAILURES_PER_ACCOUNT_EVERYWHERE", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    pub login_max_failures_per_account_everywhere: u32,

    /// Password hashes computed at once (argon2id takes 19 MiB each); others wait their
    /// turn. 0: one per available core.
    #[arg(long, env = "ZHIBU_MAX_CONCURRENT_HASHES", default_value_t = 0)]
    pub max_concurrent_hashes: usize,

    /// The sliding window (seconds) in which failed logins are counted.
    #[arg(long, env = "ZHIBU_LOGIN_WINDOW_SECS", default_value_t = 900, value_parser = clap::value_parser!(u64).range(1..))]
    pub login_window_secs: u64,

    /// Password hashing cost. Never on the command line: only tests lower it, to stay fast.
    #[arg(skip)]
    pub password_cost: PasswordCost,

    /// The time the server's rules read; tests move an adjustable one on.
    #[arg(skip)]
    pub clock: crate::clock::Clock,
}

/// How expensive a new password hash is. Verifying always follows the stored hash's own
/// parameters, so hashes made at either cost stay valid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PasswordCost {
    /// argon2id with the OWASP-recommended parameters (19 MiB, 2 passes).
    #[default]
    Standard,
    /// The cheapest argon2id parameters, for test suites only.
    TestsOnly,
}

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

impl Config {
    pub fn session_idle(&self) -> Duration {
        DAY * self.session_idle_days
    }

    /// The absolute cap, never shorter than the idle span.
    pub fn session_max(&self) -> Duration {
        DAY * self.session_max_days.max(self.session_idle_days)
    }

    pub fn login_window(&self) -> Duration {
        Duration::from_secs(self.login_window_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_documented_ones() {
        let c = Config::parse_from(["zhibu-server"]);
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url, "sqlite://data/zhibu.db");
        assert_eq!(c.dist, PathBuf::from("dist"));
        assert!(!c.secure_cookies && !c.trust_proxy && !c.demo);
        assert_eq!(c.trusted_proxies, 1);
        assert_eq!((c.session_idle_days, c.session_max_days), (30, 180));
        assert_eq!(
            (
                c.login_max_failures_per_account,
                c.login_max_failures_per_address,
                c.login_window_secs
            ),
            (5, 20, 900)
        );
        assert_eq!(
            (
                c.login_max_failures_per_account_everywhere,
                c.max_concurrent_hashes
            ),
            (50, 0)
        );
        assert_eq!(c.password_cost, PasswordCost::Standard);
    }

    #[test]
    fn the_session_cap_is_never_below_the_idle_span() {
        let c = Config::parse_from([
            "zhibu-server",
            "--session-idle-days",
            "40",
            "--session-max-days",
            "10",
        ]);
        assert_eq!(c.session_max(), c.session_idle());
    }

    #[test]
    fn flags_parse() {
        let c = Config::parse_from(["zhibu-server", "--demo", "--bind", "127.0.0.1:0"]);
        assert!(c.demo);
        assert_eq!(c.bind.port(), 0);
    }
}
