//! Pledges (承诺践诺, 重温入党誓词, 廉政承诺). The branch's secretary or committee publishes a
//! [`PledgeTemplate`] for a year; a member signs a [`Pledge`] version under it: the full
//! text as it was shown (for 承诺践诺 with the member's own commitment items), a
//! handwritten [`Signature`], and the SHA-256 of the text's canonical form
//! ([`canonical`]). A draft (unsigned) may change; a signed version never does — an
//! amendment is a new version that `replaces` it, and both stay readable. Progress on each
//! commitment (践诺) is recorded as [`PledgeProgress`] entries.

pub mod canonical;
mod follow;
mod overview;
mod signature;
#[cfg(test)]
pub(crate) mod test_vector;
mod versions;

pub use canonical::{canonical_field, canonical_text, pledge_hash};
pub use follow::{
    FollowStatus, ItemSummary, PledgeProgress, PledgeProgressInput, PledgeSummary, StatusCounts,
    year_summary,
};
pub use overview::{
    BranchPledges, MemberPledgeStatus, MemberPledges, PledgeVerification, TemplateListed,
};
pub use signature::Signature;
pub use versions::{carried_entries, carried_item, current_version};

use crate::error::{ErrorCode, FieldError};
use crate::lang::Lang;
use crate::study::bounded_text;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The kinds of signing the branch asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PledgeKind {
    /// 承诺践诺: the member adds their own commitment items and records how each was kept.
    Commitment,
    /// 重温入党誓词
    Oath,
    /// 廉政承诺
    Integrity,
}

impl PledgeKind {
    pub const ALL: [PledgeKind; 3] = [
        PledgeKind::Commitment,
        PledgeKind::Oath,
        PledgeKind::Integrity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PledgeKind::Commitment => "commitment",
            PledgeKind::Oath => "oath",
            PledgeKind::Integrity => "integrity",
        }
    }

    pub fn parse(s: &str) -> Option<PledgeKind> {
        PledgeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            PledgeKind::Commitment => ("承诺践诺", "Commitments and follow-through"),
            PledgeKind::Oath => ("重温入党誓词", "Re-affirming the Party oath"),
            PledgeKind::Integrity => ("廉政承诺", "Integrity pledge"),
        };
        match lang {
            Lang::ZhCn => zh,
            Lang::En => en,
        }
    }

    /// Whether the member writes their own commitment items (and records follow-through).
    pub fn has_items(self) -> bool {
        self == PledgeKind::Commitment
    }
}

/// A year's pledge text the branch publishes (branch-wide record).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PledgeTemplate {
    pub kind: PledgeKind,
    pub year: i32,
    pub title: String,
    pub body: String,
}

/// A template as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PledgeTemplateInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub year: i64,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
}

/// The limits shared by templates and pledges.
impl PledgeTemplate {
    pub const TITLE_MAX: u32 = 200;
    pub const BODY_MAX: u32 = 10_000;
    pub const YEAR_MIN: i32 = crate::study::StudyRecord::MIN_YEAR;
    pub const YEAR_MAX: i32 = 2100;

    pub fn to_input(&self) -> PledgeTemplateInput {
        PledgeTemplateInput {
            kind: self.kind.as_str().to_owned(),
            year: i64::from(self.year),
            title: self.title.clone(),
            body: self.body.clone(),
        }
    }
}

impl PledgeTemplateInput {
    /// A template saved on this phone, read back for a list: it was parsed when it was
    /// saved, so it is taken as typed, without making its text canonical again.
    pub fn as_saved(&self) -> Option<PledgeTemplate> {
        Some(PledgeTemplate {
            kind: PledgeKind::parse(&self.kind)?,
            year: i32::try_from(self.year).ok()?,
            title: self.title.clone(),
            body: self.body.clone(),
        })
    }

    pub fn parse(&self) -> Result<PledgeTemplate, FieldError> {
        Ok(PledgeTemplate {
            kind: parse_kind(&self.kind)?,
            year: parse_year(self.year)?,
            title: parse_title(&self.title)?,
            body: parse_body(&self.body)?,
        })
    }
}

/// The text a member signs, kept whole in each version: what was signed never depends on
/// a template that may change later. Every field is in canonical form once parsed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PledgeText {
    pub kind: PledgeKind,
    pub year: i32,
    pub title: String,
    pub body: String,
    /// The member's own commitment items (承诺事项), in order; only for 承诺践诺.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

