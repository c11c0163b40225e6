//! argon2id password hashes. Hashing is deliberately slow, so it runs on the blocking
//! pool and never stalls the request threads.

use crate::config::PasswordCost;
use crate::error::{AppError, BoxError};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use passwords::analyzer::is_common_password;
use std::sync::Arc;
use tokio::sync::Semaphore;
use zhibu_model::{ErrorCode, FieldError, NewPassword};

#[derive(Clone)]
pub struct Passwords {
    cost: PasswordCost,
    /// At most this many hashes at once: each takes 19 MiB and a core, and the blocking
    /// pool would otherwise run hundreds side by side (a flood of logins grew the server
    /// from 125 MiB to 1.8 GiB).
    permits: Arc<Semaphore>,
    at_once: usize,
    /// A hash of a random secret, verified against when a login names nobody, so that an
    /// unknown login takes as long as a wrong password.
    dummy_hash: Arc<str>,
}

impl Passwords {
    /// `at_once`: hashes computed at the same time; 0 is one per available core.
    pub async fn new(cost: PasswordCost, at_once: usize) -> Result<Self, BoxError> {
        let secret = crate::auth::token::random_token();
        let dummy_hash = tokio::task::spawn_blocking(move || hash_with(cost, &secret)).await??;
        let at_once = match at_once {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            n => n,
        };
        Ok(Self {
            cost,
            permits: Arc::new(Semaphore::new(at_once)),
            at_once,
            dummy_hash: dummy_hash.into(),
        })
    }

    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        let cost = self.cost;
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        tokio::task::spawn_blocking(move || hash_with(cost, &password))
            .await
            .map_err(AppError::internal)?
            .map_err(AppError::internal)
    }

    /// Whether `password` matches `hash`. Parameters come from the stored hash, so hashes
    /// made at any cost keep working.
    pub async fn verify(&self, password: String, hash: String) -> Result<bool, AppError> {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        tokio::task::spawn_blocking(move || verify_blocking(&password, &hash))
            .await
            .map_err(AppError::internal)
    }

    /// How many hashes are being computed right now: at most the bound given to
    /// [`Passwords::new`]; the others wait for a turn without holding memory for one.
    pub fn hashing_now(&self) -> usize {
        self.at_once - self.permits.available_permits()
    }

    /// Spends the time of a real verification, for a login that names nobody.
    pub async fn verify_dummy(&self, password: String) -> Result<(), AppError> {
        self.verify(password, self.dummy_hash.to_string())
            .await
            .map(drop)
    }

    /// Hashes in the calling thread, for batch work that is already off the request path.
    pub fn hash_blocking(&self, password: &str) -> Result<String, BoxError> {
        hash_with(self.cost, password)
    }
}

/// Refuses a new password that is on the list of about 100,000 common passwords (the
/// `passwords` crate's), as typed or in lower case: the first ones any guesser tries,
/// whatever their length. Checked on the server only, since the list would add hundreds
/// of kilobytes to the phone's download.
pub fn refuse_common(field: &str, password: &NewPassword) -> Result<(), FieldError> {
    let typed = password.expose();
    let lower = typed.to_lowercase();
    if is_common_password(typed) || is_common_password(&lower) {
        return Err(FieldError::new(field, ErrorCode::TooCommon));
    }
    Ok(())
}

fn hasher(cost: PasswordCost) -> Argon2<'static> {
    let params = match cost {
        PasswordCost::Standard => Params::default(),
        PasswordCost::TestsOnly => {
            Params::new(Params::MIN_M_COST, Params::MIN_T_COST, 1, None).unwrap_or_default()
        }
    };
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_with(cost: PasswordCost, password: &str) -> Result<String, BoxError> {
    let mut salt_bytes = [0u8; 16];
    getrandom::fill(&mut salt_bytes).map_err(|e| format!("OS random number generator: {e}"))?;
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| format!("argon2 salt: {e}"))?;
    let hash = hasher(cost)
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| format!("argon2: {e}"))?;
    Ok(hash.to_string())
}

fn verify_blocking(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(e) => {
            // A corrupt stored hash locks the account out; say so in the log, but answer
            // like a wrong password so the client learns nothing about the account.
            tracing::error!(error = %e, "a stored password hash does not parse");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_hashes_are_argon2id_with_owasp_parameters() {
        let hash = hash_with(PasswordCost::Standard, "zhibu-demo-2026").unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_blocking("zhibu-demo-2026", &hash));
        assert!(!verify_blocking("zhibu-demo-2025", &hash));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_hashes_at_once_than_the_bound() {
        let passwords = Passwords::new(PasswordCost::Standard, 2).await.unwrap();
        let hash = passwords.hash_blocking("zhibu-demo-2026").unwrap();
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (p, h) = (passwords.clone(), hash.clone());
                tokio::spawn(async move { p.verify("wrong-wrong".into(), h).await })
            })
            .collect();
        let mut peak = 0;
        while tasks.iter().any(|t| !t.is_finished()) {
            peak = peak.max(passwords.hashing_now());
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        for t in tasks {
            assert!(!t.await.unwrap().unwrap());
        }
        assert_eq!(peak, 2);
    }

    #[test]
    fn common_passwords_are_refused_naming_the_field() {
        for common in ["1234567890", "qwertyuiop", "PASSWORD123", "1qaz2wsx3edc"] {
            let p = NewPassword::parse("new_password", common).unwrap();
            let e = refuse_common("new_password", &p).unwrap_err();
            assert_eq!(e.code, ErrorCode::TooCommon, "{common}");
            assert_eq!(
                e.message(zhibu_model::Lang::ZhCn),
                "新密码过于常见，容易被猜到，请换一个"
            );
        }
        let p = NewPassword::parse("password", "zhibu-demo-2026").unwrap();
        assert!(refuse_common("password", &p).is_ok());
    }

    #[test]
    fn cheap_hashes_still_verify_and_garbage_never_does() {
        let hash = hash_with(PasswordCost::TestsOnly, "密码也可以是中文").unwrap();
        assert!(verify_blocking("密码也可以是中文", &hash));
        assert!(!verify_blocking("x", "not a hash"));
    }
}
