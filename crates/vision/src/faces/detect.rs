//! BlazeFace: letterboxing the image into the detector's square input, decoding its anchor
//! outputs into boxes and keypoints, and merging overlapping detections.

use image::RgbImage;
use image::imageops::FilterType;
use tract_onnx::prelude::*;

use super::runtime::Network;
use super::{BoundingBox, FaceModelError, Point};

/// A face before embedding.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Detection {
    pub bbox: BoundingBox,
    pub landmarks: [Point; 6],
    pub score: f32,
}

/// Detections overlapping the best one by at least this intersection-over-union are merged
/// into it, weighted by score (MediaPipe's weighted non-maximum suppression uses 0.3).
const MERGE_IOU: f32 = 0.3;

/// BlazeFace's two output heads: 2 anchors on a 16x16 grid and 6 anchors on an 8x8 grid.
const HEADS: [(usize, usize); 2] = [(16, 2), (8, 6)];

/// The placement of the image inside the square detector input.
struct Letterbox {
    scale: f32,
    offset_x: f32,
    offset_y: f32,
}

impl Letterbox {
    /// Maps a point given as a fraction of the square input back to image pixels.
    fn to_image(&self, x: f32, y: f32, side: f32) -> Point {
        Point {
            x: (x * side - self.offset_x) / self.scale,
            y: (y * side - self.offset_y) / self.scale,
        }
    }
}

pub(super) fn detect(
    network: &Network,
    side: u32,
    image: &RgbImage,
    min_score: f32,
) -> Result<Vec<Detection>, FaceModelError> {
    if image.width() == 0 || image.height() == 0 {
        return Ok(Vec::new());
    }
    let (input, letterbox) = letterbox_input(image, side);
    let outputs = network.run(input)?;
    let raw = decode_heads(&outputs, side as f32, &letterbox, min_score)?;
    Ok(merge_overlapping(raw))
}

/// Scales the image to fit a `side`x`side` square, centres it on black and normalises the
/// values to [-1, 1] as BlazeFace expects (NHWC).
fn letterbox_input(image: &RgbImage, side: u32) -> (Tensor, Letterbox) {
    let scale = side as f32 / image.width().max(image.height()) as f32;
    let width = ((image.width() as f32 * scale).round() as u32).clamp(1, side);
    let height = ((image.height() as f32 * scale).round() as u32).clamp(1, side);
    let resized = image::imageops::resize(image, width, height, FilterType::Triangle);
    let offset_x = (side - width) / 2;
    let offset_y = (side - height) / 2;

    let side_usize = side as usize;
    let input =
        tract_ndarray::Array4::from_shape_fn((1, side_usize, side_usize, 3), |(_, y, x, c)| {
            let (x, y) = (x as u32, y as u32);
            let inside =
                x >= offset_x && x < offset_x + width && y >= offset_y && y < offset_y + height;
            let value = if inside {
                resized.get_pixel(x - offset_x, y - offset_y).0[c]
            } else {
                0
            };
            f32::from(value) / 127.5 - 1.0
        });
    let letterbox = Letterbox {
        scale,
        offset_x: offset_x as f32,
        offset_y: offset_y as f32,
    };
    (input.into_tensor(), letterbox)
}

fn decode_heads(
    outputs: &[TValue],
    side: f32,
    letterbox: &Letterbox,
    min_score: f32,
) -> Result<Vec<Detection>, FaceModelError> {
    let mut detections = Vec::new();
    for (cells, anchors_per_cell) in HEADS {
        let count = cells * cells * anchors_per_cell;
        let scores = output_with_shape(outputs, count, 1)?;
        let boxes = output_with_shape(outputs, count, 16)?;
        for index in 0..count {
            let score = sigmoid(scores[index]);
            if score < min_score {
                continue;
            }
            let cell = index / anchors_per_cell;
            let anchor_x = ((cell % cells) as f32 + 0.5) / cells as f32;
            let anchor_y = ((cell / cells) as f32 + 0.5) / cells as f32;
            let raw = &boxes[index * 16..index * 16 + 16];
            detections.push(decode_one(raw, anchor_x, anchor_y, side, letterbox, score));
        }
    }
    Ok(detections)
}

