//! The strings of the pledge pages.

/// Keys of the pledge pages' strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlKey {
    // Member pages
    Templates,
    NoTemplates,
    DraftKept,
    Sign,
    ContinueSigning,
    Open,
    NotHere,
    SignTitle,
    AmendTitle,
    AddItem,
    RemoveItem,
    SignatureBinds,
    SignNow,
    KeepDraft,
    SignedOnPhone,
    SignedAndSynced,
    StillToSign,
    AmendedNote,
    SeeNewVersion,
    AmendsNote,
    SeeOldVersion,
    MyCommitments,
    SignedAt,
    ReceivedAt,
    Hash,
    HashLine,
    LocalMatches,
    LocalMismatch,
    VerifyOnServer,
    ServerMatches,
    ServerMismatch,
    ServerNoSigned,
    Print,
    PrintNow,
    Amend,
    Signer,
    FollowThrough,
    AddEntry,
    ToSign,
    PledgesToSign,
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

impl super::Text for PlKey {
    fn pair(self) -> (&'static str, &'static str) {
        pl(self)
    }
}

fn pl(key: PlKey) -> (&'static str, &'static str) {
    match key {
        PlKey::Templates => ("本支部的承诺", "This branch's pledges"),
        PlKey::NoTemplates => (
            "支部还没有发布承诺模板",
            "The branch has not published any pledge yet",
        ),
        PlKey::DraftKept => ("草稿已保存，尚未签署", "Draft kept, not signed yet"),
        PlKey::Sign => ("阅读并签署", "Read and sign"),
        PlKey::ContinueSigning => ("继续签署", "Continue signing"),
        PlKey::Open => ("查看", "Open"),
        PlKey::NotHere => (
            "本机没有这份承诺。联网同步后再试。",
            "This pledge is not on this phone. Try again once it has synced.",
        ),
        PlKey::SignTitle => ("签署承诺", "Sign the pledge"),
        PlKey::AmendTitle => (
            "修订承诺（原签署版本保留）",
            "Amend the pledge (the signed version is kept)",
        ),
        PlKey::AddItem => ("添加一项承诺", "Add a commitment"),
        PlKey::RemoveItem => ("删除此项", "Remove"),
        PlKey::SignatureBinds => (
            "签名后，以上全文即固定，不能再修改；如需修改，可另行签署修订版本。",
            "Once signed, the text above is fixed; to change it, sign an amended version.",
        ),
        PlKey::SignNow => ("确认签署", "Sign"),
        PlKey::KeepDraft => ("保存草稿", "Keep as draft"),
        PlKey::SignedOnPhone => (
            "已签署并保存在本机，联网后自动同步",
            "Signed and saved on this phone; it syncs when online",
        ),
        PlKey::StillToSign => ("尚有承诺未签署", "Still to sign"),
        PlKey::SignedAndSynced => ("已签署并同步", "Signed and synced"),
        PlKey::AmendedNote => ("此版本已被修订。", "This version has been amended."),
        PlKey::SeeNewVersion => ("查看新版本", "See the new version"),
        PlKey::AmendsNote => (
            "此版本修订了之前签署的版本。",
            "This version amends an earlier one.",
        ),
        PlKey::SeeOldVersion => ("查看原版本", "See the earlier version"),
        PlKey::MyCommitments => ("我的承诺事项", "My commitments"),
        PlKey::SignedAt => ("签署时间（本机）", "Signed (phone's time)"),
        PlKey::ReceivedAt => ("服务器接收时间", "Received by the server"),
        PlKey::Hash => ("校验值（SHA-256）", "Hash (SHA-256)"),
        PlKey::HashLine => ("文本校验值（SHA-256）：", "Text hash (SHA-256): "),
        PlKey::LocalMatches => (
            "本机校验：全文与签署时一致",
            "Checked on this phone: the text is as signed",
        ),
        PlKey::LocalMismatch => (
            "本机校验：全文与签署时不一致",
            "Checked on this phone: the text differs from what was signed",
        ),
        PlKey::VerifyOnServer => ("请服务器校验", "Verify on the server"),
        PlKey::ServerMatches => (
            "服务器校验：全文与签署时一致",
            "Server check: the text is as signed",
        ),
        PlKey::ServerMismatch => (
            "服务器校验：全文与签署时不一致",
            "Server check: the text differs from what was signed",
        ),
        PlKey::ServerNoSigned => (
            "服务器上这份承诺尚未签署",
            "On the server this pledge is not signed",
        ),
        PlKey::Print => ("打印", "Print"),
        PlKey::PrintNow => ("打印此页", "Print this page"),
        PlKey::Amend => ("修订", "Amend"),
        PlKey::Signer => ("承诺人：", "Signed by: "),
        PlKey::FollowThrough => ("践诺", "Follow-through"),
        PlKey::AddEntry => ("记录践诺", "Record progress"),
        PlKey::ToSign => ("承诺待签署", "Pledge to sign"),
        PlKey::PledgesToSign => ("待签署的承诺", "Pledges to sign"),
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
