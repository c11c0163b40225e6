//! The main module's serde-free JSON (src/browser_json.rs) agrees with serde's shapes of
//! the model, both ways, in a real browser.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use zhibu::browser_json;
use zhibu_model::{ApiError, BranchId, ErrorCode, LoginRequest, Me, MemberId, Role};

wasm_bindgen_test_configure!(run_in_browser);

fn members() -> [Me; 2] {
    [
        Me {
            id: MemberId::new(),
            login: "wang.ming".into(),
            display_name: "王明（示例）".into(),
            role: Role::Secretary,
            branch_id: Some(BranchId::new()),
            branch_name: Some("第一党支部 \"示例\"\n".into()),
            joined_party_on: zhibu_model::ymd::parse("2001-07-01"),
        },
        Me {
            id: MemberId::new(),
            login: "admin".into(),
            display_name: "管理员".into(),
            role: Role::Admin,
            branch_id: None,
            branch_name: None,
            joined_party_on: None,
        },
    ]
}

#[wasm_bindgen_test]
fn a_member_reads_as_serde_writes_it_and_writes_as_serde_reads_it() {
    for me in members() {
        let by_serde = serde_json::to_string(&me).unwrap();
        assert_eq!(browser_json::me(&by_serde), Some(me.clone()));
        let ours = browser_json::me_json(&me);
        assert_eq!(serde_json::from_str::<Me>(&ours).unwrap(), me);
        assert_eq!(browser_json::me(&ours), Some(me));
    }
}

#[wasm_bindgen_test]
fn a_member_without_the_optional_fields_still_reads() {
    let id = MemberId::new();
    let json = format!(r#"{{"id":"{id}","login":"li","display_name":"李","role":"member"}}"#);
    let me = browser_json::me(&json).unwrap();
    assert_eq!((me.id, me.role, me.branch_id), (id, Role::Member, None));
    assert_eq!(me, serde_json::from_str::<Me>(&json).unwrap());
}

#[wasm_bindgen_test]
fn what_serde_refuses_is_refused() {
    let id = MemberId::new();
    for bad in [
        String::new(),
        "<html>portal</html>".into(),
        "[]".into(),
        format!(r#"{{"id":"{id}","login":"li","display_name":"李","role":"chief"}}"#),
        r#"{"id":"x","login":"li","display_name":"李","role":"member"}"#.into(),
        format!(r#"{{"id":"{id}","login":7,"display_name":"李","role":"member"}}"#),
        format!(
            r#"{{"id":"{id}","login":"li","display_name":"李","role":"member","joined_party_on":"2001-13-01"}}"#
        ),
    ] {
        assert_eq!(browser_json::me(&bad), None, "{bad}");
        assert!(serde_json::from_str::<Me>(&bad).is_err(), "{bad}");
    }
}

#[wasm_bindgen_test]
fn the_login_form_is_the_json_serde_reads() {
    let request = LoginRequest {
        login: "wang\"ming\\".into(),
        password: "密码 \u{1}".into(),
    };
    let read: LoginRequest = serde_json::from_str(&browser_json::login_json(&request)).unwrap();
    assert_eq!(
        (read.login, read.password),
        (request.login, request.password)
    );
}

#[wasm_bindgen_test]
fn error_answers_read_as_serde_writes_them() {
    for error in [
        ApiError {
            code: ErrorCode::InvalidCredentials,
            field: None,
            message: "登录名或密码不正确".into(),
        },
        ApiError {
            code: ErrorCode::TooLong,
            field: Some("login".into()),
            message: "登录名不能超过 64 个字符".into(),
        },
    ] {
        let json = serde_json::to_string(&error).unwrap();
        assert_eq!(browser_json::api_error(&json), Some(error));
    }
    assert_eq!(
        browser_json::api_error(r#"{"code":"from_the_future","message":"?"}"#),
        None
    );
}
