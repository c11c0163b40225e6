//! The order of people in every list the server gives: by 姓名 in pinyin, as a Chinese
//! reader looks a name up (陈 before 李 before 王), not by login or by code point.
//!
//! Each character sorts by its toneless pinyin (the crate's most common reading; a name's
//! rare reading may sort a little off, which no reader takes for a ranking); characters
//! without one (Latin letters, digits) by themselves, lowercased. Equal keys fall back to
//! the name itself, so the order is total and the same on every request.

use pinyin::ToPinyin;

/// The sort key of a name: `王建国` → `wang jian guo`.
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 2);
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            // A syllable stands on its own: 王建 (wang jian) before 王建国, before 王健.
            Some(p) => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                out.push_str(p.plain());
                out.push(' ');
            }
            None => out.extend(c.to_lowercase()),
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// Sorts people by name in pinyin order.
pub fn sort_by_name<T>(list: &mut [T], name: impl Fn(&T) -> &str) {
    list.sort_by_cached_key(|item| {
        let name = name(item);
        (key(name), name.to_owned())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_pinyin_not_code_point() {
        let mut names = vec![
            "王建国",
            "周雨桐",
            "李秀英",
            "张海峰",
            "陈志远",
            "赵明轩",
            "刘思源",
        ];
        sort_by_name(&mut names, |n| n);
        assert_eq!(
            names,
            [
                "陈志远",
                "李秀英",
                "刘思源",
                "王建国",
                "张海峰",
                "赵明轩",
                "周雨桐"
            ]
        );
    }

    #[test]
    fn a_shorter_name_comes_first_and_latin_mixes_in() {
        let mut names = vec!["王建国", "王建", "Anna", "li 娜", "何振东"];
        sort_by_name(&mut names, |n| n);
        assert_eq!(names, ["Anna", "何振东", "li 娜", "王建", "王建国"]);
    }

    #[test]
    fn the_key_reads_like_pinyin() {
        assert_eq!(key("王建国"), "wang jian guo");
        assert_eq!(key("Li娜"), "li na");
    }
}
