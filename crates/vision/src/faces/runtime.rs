//! Loading an ONNX file into a tract plan and running it on image tensors.

use std::path::Path;

use image::RgbImage;
use tract_onnx::pb;
use tract_onnx::prelude::*;

use super::FaceModelError;

/// An optimised, runnable network with a fixed input shape.
pub(super) struct Network {
    plan: Arc<TypedRunnableModel>,
}

impl Network {
    pub(super) fn load(path: &Path, input_shape: &[usize]) -> Result<Network, FaceModelError> {
        let load_error = |error: TractError| FaceModelError::Load {
            path: path.to_path_buf(),
            reason: format!("{error:#}"),
        };
        let onnx = tract_onnx::onnx();
        let mut proto = onnx.proto_model_for_path(path).map_err(load_error)?;
        give_constant_of_shape_a_float_zero(&mut proto);
        let plan = onnx
            .model_for_proto_model(&proto)
            .and_then(|model| model.with_input_fact(0, f32::fact(input_shape).into()))
            .and_then(|model| model.into_optimized())
            .and_then(|model| model.into_runnable())
            .map_err(load_error)?;
        Ok(Network { plan })
    }

    /// Runs the network on one input tensor and returns every output.
    pub(super) fn run(&self, input: Tensor) -> Result<TVec<TValue>, FaceModelError> {
        self.plan
            .run(tvec!(input.into()))
            .map_err(|error| FaceModelError::Inference(format!("{error:#}")))
    }

    /// Runs the embedder on a 150x150 RGB chip (NCHW, values 0-255).
    pub(super) fn embed(&self, chip: &RgbImage) -> Result<[f32; 128], FaceModelError> {
        let (width, height) = (chip.width() as usize, chip.height() as usize);
        let input = tract_ndarray::Array4::from_shape_fn((1, 3, height, width), |(_, c, y, x)| {
            f32::from(chip.get_pixel(x as u32, y as u32).0[c])
        });
        let outputs = self.run(input.into_tensor())?;
        let view = outputs[0]
            .to_plain_array_view::<f32>()
            .map_err(|error| FaceModelError::Inference(format!("{error:#}")))?;
        let values = view.as_slice().ok_or_else(|| {
            FaceModelError::Inference("the embedder output is not contiguous".to_string())
        })?;
        <[f32; 128]>::try_from(values).map_err(|_| {
            FaceModelError::Inference(format!(
                "the embedder returned {} values, expected 128",
                values.len()
            ))
        })
    }
}

/// Sets an explicit float zero `value` on ConstantOfShape nodes that have none.
///
/// The ONNX default for a missing `value` is a float32 zero, but tract-onnx 0.23.9 fills such
/// nodes with an f64 zero, and BlazeFace's padding nodes then fail to type-check.
fn give_constant_of_shape_a_float_zero(proto: &mut pb::ModelProto) {
    let Some(graph) = proto.graph.as_mut() else {
        return;
    };
    for node in graph
        .node
        .iter_mut()
        .filter(|node| node.op_type == "ConstantOfShape")
    {
        if node
            .attribute
            .iter()
            .any(|attribute| attribute.name == "value")
        {
            continue;
        }
        node.attribute.push(pb::AttributeProto {
            name: "value".to_string(),
            r#type: pb::attribute_proto::AttributeType::Tensor as i32,
            t: Some(pb::TensorProto {
                dims: vec![1],
                data_type: pb::tensor_proto::DataType::Float as i32,
                float_data: vec![0.0],
                ..Default::default()
            }),
            ..Default::default()
        });
    }
}