/// Finds the output whose shape is [1, count, width]. Heads are matched by shape because the ONNX output order is not part of the model's contract.
fn output_with_shape(
    outputs: &[TValue],
    count: usize,
    width: usize,
) -> Result<&[f32], FaceModelError> {
    outputs
        .iter()
        .find(|output| output.shape() == [1, count, width])
        .and_then(|output| output.to_plain_array_view::<f32>().ok()?.to_slice())
        .ok_or_else(|| {
            FaceModelError::Inference(format!(
                "the detector has no [1, {count}, {width}] float output"
            ))
        })
}

/// Decodes one anchor: offsets are in input pixels relative to the anchor centre.
fn decode_one(
    raw: &[f32],
    anchor_x: f32,
    anchor_y: f32,
    side: f32,
    letterbox: &Letterbox,
    score: f32,
) -> Detection {
    let centre_x = anchor_x + raw[0] / side;
    let centre_y = anchor_y + raw[1] / side;
    let (half_width, half_height) = (raw[2] / side / 2.0, raw[3] / side / 2.0);
    let top_left = letterbox.to_image(centre_x - half_width, centre_y - half_height, side);
    let bottom_right = letterbox.to_image(centre_x + half_width, centre_y + half_height, side);
    let mut landmarks = [Point { x: 0.0, y: 0.0 }; 6];
    for (k, landmark) in landmarks.iter_mut().enumerate() {
        let (x, y) = (
            anchor_x + raw[4 + 2 * k] / side,
            anchor_y + raw[5 + 2 * k] / side,
        );
        *landmark = letterbox.to_image(x, y, side);
    }
    if landmarks[0].x > landmarks[1].x {
        landmarks.swap(0, 1);
        landmarks.swap(4, 5);
    }
    Detection {
        bbox: BoundingBox {
            left: top_left.x,
            top: top_left.y,
            width: bottom_right.x - top_left.x,
            height: bottom_right.y - top_left.y,
        },
        landmarks,
        score,
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x.clamp(-80.0, 80.0)).exp())
}

fn iou(a: &BoundingBox, b: &BoundingBox) -> f32 {
    let left = a.left.max(b.left);
    let top = a.top.max(b.top);
    let right = (a.left + a.width).min(b.left + b.width);
    let bottom = (a.top + a.height).min(b.top + b.height);
    let inner = (right - left).max(0.0) * (bottom - top).max(0.0);
    let union = a.width * a.height + b.width * b.height - inner;
    if union <= 0.0 { 0.0 } else { inner / union }
}

/// Weighted non-maximum suppression: each group of overlapping detections becomes one, with
/// the best score and the score-weighted mean of the group's coordinates.
fn merge_overlapping(mut detections: Vec<Detection>) -> Vec<Detection> {
    detections.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut merged = Vec::new();
    while let Some(best) = detections.first().cloned() {
        let (group, rest): (Vec<Detection>, Vec<Detection>) = detections
            .into_iter()
            .partition(|candidate| iou(&best.bbox, &candidate.bbox) >= MERGE_IOU);
        detections = rest;
        merged.push(weighted_mean(&group, best.score));
    }
    merged
}

fn weighted_mean(group: &[Detection], score: f32) -> Detection {
    let total: f32 = group.iter().map(|d| d.score).sum();
    let mean = |value: &dyn Fn(&Detection) -> f32| {
        group.iter().map(|d| value(d) * d.score).sum::<f32>() / total
    };
    let mut landmarks = [Point { x: 0.0, y: 0.0 }; 6];
    for (k, landmark) in landmarks.iter_mut().enumerate() {
        *landmark = Point {
            x: mean(&|d| d.landmarks[k].x),
            y: mean(&|d| d.landmarks[k].y),
        };
    }
    Detection {
        bbox: BoundingBox {
            left: mean(&|d| d.bbox.left),
            top: mean(&|d| d.bbox.top),
            width: mean(&|d| d.bbox.width),
            height: mean(&|d| d.bbox.height),
        },
        landmarks,
        score,
    }
}
