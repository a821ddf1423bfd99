# The training container for `git llm finetune` (docs/finetune.md, "The training script"):
# docker/finetune/train.py with TRL's SFTTrainer and PEFT, trained on a dataset folder from
# `git llm finetune dataset`. Build with docker/ as the context:
#
#   docker build -f docker/fine-tuning.Dockerfile -t git-llm-finetune docker
#   podman build -f docker/fine-tuning.Dockerfile -t git-llm-finetune docker
#
# Build arguments:
#   BASE_IMAGE         a PyTorch image (default below: CUDA 12.9 runtime, torch 2.8.0, Python 3.11);
#                      any image with python3 >= 3.11 and its venv module works, with or without torch
#                      (e.g. a plain Debian bookworm with python3-venv: scripts/training-image builds one)
#   WITH_BITSANDBYTES  1 (default) installs requirements-gpu.txt (bitsandbytes, for --method qlora);
#                      0 leaves it out, e.g. for a CPU-only image
#   WHEELS_ONLY        1 (default): when docker/finetune/wheels/ holds wheels, install from them alone
#                      (--no-index); 0: those wheels first, PyPI for the rest
#
# torch: when the base image has it (the CUDA build matching its drivers), it is kept and pinned as a
# constraint; otherwise requirements.txt's torch is installed.
ARG BASE_IMAGE=pytorch/pytorch:2.8.0-cuda12.9-cudnn9-runtime
FROM ${BASE_IMAGE}

ARG WITH_BITSANDBYTES=1
ARG WHEELS_ONLY=1

# (DL3064 reads TOKENIZERS_PARALLELISM as a secret; nothing secret is set here: HF_TOKEN is
# passed at run time and never baked in.)
# hadolint ignore=DL3064
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TOKENIZERS_PARALLELISM=false \
    HF_HOME=/cache/huggingface \
    HF_HUB_DISABLE_TELEMETRY=1

WORKDIR /opt/git-llm-finetune
COPY finetune/requirements.txt finetune/requirements-gpu.txt finetune/requirements-convert.txt finetune/fetch_converters.py ./

# The packages go into a venv, /opt/git-llm-finetune/venv, made with --system-site-packages: a
# PyTorch base image's torch (often a conda Python) stays visible, and a plain Debian/Ubuntu Python
# (PEP 668: no pip into the system Python) works too. The wheelhouse is bind-mounted for this step
# only, so the wheels never become an image layer.
# llama.cpp's GGUF converters (export_gguf.py) go into the venv's llama.cpp/: fetch_converters.py
# extracts them from the llama-cpp-python sdist pinned in requirements-convert.txt, found in the
# wheelhouse (scripts/training-image puts it there) or else downloaded from PyPI.
# (DL3013: every version is pinned in the requirements files passed with -r.)
# hadolint ignore=DL3013
RUN --mount=type=bind,source=finetune/wheels,target=/wheels \
    set -eu; \
    base_python="$(command -v python3 || command -v python || true)"; \
    [ -n "$base_python" ] || { echo "the base image needs python3 (Python 3.11 or newer)" >&2; exit 1; }; \
    "$base_python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "the base image needs Python 3.11 or newer (transformers 5)")'; \
    "$base_python" -m venv --system-site-packages /opt/git-llm-finetune/venv \
      || { echo "python3 -m venv failed: the base image needs the venv module (Debian/Ubuntu: python3-venv)" >&2; exit 1; }; \
    python=/opt/git-llm-finetune/venv/bin/python; \
    if "$python" -c 'import torch' 2>/dev/null; then \
      keep="$("$python" -c 'import torch; print(torch.__version__)')"; \
      echo "keeping the base image's torch $keep"; \
      grep -v '^torch==' requirements.txt > /tmp/requirements.txt; \
      echo "torch==$keep" > /tmp/constraints.txt; \
    else \
      cp requirements.txt /tmp/requirements.txt; \
      : > /tmp/constraints.txt; \
    fi; \
    set -- -r /tmp/requirements.txt -c /tmp/constraints.txt; \
    if [ "$WITH_BITSANDBYTES" = 1 ]; then set -- "$@" -r requirements-gpu.txt; fi; \
    if ls /wheels/*.whl >/dev/null 2>&1; then \
      if [ "$WHEELS_ONLY" = 1 ]; then set -- --no-index "$@"; fi; \
      set -- --find-links /wheels "$@"; \
    fi; \
    "$python" -m pip install --no-cache-dir "$@"; \
    "$python" fetch_converters.py --find /wheels --download /tmp/sdist --extract /opt/git-llm-finetune/venv/llama.cpp; \
    rm -rf /tmp/requirements.txt /tmp/constraints.txt /tmp/sdist; \
    mkdir -p /cache/huggingface /dataset /model /out && chmod 1777 /cache /cache/huggingface /out

ENV PATH=/opt/git-llm-finetune/venv/bin:$PATH

COPY finetune/*.py ./

# GGUF export (docs/finetune.md, "Deploying"), e.g. with the run folder mounted on /out:
#   --entrypoint /opt/git-llm-finetune/venv/bin/python IMAGE /opt/git-llm-finetune/export_gguf.py \
#     --run-folder /out --base-model /model --out /out/adapter.gguf
# The run's folders are mounted by the runner: the dataset read-only, the output read-write, and a
# model cache volume on /cache. Arguments are train.py's (python train.py --help). More than one GPU:
#   --entrypoint accelerate ... launch --multi_gpu --num_processes N /opt/git-llm-finetune/train.py ...
ENTRYPOINT ["/opt/git-llm-finetune/venv/bin/python", "/opt/git-llm-finetune/train.py"]