impl PledgeText {
    pub const ITEMS_MAX: u32 = 20;
    pub const ITEM_MAX: u32 = 500;

    /// The canonical form the hash is computed over.
    pub fn canonical(&self) -> String {
        canonical_text(self)
    }

    /// SHA-256 of the canonical form, lowercase hex.
    pub fn hash(&self) -> String {
        pledge_hash(self)
    }

    /// Whether this text is the template's (kind, year, title and body).
    pub fn follows(&self, template: &PledgeTemplate) -> bool {
        self.kind == template.kind
            && self.year == template.year
            && canonical_field(&self.title) == canonical_field(&template.title)
            && canonical_field(&self.body) == canonical_field(&template.body)
    }
}

/// How a version was signed. `signed_at` is the member's device clock when they signed
/// (offline signing is normal); `received_at` is the server's clock when the signed
/// version first reached it, stamped by the server (never taken from the phone). Both
/// are unix milliseconds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signed {
    pub signature: Signature,
    pub hash: String,
    pub signed_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<i64>,
}

/// One version of a member's pledge (own record). Unsigned, it is a draft the member may
/// edit or delete; signed, it never changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pledge {
    pub template_id: Uuid,
    pub text: PledgeText,
    /// The signed version this one amends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<Signed>,
}

impl Pledge {
    pub fn is_signed(&self) -> bool {
        self.signed.is_some()
    }

    /// For a signed version: whether the stored hash is the hash of the stored text.
    pub fn verify(&self) -> bool {
        self.signed
            .as_ref()
            .is_some_and(|s| s.hash == self.text.hash())
    }

    /// The input for editing this version (a draft) in a form.
    pub fn to_input(&self) -> PledgeInput {
        PledgeInput {
            template_id: Some(self.template_id),
            kind: self.text.kind.as_str().to_owned(),
            year: i64::from(self.text.year),
            title: self.text.title.clone(),
            body: self.text.body.clone(),
            items: self.text.items.clone(),
            replaces: self.replaces,
            signature: self.signed.as_ref().map(|s| s.signature.clone()),
            hash: self
                .signed
                .as_ref()
                .map(|s| s.hash.clone())
                .unwrap_or_default(),
            signed_at: self.signed.as_ref().map(|s| s.signed_at),
        }
    }
}

/// A pledge version as the phone sends it. Without `signature` it is a draft; with it,
/// `hash` and `signed_at` are required and the hash must be the text's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PledgeInput {
    #[serde(default)]
    pub template_id: Option<Uuid>,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub year: i64,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub hash: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_at: Option<i64>,
}

/// 2000-01-01T00:00:00Z: no signature is older.
const SIGNED_AT_MIN: i64 = 946_684_800_000;

impl PledgeInput {
    /// A new draft under a template, without items yet.
    pub fn from_template(template_id: Uuid, template: &PledgeTemplate) -> Self {
        PledgeInput {
            template_id: Some(template_id),
            kind: template.kind.as_str().to_owned(),
            year: i64::from(template.year),
            title: template.title.clone(),
            body: template.body.clone(),
            ..Default::default()
        }
    }

    /// A new draft amending the signed version `old_id`: its text to edit, unsigned.
    pub fn amending(old_id: Uuid, old: &Pledge) -> Self {
        PledgeInput {
            replaces: Some(old_id),
            signature: None,
            hash: String::new(),
            signed_at: None,
            ..old.to_input()
        }
    }

    /// The text, parsed and canonical.
    pub fn text(&self) -> Result<PledgeText, FieldError> {
        let kind = parse_kind(&self.kind)?;
        let year = parse_year(self.year)?;
        let title = parse_title(&self.title)?;
        let body = parse_body(&self.body)?;
        if !kind.has_items() && !self.items.is_empty() {
            return Err(FieldError::new("items", ErrorCode::InvalidFormat));
        }
        if self.items.len() > PledgeText::ITEMS_MAX as usize {
            return Err(FieldError::with_limit(
                "items",
                ErrorCode::TooLarge,
                PledgeText::ITEMS_MAX,
            ));
        }
        let items = self
            .items
            .iter()
            .map(|raw| bounded_text("items", &canonical_field(raw), PledgeText::ITEM_MAX, true))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(PledgeText {
            kind,
            year,
            title,
            body,
            items,
        })
    }

