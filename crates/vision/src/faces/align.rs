//! Face alignment: a least-squares similarity transform from BlazeFace's eyes, nose and mouth
//! onto where dlib's aligned chips put those points, then a bilinear warp into the chip.

use image::{Rgb, RgbImage};

use super::Point;

/// Side of the square chip the dlib ResNet takes, in pixels.
pub const CHIP_SIZE: u32 = 150;

/// Mean positions, in chip pixels, of the image-left eye centre, the image-right eye centre,
/// the nose tip and the mouth centre on dlib's own 150x150 chips (`get_face_chip` with
/// padding 0.25). `scripts/models/check_dlib_onnx.py` measured them with dlib's 68-point
/// predictor on the 6 faces of the face_recognition 1.3.0 test images.
pub fn chip_template() -> [Point; 4] {
    [
        Point { x: 47.58, y: 45.75 },
        Point {
            x: 100.08,
            y: 46.28,
        },
        Point { x: 75.0, y: 73.67 },
        Point {
            x: 74.11,
            y: 106.23,
        },
    ]
}

/// A similarity transform `z -> a * z + t` on points seen as complex numbers.
#[derive(Debug, Clone, Copy)]
struct Similarity {
    a_re: f32,
    a_im: f32,
    t_x: f32,
    t_y: f32,
}

impl Similarity {
    /// Fits the transform mapping `from` onto `to` with least squares (Umeyama's method without
    /// reflection). Returns `None` when the `from` points coincide.
    fn fit(from: &[Point], to: &[Point]) -> Option<Similarity> {
        let count = from.len() as f32;
        let mean = |points: &[Point]| {
            let (x, y) = points
                .iter()
                .fold((0.0, 0.0), |(x, y), p| (x + p.x, y + p.y));
            (x / count, y / count)
        };
        let (from_x, from_y) = mean(from);
        let (to_x, to_y) = mean(to);

        let (mut re, mut im, mut norm) = (0.0f32, 0.0f32, 0.0f32);
        for (p, q) in from.iter().zip(to) {
            let (px, py) = (p.x - from_x, p.y - from_y);
            let (qx, qy) = (q.x - to_x, q.y - to_y);
            // Accumulate q * conj(p) and |p|^2.
            re += qx * px + qy * py;
            im += qy * px - qx * py;
            norm += px * px + py * py;
        }
        if norm <= f32::EPSILON || !norm.is_finite() {
            return None;
        }
        let (a_re, a_im) = (re / norm, im / norm);
        Some(Similarity {
            a_re,
            a_im,
            t_x: to_x - (a_re * from_x - a_im * from_y),
            t_y: to_y - (a_im * from_x + a_re * from_y),
        })
    }

    /// Maps a chip point back into the image, inverting `a * z + t`.
    fn inverse(&self, x: f32, y: f32) -> (f32, f32) {
        let (dx, dy) = (x - self.t_x, y - self.t_y);
        let norm = self.a_re * self.a_re + self.a_im * self.a_im;
        (
            (self.a_re * dx + self.a_im * dy) / norm,
            (self.a_re * dy - self.a_im * dx) / norm,
        )
    }
}

/// Cuts the aligned 150x150 chip for a face from its BlazeFace keypoints. Pixels that fall
/// outside the image are black, as in dlib's chips.
pub(super) fn face_chip(image: &RgbImage, landmarks: &[Point; 6]) -> RgbImage {
    // BlazeFace coordinates are continuous (a pixel's centre is at i + 0.5); the template uses
    // dlib's convention of pixel centres at integers.
    let from: Vec<Point> = landmarks[..4]
        .iter()
        .map(|p| Point {
            x: p.x - 0.5,
            y: p.y - 0.5,
        })
        .collect();
    let Some(transform) = Similarity::fit(&from, &chip_template()) else {
        return RgbImage::new(CHIP_SIZE, CHIP_SIZE);
    };
    RgbImage::from_fn(CHIP_SIZE, CHIP_SIZE, |u, v| {
        let (x, y) = transform.inverse(u as f32, v as f32);
        sample_bilinear(image, x, y)
    })
}

fn sample_bilinear(image: &RgbImage, x: f32, y: f32) -> Rgb<u8> {
    let (width, height) = (image.width() as i64, image.height() as i64);
    if !x.is_finite()
        || !y.is_finite()
        || x < -1.0
        || y < -1.0
        || x > width as f32
        || y > height as f32
    {
        return Rgb([0, 0, 0]);
    }
    let (x0, y0) = (x.floor() as i64, y.floor() as i64);
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let pixel = |px: i64, py: i64| -> [f32; 3] {
        if px < 0 || py < 0 || px >= width || py >= height {
            return [0.0; 3];
        }
        let value = image.get_pixel(px as u32, py as u32).0;
        [
            f32::from(value[0]),
            f32::from(value[1]),
            f32::from(value[2]),
        ]
    };
    let (p00, p10, p01, p11) = (
        pixel(x0, y0),
        pixel(x0 + 1, y0),
        pixel(x0, y0 + 1),
        pixel(x0 + 1, y0 + 1),
    );
    let mut out = [0u8; 3];
    for c in 0..3 {
        let top = p00[c] * (1.0 - fx) + p10[c] * fx;
        let bottom = p01[c] * (1.0 - fx) + p11[c] * fx;
        out[c] = (top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8;
    }
    Rgb(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_recovers_rotation_scale_and_shift() {
        let from = [
            Point { x: 0.0, y: 0.0 },
            Point { x: 10.0, y: 0.0 },
            Point { x: 0.0, y: 10.0 },
        ];
        // Rotate 90 degrees, scale 2, shift (5, 7): (x, y) -> (5 - 2y, 7 + 2x).
        let to = [
            Point { x: 5.0, y: 7.0 },
            Point { x: 5.0, y: 27.0 },
            Point { x: -15.0, y: 7.0 },
        ];

        let transform = Similarity::fit(&from, &to).expect("distinct points give a transform");

        assert!(transform.a_re.abs() < 1e-5, "real part {}", transform.a_re);
        assert!(
            (transform.a_im - 2.0).abs() < 1e-5,
            "imaginary part {}",
            transform.a_im
        );
        let (x, y) = transform.inverse(5.0, 27.0);
        assert!((x - 10.0).abs() < 1e-4, "x {x}");
        assert!(y.abs() < 1e-4, "y {y}");
    }

    #[test]
    fn coincident_points_give_no_transform() {
        let same = [Point { x: 3.0, y: 3.0 }; 4];

        assert!(Similarity::fit(&same, &chip_template()).is_none());
    }
}
