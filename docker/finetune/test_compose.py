"""docker/compose.yaml as Compose reads it: the services, the training profile, the GPU reservation,
the mounts, the build that matches docker/fine-tuning.Dockerfile, and no secret in the file. With
podman-compose installed (requirements-test.txt) and podman present, `podman-compose config` parses
it too. No container is started: that needs a registry and a GPU."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

DOCKER = Path(__file__).resolve().parents[1]
COMPOSE = DOCKER / "compose.yaml"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def training(compose) -> dict:
    return compose["services"]["fine-tuning"]


def dockerfile_args(path: Path) -> dict:
    """ARG NAME[=default] lines, as the Dockerfile declares them."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := re.fullmatch(r"ARG\s+(\w+)(?:=(\S*))?\s*", line):
            found[m.group(1)] = m.group(2)
    return found


def interpolation_default(value: str) -> tuple[str, str]:
    """`${NAME:-default}` -> (NAME, default)."""
    m = re.fullmatch(r"\$\{(\w+):-([^}]*)\}", value)
    assert m, f"{value!r} is not ${{NAME:-default}}"
    return m.group(1), m.group(2)


def test_the_services(compose):
    assert set(compose["services"]) == {"ollama", "fine-tuning"}
    assert set(compose["volumes"]) >= {"ollama-models", "hf-cache"}


def test_ollama(compose):
    ollama = compose["services"]["ollama"]
    assert ollama["image"].split(":")[0] == "ollama/ollama"
    assert ollama["ports"] == ["11434:11434"]
    assert ollama["volumes"] == ["ollama-models:/root/.ollama"], "a named volume keeps the pulled models"
    assert ollama["restart"] == "unless-stopped"
    assert "profiles" not in ollama, "`up -d ollama` needs no profile"


def test_training_is_behind_its_profile(training):
    assert training["profiles"] == ["training"]


def test_the_gpu_reservation(training):
    devices = training["deploy"]["resources"]["reservations"]["devices"]
    assert devices == [{"driver": "nvidia", "count": "all", "capabilities": ["gpu"]}]


def test_the_mounts(training):
    volumes = training["volumes"]
    dataset = [v for v in volumes if ":/dataset" in v]
    assert dataset == ["${DATASET:-../.git/llm/dataset}:/dataset:ro"], "the dataset is mounted read-only"
    assert "${OUTPUT:-./out}:/out" in volumes
    assert "hf-cache:/cache" in volumes, "the Hugging Face cache (HF_HOME=/cache/huggingface) is a volume"
    assert not [v for v in volumes if v.endswith(":/out:ro")]


def test_hf_token_is_passed_by_name_only(training):
    assert training["environment"] == ["HF_TOKEN"]
    text = COMPOSE.read_text(encoding="utf-8")
    assert not re.search(r"hf_[A-Za-z0-9]{20,}", text), "a literal token in compose.yaml"
    assert not re.search(r"HF_TOKEN\s*[:=]\s*\S", text.replace("HF_TOKEN=...", "")), "HF_TOKEN has a value"


def test_the_build_matches_the_dockerfile(training):
    build = training["build"]
    dockerfile = COMPOSE.parent / build["context"] / build["dockerfile"]
    assert dockerfile.resolve() == (DOCKER / "fine-tuning.Dockerfile").resolve() and dockerfile.is_file()
    declared = dockerfile_args(dockerfile)
    undeclared = set(build["args"]) - set(declared)
    assert not undeclared, f"build args the Dockerfile does not declare: {undeclared}"
    assert "BASE_IMAGE" in build["args"]
    for name, value in build["args"].items():
        variable, default = interpolation_default(value)
        assert variable == name, f"{name} is overridden by ${variable}"
        assert default == declared[name], f"{name}: compose says {default}, the Dockerfile {declared[name]}"


def test_the_default_command_is_train_py_arguments(training):
    command = training["command"]
    pairs = dict(zip(command[::2], command[1::2]))
    assert pairs["--dataset"] == "/dataset" and pairs["--output"] == "/out"
    assert interpolation_default(pairs["--base-model"])[0] == "BASE_MODEL"
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import train

    args = train.parser().parse_args([interpolation_default(a)[1] if a.startswith("${") else a for a in command])
    assert str(args.dataset) == "/dataset" and args.base_model == "Qwen/Qwen2.5-Coder-1.5B-Instruct"


def podman_compose() -> list:
    try:
        import podman_compose  # noqa: F401
    except ImportError:
        pytest.skip("podman-compose is not installed (requirements-test.txt)")
    if shutil.which("podman") is None:
        pytest.skip("podman-compose needs podman, which is not installed")
    return [sys.executable, "-m", "podman_compose"]


@pytest.mark.parametrize("profile", [[], ["--profile", "training"]], ids=["default", "training"])
def test_podman_compose_reads_it(profile, tmp_path):
    command = [*podman_compose(), "-f", str(COMPOSE), *profile, "config"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DATASET": "/data/set"})
    assert done.returncode == 0, done.stderr
    services = yaml.safe_load(done.stdout)["services"]
    if profile:
        assert set(services) == {"ollama", "fine-tuning"}
        assert "/data/set:/dataset:ro" in services["fine-tuning"]["volumes"]
        assert services["fine-tuning"]["command"][-1] == "Qwen/Qwen2.5-Coder-1.5B-Instruct"
    else:
        assert set(services) == {"ollama"}, "fine-tuning starts only with --profile training"
