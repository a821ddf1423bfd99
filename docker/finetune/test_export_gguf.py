"""export_gguf.py for real on the CPU: a tiny adapter trained here, converted with llama.cpp's own
converters (the venv's llama.cpp/, from the pinned llama-cpp-python sdist), then loaded by
llama-cpp-python: the adapter must change the base's answer, and the merged model must answer as
base + adapter do. llama-cpp-python lives in the test LLM server's venv (scripts/test-llm-server),
run as a subprocess: GIT_LLM_TEST_LLAMA_CPP_PYTHON, else GIT_LLM_TEST_VENV/bin/python, else
~/.cache/git-llm/test-venv/bin/python. Without it those tests are skipped, except under CI=true,
where they fail."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from make_tiny_model import ANSWER, SYSTEM, pair
from test_train import base_model, common_args, write_dataset  # noqa: F401  (base_model is a fixture)

HERE = Path(__file__).resolve().parent
EXPORT = HERE / "export_gguf.py"
ROOT = HERE.parents[1]

# Greedy, one thread, a fixed seed: the same file answers the same every time.
ANSWERS = r"""
import json, sys
from llama_cpp import Llama
prompt, models = sys.argv[1], json.loads(sys.argv[2])
answers = {}
for name, kwargs in models.items():
    llm = Llama(n_ctx=512, n_threads=1, seed=0, verbose=False, **kwargs)
    answers[name] = llm(prompt, max_tokens=16, temperature=0.0, seed=0)["choices"][0]["text"]
