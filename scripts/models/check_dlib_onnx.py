"""Check the converted ResNet against dlib's own descriptors and measure the chip landmarks.

For every face that dlib's HOG detector finds in the given images, this script cuts
dlib's aligned 150x150 chip (5-point landmarks, padding 0.25). It computes the chip's
descriptor with dlib and with the ONNX graph (onnx's reference evaluator). It fails unless
the cosine similarity is at least 0.9999 and the largest absolute difference at most 1e-4.

It also writes, as JSON, where the eye centres, the nose tip and the mouth centre
fall on those chips on average (dlib's 68-point predictor run on each chip). The Rust
aligner maps BlazeFace's keypoints onto these positions so that its chips match the
ones the network was trained on.
"""

import argparse
import json
import sys
import time

import dlib
import numpy as np
import onnx
from onnx.reference import ReferenceEvaluator

MIN_COSINE = 0.9999
MAX_ABS_DIFF = 1e-4


def landmarks_on_chip(predictor, chip) -> dict:
    shape = predictor(chip, dlib.rectangle(0, 0, chip.shape[1] - 1, chip.shape[0] - 1))
    points = np.array([[shape.part(i).x, shape.part(i).y] for i in range(68)], dtype=np.float64)
    # 68-point numbering (iBUG 300-W): 36-41 the subject's right eye (the image-left one on
    # an upright face), 42-47 the other eye, 30 the nose tip, 48-67 the mouth.
    return {
        "image_left_eye": points[36:42].mean(axis=0),
        "image_right_eye": points[42:48].mean(axis=0),
        "nose_tip": points[30],
        "mouth_centre": points[48:68].mean(axis=0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--onnx", required=True)
    parser.add_argument("--models", required=True, help="face_recognition_models' models/ directory")
    parser.add_argument("--template-out", required=True, help="JSON file for the chip landmark template")
    parser.add_argument("images", nargs="+")
    args = parser.parse_args()

    detector = dlib.get_frontal_face_detector()
    shape5 = dlib.shape_predictor(f"{args.models}/shape_predictor_5_face_landmarks.dat")
    shape68 = dlib.shape_predictor(f"{args.models}/shape_predictor_68_face_landmarks.dat")
    recogniser = dlib.face_recognition_model_v1(f"{args.models}/dlib_face_recognition_resnet_model_v1.dat")
    session = ReferenceEvaluator(onnx.load(args.onnx))

    faces = 0
    failures = 0
    template_points = {}
    for path in args.images:
        image = dlib.load_rgb_image(path)
        for rect in detector(image, 1):
            chip = dlib.get_face_chip(image, shape5(image, rect), size=150, padding=0.25)
            expected = np.array(recogniser.compute_face_descriptor(chip), dtype=np.float32)
            started = time.perf_counter()
            tensor = chip.astype(np.float32).transpose(2, 0, 1)[np.newaxis]
            actual = session.run(None, {"chip": tensor})[0].reshape(-1)
            elapsed = time.perf_counter() - started
            cosine = float(np.dot(expected, actual) / (np.linalg.norm(expected) * np.linalg.norm(actual)))
            max_diff = float(np.max(np.abs(expected - actual)))
            ok = cosine >= MIN_COSINE and max_diff <= MAX_ABS_DIFF
            faces += 1
            failures += 0 if ok else 1
            print(f"{'ok  ' if ok else 'FAIL'} {path} face {faces}: cosine {cosine:.7f}, max |diff| {max_diff:.2e} ({elapsed:.1f} s)")
            for name, point in landmarks_on_chip(shape68, chip).items():
                template_points.setdefault(name, []).append(point)

    if faces == 0:
        print("error: dlib found no face in the test images", file=sys.stderr)
        return 1
    template = {name: [round(float(v), 2) for v in np.mean(points, axis=0)] for name, points in template_points.items()}
    template["chip_size"] = 150
    template["faces"] = faces
    with open(args.template_out, "w") as file:
        json.dump(template, file, indent=2)
    print(f"{faces - failures} of {faces} faces within cosine >= {MIN_COSINE} and max |diff| <= {MAX_ABS_DIFF}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
