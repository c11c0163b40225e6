//! The strings of the pledge pages (`Key::Pl`).

/// Keys of the pledge pages' strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlKey {
    Templates,
    NoTemplates,
    // Secretary page
    BranchPledges,
    BranchPledgesOnly,
    PublishTemplate,
    EditTemplate,
    TemplateKind,
    TemplateBodyHint,
    SignedKeepTheirText,
    PublishedTemplates,
    NoBranchTemplates,
    ConfirmDelete,
    TemplateRefused,
    SignedOverview,
    OverviewNeedsConnection,
    YearNoTemplates,
    NotSigned,
    Signed,
    Amended,
}

pub(super) fn pl(key: PlKey) -> (&'static str, &'static str) {
    match key {
        PlKey::Templates => ("本支部的承诺", "This branch's pledges"),
        PlKey::NoTemplates => (
            "支部还没有发布今年的承诺模板",
            "The branch has not published this year's pledges yet",
        ),
        // Secretary page
        PlKey::BranchPledges => ("支部承诺践诺", "The branch's pledges"),
        PlKey::BranchPledgesOnly => (
            "这一页供支部书记和支委发布承诺、查看签署情况",
            "This page is for the branch secretary and committee: publishing pledges and seeing who signed",
        ),
        PlKey::PublishTemplate => ("发布承诺模板", "Publish a pledge template"),
        PlKey::EditTemplate => ("修改承诺模板", "Edit the pledge template"),
        PlKey::TemplateKind => ("承诺类型", "Kind of pledge"),
        PlKey::TemplateBodyHint => (
            "党员签署的就是这段全文。承诺践诺由党员在签署时填写各自的承诺事项。",
            "This is the full text members sign. For commitments, each member adds their own items when signing.",
        ),
        PlKey::SignedKeepTheirText => (
            "已签署的党员保留其签署时的全文；修改模板只影响之后的签署。",
            "Members who have signed keep the text they signed; editing a template affects only later signatures.",
        ),
        PlKey::PublishedTemplates => ("已发布的承诺模板", "Published templates"),
        PlKey::NoBranchTemplates => ("还没有发布承诺模板", "No templates published yet"),
        PlKey::ConfirmDelete => ("确认删除", "Confirm delete"),
        PlKey::TemplateRefused => ("未被服务器接受", "Not accepted by the server"),
        PlKey::SignedOverview => ("签署与践诺情况", "Signing and follow-through"),
        PlKey::OverviewNeedsConnection => (
            "签署情况由服务器汇总，需要联网查看。",
            "The overview is compiled by the server; it needs a connection.",
        ),
        PlKey::YearNoTemplates => (
            "这一年没有发布承诺模板",
            "No pledge templates for this year",
        ),
        PlKey::NotSigned => ("尚未签署", "Not signed yet"),
        PlKey::Signed => ("已签署", "Signed"),
        PlKey::Amended => ("已修订", "Amended"),
    }
}