print(json.dumps(answers))
"""


def converters() -> Path:
    folder = Path(os.environ.get("GIT_LLM_LLAMA_CPP") or Path(sys.prefix) / "llama.cpp")
    if not (folder / "convert_hf_to_gguf.py").is_file():
        pytest.fail(f"llama.cpp's converters are not in {folder}: run docker/finetune/ensure-venv")
    return folder


def export(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(EXPORT), *map(str, args)], capture_output=True, text=True, timeout=600)


def gguf_fields(path: Path) -> tuple[dict, list]:
    """The file's metadata (strings and numbers) and its tensor names, read with the converters' gguf-py."""
    sys.path.insert(0, str(converters() / "gguf-py"))
    from gguf import GGUFReader

    reader = GGUFReader(path)
    fields = {}
    for name, field in reader.fields.items():
        if name.startswith(("general.", "adapter.")) and field.types and len(field.data) == 1:
            value = field.parts[field.data[0]]
            fields[name] = bytes(value).decode() if field.types[0].name == "STRING" else value.tolist()[0]
    return fields, [t.name for t in reader.tensors]


def llama_cpp_python() -> str:
    given = os.environ.get("GIT_LLM_TEST_LLAMA_CPP_PYTHON")
    venv = Path(os.environ.get("GIT_LLM_TEST_VENV") or Path.home() / ".cache" / "git-llm" / "test-venv")
    python = given or str(venv / "bin" / "python")
    usable = Path(python).is_file() and subprocess.run([python, "-c", "import llama_cpp"],
                                                       capture_output=True).returncode == 0
    if not usable:
        message = f"no llama-cpp-python at {python} (scripts/test-llm-server install makes that venv)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return python


def chatml_prompt() -> str:
    """A diff the adapter never saw, in the ChatML layout train.py trains with."""
    _, user, _ = pair(999)
    return (f"<|im_start|>system\n{SYSTEM}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n"
            "<|im_start|>assistant\n")


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory, base_model) -> Path:  # noqa: F811
    """A run trained hard on one answer (high learning rate, no dropout), so the adapter shows."""
    import train

    root = tmp_path_factory.mktemp("gguf-run")
    dataset = write_dataset(root / "dataset", "chat")
    args = common_args(dataset, base_model, root / "run", "--max-steps", "30", "--learning-rate", "2e-2",
                       "--lora-dropout", "0")
    assert train.main(args) == 0
    return root / "run"


@pytest.fixture(scope="module")
def ggufs(tmp_path_factory, base_model, run_folder) -> dict:  # noqa: F811
    """The adapter and its base (--base-out), and the merged model, all f32."""
    out = tmp_path_factory.mktemp("gguf")
    files = {"adapter": out / "nested" / "adapter.gguf", "base": out / "base" / "base.gguf",
             "merged": out / "nested" / "merged.gguf"}
    for extra in (("--out", files["adapter"], "--base-out", files["base"]), ("--out", files["merged"], "--merge")):
        done = export("--run-folder", run_folder, "--base-model", base_model, "--outtype", "f32", *extra)
        assert done.returncode == 0, done.stderr[-4000:]
        assert done.stdout.splitlines() == [str(f) for f in extra[1::2]], "the written paths, alone, on stdout"
    assert not list(out.glob("*/.export-gguf-*")), "the work folder is removed"
    return files


def test_the_adapter_is_a_gguf_lora_for_llama(ggufs):
    fields, tensors = gguf_fields(ggufs["adapter"])
    assert fields["general.type"] == "adapter"
    assert fields["adapter.type"] == "lora"
    assert fields["general.architecture"] == "llama"
    assert fields["adapter.lora.alpha"] == 32.0
    # q, k, v and o of the one layer, each as its A and B matrices.
    assert sorted(tensors) == sorted(f"blk.0.attn_{m}.weight.lora_{ab}" for m in ("q", "k", "v", "output")
                                     for ab in ("a", "b"))


def test_the_merged_model_is_a_whole_llama(ggufs):
    fields, tensors = gguf_fields(ggufs["merged"])
    assert fields["general.architecture"] == "llama"
    assert fields.get("general.type", "model") == "model"
    assert "token_embd.weight" in tensors and not any(".lora_" in t for t in tensors)
    assert ggufs["merged"].stat().st_size > 5 * ggufs["adapter"].stat().st_size


def test_llama_cpp_answers_differently_with_the_adapter_and_the_merge_agrees(ggufs):
    models = {"base": {"model_path": str(ggufs["base"])},
              "adapter": {"model_path": str(ggufs["base"]), "lora_path": str(ggufs["adapter"])},
              "merged": {"model_path": str(ggufs["merged"])}}
    done = subprocess.run([llama_cpp_python(), "-c", ANSWERS, chatml_prompt(), json.dumps(models)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-4000:]
    answers = json.loads(done.stdout.strip().splitlines()[-1])
    assert answers["adapter"] != answers["base"], answers
    assert ANSWER in answers["adapter"], f"the trained answer, from base.gguf + adapter.gguf: {answers}"
    assert ANSWER not in answers["base"], answers
    assert answers["merged"] == answers["adapter"], answers


def one_line_error(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("export_gguf: "), done.stderr
    return lines[0]


def test_a_missing_adapter_is_one_line_exit_2(tmp_path, base_model):  # noqa: F811
    line = one_line_error(export("--run-folder", tmp_path / "no-run", "--base-model", base_model,
                                 "--out", tmp_path / "a.gguf"))
    assert "no adapter in" in line and "adapter_model.safetensors" in line
    assert not (tmp_path / "a.gguf").exists()


def test_merge_onto_a_missing_base_is_one_line_exit_2(tmp_path, run_folder):
    line = one_line_error(export("--run-folder", run_folder, "--base-model", tmp_path / "no-base",
                                 "--out", tmp_path / "m.gguf", "--merge"))
    assert "no-base" in line and "no such folder" in line


def test_a_hub_id_not_in_the_cache_is_one_line_exit_2(tmp_path, run_folder, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    line = one_line_error(export("--run-folder", run_folder, "--base-model", "git-llm-test/no-such-model",
                                 "--out", tmp_path / "m.gguf"))
    assert "git-llm-test/no-such-model" in line and "Hugging Face cache" in line


def test_an_architecture_llama_cpp_does_not_know_is_named(tmp_path, base_model, run_folder):  # noqa: F811
    base = tmp_path / "odd-base"
    base.mkdir()
    config = json.loads((base_model / "config.json").read_text(encoding="utf-8"))
    (base / "config.json").write_text(json.dumps({**config, "architectures": ["NoSuchForCausalLM"]}), encoding="utf-8")
    line = one_line_error(export("--run-folder", run_folder / "adapter", "--base-model", base,
                                 "--out", tmp_path / "a.gguf"))
    assert "NoSuchForCausalLM" in line and "--merge" in line


def test_the_base_is_a_whole_llama_too(ggufs):
    fields, tensors = gguf_fields(ggufs["base"])
    assert fields["general.architecture"] == "llama" and "token_embd.weight" in tensors


def test_base_out_is_not_for_merge(tmp_path, base_model, run_folder):  # noqa: F811
    line = one_line_error(export("--run-folder", run_folder, "--base-model", base_model, "--out", tmp_path / "m.gguf",
                                 "--merge", "--base-out", tmp_path / "b.gguf"))
    assert "--base-out" in line


def test_out_may_not_be_a_folder(tmp_path, base_model, run_folder):  # noqa: F811
    line = one_line_error(export("--run-folder", run_folder, "--base-model", base_model, "--out", tmp_path))
    assert "is a folder" in line


def test_the_converters_pin_is_the_test_servers_llama_cpp_python():
    pinned = re.search(r"^llama-cpp-python==(\S+)", (HERE / "requirements-convert.txt").read_text(), re.M)
    served = re.search(r"^llama-cpp-python\[server\]==(\S+)", (ROOT / "docker/test-llm/requirements.txt").read_text(),
                       re.M)
    assert pinned and served and pinned.group(1) == served.group(1)
    assert (converters() / "SOURCE").read_text().startswith(f"llama-cpp-python=={pinned.group(1)} ")


def test_fetch_converters_refuses_an_sdist_that_is_not_the_pinned_one(tmp_path):
    version = re.search(r"^llama-cpp-python==(\S+)", (HERE / "requirements-convert.txt").read_text(), re.M).group(1)
    (tmp_path / f"llama_cpp_python-{version}.tar.gz").write_bytes(b"not the sdist")
    env = {k: v for k, v in os.environ.items() if k != "PIP_FIND_LINKS"}
    done = subprocess.run([sys.executable, str(HERE / "fetch_converters.py"), "--find", str(tmp_path), "--extract",
                           str(tmp_path / "out")], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2 and "not the pinned sdist" in done.stderr, done.stderr
    assert not (tmp_path / "out").exists()
    done = subprocess.run([sys.executable, str(HERE / "fetch_converters.py"), "--find", str(tmp_path / "empty")],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2 and "is not in" in done.stderr, done.stderr
