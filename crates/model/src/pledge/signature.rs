//! A handwritten signature as vector strokes: integer points in the pad's own coordinate
//! box, so it is small (a signature is a few hundred points) and renders sharp at any size
//! as an SVG path, on the screen and in print.

use crate::error::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};

/// Strokes drawn on a pad of `width` × `height` units. Each stroke is the points of one
/// pointer-down to pointer-up, `[x, y]` with the origin at the top left.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signature {
    pub width: u16,
    pub height: u16,
    pub strokes: Vec<Vec<[u16; 2]>>,
}

impl Signature {
    pub const SIDE_MIN: u16 = 100;
    pub const SIDE_MAX: u16 = 4000;
    pub const STROKES_MAX: u32 = 200;
    pub const POINTS_MAX: u32 = 5000;
    /// The ink must span at least this share (1/n) of the pad's longer side, and its path
    /// be at least this share long: a dot or a short tick is not a signature.
    const MIN_SPAN_DIVISOR: u32 = 10;

    /// Checks the signature: not empty, within its box and the size limits, and more than
    /// a dot or a tick. Every refusal is on the field `signature`.
    pub fn validate(&self) -> Result<(), FieldError> {
        let field = "signature";
        let points: usize = self.strokes.iter().map(Vec::len).sum();
        if points == 0 {
            return Err(FieldError::new(field, ErrorCode::Required));
        }
        let sides = Self::SIDE_MIN..=Self::SIDE_MAX;
        if !sides.contains(&self.width) || !sides.contains(&self.height) {
            return Err(FieldError::new(field, ErrorCode::OutOfRange));
        }
        if self.strokes.len() > Self::STROKES_MAX as usize {
            return Err(FieldError::with_limit(
                field,
                ErrorCode::TooLarge,
                Self::STROKES_MAX,
            ));
        }
        if points > Self::POINTS_MAX as usize {
            return Err(FieldError::with_limit(
                field,
                ErrorCode::TooLarge,
                Self::POINTS_MAX,
            ));
        }
        let outside = self
            .points()
            .any(|[x, y]| x > self.width || y > self.height);
        if outside {
            return Err(FieldError::new(field, ErrorCode::OutOfRange));
        }
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (u16::MAX, u16::MAX, 0, 0);
        for [x, y] in self.points() {
            (min_x, min_y) = (min_x.min(x), min_y.min(y));
            (max_x, max_y) = (max_x.max(x), max_y.max(y));
        }
        let span = u32::from(max_x - min_x).max(u32::from(max_y - min_y));
        let side = u32::from(self.width.max(self.height));
        let min = side / Self::MIN_SPAN_DIVISOR;
        if span < min || self.ink_length() < f64::from(min) {
            return Err(FieldError::new(field, ErrorCode::InvalidFormat));
        }
        Ok(())
    }

    /// Every point of every stroke.
    pub fn points(&self) -> impl Iterator<Item = [u16; 2]> + '_ {
        self.strokes.iter().flatten().copied()
    }

    /// The length of all strokes together, in pad units.
    pub fn ink_length(&self) -> f64 {
        self.strokes
            .iter()
            .flat_map(|s| s.windows(2))
            .map(|w| {
                let dx = f64::from(w[1][0]) - f64::from(w[0][0]);
                let dy = f64::from(w[1][1]) - f64::from(w[0][1]);
                (dx * dx + dy * dy).sqrt()
            })
            .sum()
    }

    /// `viewBox` for the SVG that shows the signature: the pad's box.
    pub fn view_box(&self) -> String {
        format!("0 0 {} {}", self.width, self.height)
    }

    /// The signature as one SVG path `d` attribute, smoothed: each stroke goes through
    /// the midpoints of its segments with the points as quadratic control points (the
    /// usual way to smooth sampled pointer input). A one-point stroke is a dot (draw the
    /// path with `stroke-linecap: round`). Draw with `fill: none`.
    pub fn svg_path(&self) -> String {
        let mut d = String::new();
        for stroke in self.strokes.iter().filter(|s| !s.is_empty()) {
            if !d.is_empty() {
                d.push(' ');
            }
            let p = |i: usize| stroke[i];
            d.push_str(&format!("M{} {}", p(0)[0], p(0)[1]));
            match stroke.len() {
                1 => d.push_str(" l0 0"),
                2 => d.push_str(&format!(" L{} {}", p(1)[0], p(1)[1])),
                n => {
                    for i in 1..n - 1 {
                        let (c, next) = (p(i), p(i + 1));
                        d.push_str(&format!(
                            " Q{} {} {} {}",
                            c[0],
                            c[1],
                            half(c[0], next[0]),
                            half(c[1], next[1])
                        ));
                    }
                    d.push_str(&format!(" L{} {}", p(n - 1)[0], p(n - 1)[1]));
                }
            }
        }
        d
    }
}

