//! The push answer, `PushResponse` JSON, spliced from the outcomes' stored JSON: a first
//! answer is serialised once (to remember it) and a duplicate's stored answer is never
//! parsed, only copied. The shape is exactly serde's for `PushResponse` (tested below).

/// `{"results":[{"op_id":…, <outcome fields>}, …]}`, one result per op in order, from
/// `(op_id, outcome JSON, duplicate)`: a duplicate is wrapped as `{"status":"duplicate",
/// "first":<outcome>}`. Every outcome JSON is an object starting with its `status`.
pub fn response_json(answers: &[(&str, &str, bool)]) -> String {
    let size: usize = answers.iter().map(|(_, o, _)| o.len() + 80).sum::<usize>() + 16;
    let mut out = String::with_capacity(size);
    out.push_str("{\"results\":[");
    for (i, (op_id, outcome, duplicate)) in answers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"op_id\":\"");
        out.push_str(op_id);
        out.push_str("\",");
        if *duplicate {
            out.push_str("\"status\":\"duplicate\",\"first\":");
            out.push_str(outcome);
            out.push('}');
        } else {
            // `{"status":…}` without its opening brace continues this object.
            out.push_str(outcome.strip_prefix('{').unwrap_or(outcome));
        }
    }
    out.push_str("]}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhibu_model::sync::{OpOutcome, OpResult, PushResponse, RecordKind, SyncRow};
    use zhibu_model::{ErrorCode, FieldError, Lang, Uuid};

    #[test]
    fn spliced_answers_are_serdes_push_response() {
        let row = SyncRow {
            kind: RecordKind::Study,
            id: Uuid::now_v7(),
            revision: 4,
            owner: Uuid::now_v7(),
            deleted: true,
            data: None,
        };
        let applied = OpOutcome::Applied { row: row.clone() };
        let rejected =
            OpOutcome::rejected(FieldError::new("topic", ErrorCode::Required), Lang::ZhCn);
        let conflict = OpOutcome::Conflict {
            row: row.clone(),
            replaced: row,
        };
        let ids: Vec<String> = (0..5).map(|_| Uuid::now_v7().to_string()).collect();
        let json = |o: &OpOutcome| serde_json::to_string(o).unwrap();
        let (a, r, c) = (json(&applied), json(&rejected), json(&conflict));
        let spliced = response_json(&[
            (&ids[0], &a, false),
            (&ids[1], &r, false),
            (&ids[0], &a, true),
            (&ids[3], &c, true),
            (&ids[1], &r, true),
        ]);
        let dup = |o: &OpOutcome| OpOutcome::Duplicate {
            first: Box::new(o.clone()),
        };
        let expected = PushResponse {
            results: [
                (0, applied.clone()),
                (1, rejected.clone()),
                (0, dup(&applied)),
                (3, dup(&conflict)),
                (1, dup(&rejected)),
            ]
            .into_iter()
            .map(|(i, outcome)| OpResult {
                op_id: ids[i].parse().unwrap(),
                outcome,
            })
            .collect(),
        };
        let parsed: PushResponse = serde_json::from_str(&spliced).unwrap();
        assert_eq!(parsed, expected);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&spliced).unwrap(),
            serde_json::to_value(&expected).unwrap()
        );
        assert_eq!(response_json(&[]), "{\"results\":[]}");
    }
}
