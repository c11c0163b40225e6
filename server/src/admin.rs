//! `zhibu-server admin …`: what the organisation's IT does on the server itself, before
//! anyone can log in or when no administrator can.
//!
//! - `admin init --org <机关党委名称> --login <login> --name <姓名>`: on a database with
//!   no organisation yet, makes it and its first administrator and prints a one-time
//!   activation code (valid 7 days) to set their password with (`POST
//!   /api/v1/auth/activate`). There is never a default password.
//! - `admin issue-code --login <login>`: a new code for an active account (an
//!   administrator who forgot their password); their password and sessions end.
//!
//! Both write the audit log with the actor "cli".

use crate::auth::activation::{expires_at, new_code};
use crate::clock::Clock;
use crate::config::Config;
use crate::error::BoxError;
use crate::repo::{Actor, NewAccount, Repo, RepoError};
use clap::{Parser, Subcommand};
use zhibu_model::org::member::PersonName;
use zhibu_model::org::tree::UnitName;
use zhibu_model::{Lang, LoginName, MemberId};

/// The whole command line: the server's flags, and optionally a subcommand.
#[derive(Debug, Parser)]
#[command(
    name = "zhibu-server",
    version,
    about = "支部 zhibu: the API server and the SPA host"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Clone, Debug, Subcommand)]
pub enum Command {
    /// Set up the organisation and its administrators (on the server's database).
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Clone, Debug, Subcommand)]
pub enum AdminCommand {
    /// Create the organisation and its first administrator; prints an activation code.
    Init {
        /// The organisation's name (机关党委).
        #[arg(long)]
        org: String,
        /// The administrator's login name (letters, digits, `.` `_` `-`).
        #[arg(long)]
        login: String,
        /// The administrator's name (姓名).
        #[arg(long)]
        name: String,
    },
    /// Issue a new activation code for an account (its password and sessions end).
    IssueCode {
        #[arg(long)]
        login: String,
    },
}

/// Runs an admin command on the configured database; returns what to print.
pub async fn run(config: &Config, command: &AdminCommand) -> Result<String, BoxError> {
    let repo = Repo::connect(&config.database_url).await?;
    let result = run_on(&repo, &config.clock, command).await;
    repo.close().await;
    result
}

async fn run_on(repo: &Repo, clock: &Clock, command: &AdminCommand) -> Result<String, BoxError> {
    let now = clock.now();
    let (code, hash) = new_code();
    let expires = expires_at(now);
    let until = chrono::DateTime::from_timestamp_millis(expires)
        .unwrap_or_default()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
        .format("%Y-%m-%d %H:%M");
    let message = |e: zhibu_model::FieldError| e.message(Lang::ZhCn);
    match command {
        AdminCommand::Init { org, login, name } => {
            let org = UnitName::parse_field("organisation", org).map_err(message)?;
            let login = LoginName::parse(login).map_err(message)?;
            let name = PersonName::parse_field("display_name", name).map_err(message)?;
            let admin = NewAccount {
                id: MemberId::new(),
                login: login.as_str().to_owned(),
                display_name: name.as_str().to_owned(),
            };
            match repo
                .init_organisation(org.as_str(), &admin, &hash, now, expires)
                .await
            {
                Ok(()) => {}
                Err(RepoError::Field(e)) if e.field == "organisation" => {
                    return Err("the database already has an organisation (机关党委已存在)".into());
                }
                Err(RepoError::Field(e)) => return Err(message(e).into()),
                Err(RepoError::NotFound) => return Err("not found".into()),
                Err(RepoError::Db(e)) => return Err(e.into()),
            }
            Ok(format!(
                "organisation {} created; administrator {} ({})\n\
                 activation code: {}  (one use, valid until {until} China time)\n\
                 set a password with it: POST /api/v1/auth/activate \
                 {{\"login\", \"activation_code\", \"password\"}} (see the README)\n",
                org.as_str(),
                name.as_str(),
                login.as_str(),
                code.grouped()
            ))
        }
        AdminCommand::IssueCode { login } => {
            let login = LoginName::parse(login).map_err(message)?;
            let Some(member) = repo.active_member_id(login.as_str()).await? else {
                return Err(format!("no active account with the login {}", login.as_str()).into());
            };
            repo.issue_code(member, &hash, &Actor::command_line(), now, expires)
                .await
                .map_err(|e| match e {
                    RepoError::Db(e) => BoxError::from(e),
                    RepoError::NotFound => "not found".into(),
                    RepoError::Field(e) => message(e).into(),
                })?;
            Ok(format!(
                "activation code for {}: {}  (one use, valid until {until} China time; \
                 the account's password and sessions have ended)\n",
                login.as_str(),
                code.grouped()
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_subcommands_parse_with_the_servers_flags() {
        let cli = Cli::parse_from([
            "zhibu-server",
            "admin",
            "init",
            "--org",
            "某机关党委",
            "--login",
            "admin",
            "--name",
            "张管理",
            "--database-url",
            "sqlite://x.db",
        ]);
        assert_eq!(cli.config.database_url, "sqlite://x.db");
        assert!(matches!(
            cli.command,
            Some(Command::Admin(AdminCommand::Init { ref org, .. })) if org == "某机关党委"
        ));
        let cli = Cli::parse_from(["zhibu-server", "--demo"]);
        assert!(cli.command.is_none() && cli.config.demo);
    }
}