/// The midpoint of two coordinates, written exactly (`.5` when odd).
fn half(a: u16, b: u16) -> String {
    let sum = u32::from(a) + u32::from(b);
    if sum % 2 == 0 {
        (sum / 2).to_string()
    } else {
        format!("{}.5", sum / 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature(strokes: Vec<Vec<[u16; 2]>>) -> Signature {
        Signature {
            width: 600,
            height: 200,
            strokes,
        }
    }

    /// A short name's worth of strokes.
    fn scrawl() -> Signature {
        signature(vec![
            vec![[40, 120], [80, 60], [120, 130], [160, 70]],
            vec![[200, 100], [260, 100]],
            vec![[300, 150]],
        ])
    }

    #[test]
    fn a_real_signature_passes_and_renders_as_a_smoothed_path() {
        let s = scrawl();
        s.validate().unwrap();
        assert_eq!(
            s.svg_path(),
            "M40 120 Q80 60 100 95 Q120 130 140 100 L160 70 M200 100 L260 100 M300 150 l0 0"
        );
        assert_eq!(s.view_box(), "0 0 600 200");
        assert_eq!(half(1, 2), "1.5");
    }

    #[test]
    fn empty_and_degenerate_signatures_are_refused_on_signature() {
        let refused = |s: Signature| {
            let e = s.validate().unwrap_err();
            assert_eq!(e.field, "signature");
            e.code
        };
        assert_eq!(refused(signature(vec![])), ErrorCode::Required);
        assert_eq!(
            refused(signature(vec![vec![], vec![]])),
            ErrorCode::Required
        );
        // A dot, a tick, many dots in one place.
        assert_eq!(
            refused(signature(vec![vec![[300, 100]]])),
            ErrorCode::InvalidFormat
        );
        assert_eq!(
            refused(signature(vec![vec![[300, 100], [310, 104]]])),
            ErrorCode::InvalidFormat
        );
        assert_eq!(
            refused(signature(vec![vec![[300, 100]]; 50])),
            ErrorCode::InvalidFormat
        );
        // Points outside the pad, a pad of no size.
        assert_eq!(
            refused(signature(vec![vec![[40, 120], [700, 130]]])),
            ErrorCode::OutOfRange
        );
        let mut tiny = scrawl();
        tiny.height = 0;
        assert_eq!(refused(tiny), ErrorCode::OutOfRange);
    }

    #[test]
    fn size_limits() {
        let long: Vec<[u16; 2]> = (0..=Signature::POINTS_MAX as u16)
            .map(|i| [i % 600, (i / 600) * 20])
            .collect();
        let e = signature(vec![long]).validate().unwrap_err();
        assert_eq!((e.code, e.limit), (ErrorCode::TooLarge, Some(5000)));
        let many = vec![vec![[10, 10], [500, 150]]; 201];
        let e = signature(many).validate().unwrap_err();
        assert_eq!((e.code, e.limit), (ErrorCode::TooLarge, Some(200)));
    }

    #[test]
    fn the_wire_form_is_compact() {
        let json = serde_json::to_string(&scrawl()).unwrap();
        assert!(json.starts_with(r#"{"width":600,"height":200,"strokes":[[[40,120],"#));
        assert_eq!(serde_json::from_str::<Signature>(&json).unwrap(), scrawl());
    }
}