    /// Signs the draft: checks the text and the signature, and sets the hash and the
    /// device time (`now_millis`). The draft is unchanged when it cannot be signed.
    pub fn sign(&mut self, signature: Signature, now_millis: i64) -> Result<(), FieldError> {
        let text = self.text()?;
        signature.validate()?;
        if text.kind.has_items() && text.items.is_empty() {
            return Err(FieldError::new("items", ErrorCode::Required));
        }
        self.hash = text.hash();
        self.signature = Some(signature);
        self.signed_at = Some(now_millis);
        Ok(())
    }

    /// A version saved on this phone, read back for a list (is it signed, under which
    /// template): as [`PledgeTemplateInput::as_saved`], the text as typed and the hash
    /// not checked again. Pages that show or check the text use [`Self::parse`].
    pub fn as_saved(&self) -> Option<Pledge> {
        let signed = match (&self.signature, self.signed_at) {
            (Some(signature), Some(signed_at)) => Some(Signed {
                signature: signature.clone(),
                hash: self.hash.clone(),
                signed_at,
                received_at: None,
            }),
            _ => None,
        };
        Some(Pledge {
            template_id: self.template_id?,
            text: PledgeText {
                kind: PledgeKind::parse(&self.kind)?,
                year: i32::try_from(self.year).ok()?,
                title: self.title.clone(),
                body: self.body.clone(),
                items: self.items.clone(),
            },
            replaces: self.replaces,
            signed,
        })
    }

    pub fn parse(&self) -> Result<Pledge, FieldError> {
        let template_id = self
            .template_id
            .ok_or_else(|| FieldError::new("template_id", ErrorCode::Required))?;
        let text = self.text()?;
        let signed = match &self.signature {
            None => None,
            Some(signature) => {
                signature.validate()?;
                if text.kind.has_items() && text.items.is_empty() {
                    return Err(FieldError::new("items", ErrorCode::Required));
                }
                let signed_at = self
                    .signed_at
                    .ok_or_else(|| FieldError::new("signed_at", ErrorCode::Required))?;
                if signed_at < SIGNED_AT_MIN {
                    return Err(FieldError::new("signed_at", ErrorCode::OutOfRange));
                }
                let hash = self.hash.trim();
                if hash.is_empty() {
                    return Err(FieldError::new("hash", ErrorCode::Required));
                }
                if hash != text.hash() {
                    return Err(FieldError::new("hash", ErrorCode::InvalidFormat));
                }
                Some(Signed {
                    signature: signature.clone(),
                    hash: hash.to_owned(),
                    signed_at,
                    received_at: None,
                })
            }
        };
        Ok(Pledge {
            template_id,
            text,
            replaces: self.replaces,
            signed,
        })
    }
}

fn parse_kind(raw: &str) -> Result<PledgeKind, FieldError> {
    PledgeKind::parse(raw.trim()).ok_or_else(|| {
        let code = if raw.trim().is_empty() {
            ErrorCode::Required
        } else {
            ErrorCode::InvalidFormat
        };
        FieldError::new("kind", code)
    })
}

fn parse_year(year: i64) -> Result<i32, FieldError> {
    if year == 0 {
        return Err(FieldError::new("year", ErrorCode::Required));
    }
    i32::try_from(year)
        .ok()
        .filter(|y| (PledgeTemplate::YEAR_MIN..=PledgeTemplate::YEAR_MAX).contains(y))
        .ok_or_else(|| FieldError::new("year", ErrorCode::OutOfRange))
}

/// One line of text.
fn parse_title(raw: &str) -> Result<String, FieldError> {
    let title = bounded_text(
        "title",
        &canonical_field(raw),
        PledgeTemplate::TITLE_MAX,
        true,
    )?;
    crate::text::refuse_controls("title", &title, crate::text::Lines::One)?;
    Ok(title)
}

fn parse_body(raw: &str) -> Result<String, FieldError> {
    // Canonical form first: the stored text is exactly what is hashed. (Not trimmed
    // further: leading indentation of the first line is part of the text.)
    let body = canonical_field(raw);
    if body.is_empty() {
        return Err(FieldError::new("body", ErrorCode::Required));
    }
    if body.chars().count() > PledgeTemplate::BODY_MAX as usize {
        return Err(FieldError::with_limit(
            "body",
            ErrorCode::TooLong,
            PledgeTemplate::BODY_MAX,
        ));
    }
    crate::text::refuse_controls("body", &body, crate::text::Lines::Many)?;
    Ok(body)
}

#[cfg(test)]
mod tests;
