"""Checks docker/test-llm/make_tiny_model.py: run with `python -m pytest docker/test-llm`.

Needs gguf, tokenizers and numpy; the last test also needs llama_cpp and is skipped without it.
"""
from __future__ import annotations

import hashlib
import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import gguf  # noqa: E402
import make_tiny_model as tiny  # noqa: E402


@pytest.fixture(scope="module")
def model_path(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("model") / "tiny.gguf")
    tiny.write_model(path)
    return path


@pytest.fixture(scope="module")
def reader(model_path) -> gguf.GGUFReader:
    return gguf.GGUFReader(model_path)


def field_value(reader: gguf.GGUFReader, key: str):
    return reader.fields[key].contents()


def test_architecture_and_hyperparameters(reader):
    assert field_value(reader, "general.architecture") == "llama"
    assert field_value(reader, "general.name") == tiny.MODEL_NAME
    assert field_value(reader, "llama.block_count") == tiny.N_LAYER
    assert field_value(reader, "llama.embedding_length") == tiny.N_EMBD
    assert field_value(reader, "llama.attention.head_count") == tiny.N_HEAD
    assert field_value(reader, "llama.attention.head_count_kv") == tiny.N_HEAD_KV
    assert field_value(reader, "llama.feed_forward_length") == tiny.N_FF
    assert field_value(reader, "llama.context_length") == 4096


def test_tensors(reader):
    shapes = {t.name: tuple(int(d) for d in t.shape) for t in reader.tensors}
    n_vocab = len(field_value(reader, "tokenizer.ggml.tokens"))
    expected = {
        "token_embd.weight": (tiny.N_EMBD, n_vocab),
        "output_norm.weight": (tiny.N_EMBD,),
        "output.weight": (tiny.N_EMBD, n_vocab),
    }
    for layer in range(tiny.N_LAYER):
        expected |= {
            f"blk.{layer}.attn_norm.weight": (tiny.N_EMBD,),
            f"blk.{layer}.attn_q.weight": (tiny.N_EMBD, tiny.N_EMBD),
            f"blk.{layer}.attn_k.weight": (tiny.N_EMBD, tiny.N_EMBD),
            f"blk.{layer}.attn_v.weight": (tiny.N_EMBD, tiny.N_EMBD),
            f"blk.{layer}.attn_output.weight": (tiny.N_EMBD, tiny.N_EMBD),
            f"blk.{layer}.ffn_norm.weight": (tiny.N_EMBD,),
            f"blk.{layer}.ffn_gate.weight": (tiny.N_EMBD, tiny.N_FF),
            f"blk.{layer}.ffn_up.weight": (tiny.N_EMBD, tiny.N_FF),
            f"blk.{layer}.ffn_down.weight": (tiny.N_FF, tiny.N_EMBD),
        }
    assert shapes == expected  # GGUF lists dimensions innermost first
    for t in reader.tensors:
        assert t.tensor_type == gguf.GGMLQuantizationType.F32
        assert np.isfinite(t.data).all()


def test_vocabulary(reader):
    tokens = field_value(reader, "tokenizer.ggml.tokens")
    types = field_value(reader, "tokenizer.ggml.token_type")
    merges = field_value(reader, "tokenizer.ggml.merges")
    assert field_value(reader, "tokenizer.ggml.model") == "gpt2"
    assert field_value(reader, "tokenizer.ggml.pre") == "gpt-2"
    assert 300 <= len(tokens) <= 2048 and len(tokens) == len(types)
    assert len(set(tokens)) == len(tokens)
    # Byte-level BPE: all 256 byte stand-ins are there, so any text can be encoded.
    from tokenizers import pre_tokenizers

    assert set(pre_tokenizers.ByteLevel.alphabet()) <= set(tokens)
    assert len(merges) > 100 and all(len(m.split(" ")) == 2 for m in merges)
    for special in tiny.SPECIAL_TOKENS:
        assert types[tokens.index(special)] == int(gguf.TokenType.CONTROL)
    assert tokens[field_value(reader, "tokenizer.ggml.bos_token_id")] == tiny.BOS
    assert tokens[field_value(reader, "tokenizer.ggml.eos_token_id")] == tiny.IM_END
    assert field_value(reader, "tokenizer.ggml.add_bos_token") is False
    template = field_value(reader, "tokenizer.chat_template")
    assert "<|im_start|>" in template and "add_generation_prompt" in template


def test_chat_template_renders_chatml():
    import jinja2

    template = jinja2.Environment().from_string(tiny.CHAT_TEMPLATE)
    text = template.render(
        messages=[
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "Hi"}]},
            {"role": "assistant", "content": None},
        ],
        add_generation_prompt=True,
    )
    assert text == (
        "<|im_start|>system\nBe brief.<|im_end|>\n"
        "<|im_start|>user\nHi<|im_end|>\n"
        "<|im_start|>assistant\n<|im_end|>\n"
        "<|im_start|>assistant\n"
    )


def test_deterministic(model_path, tmp_path):
    again = str(tmp_path / "again.gguf")
    tiny.write_model(again)
    digest = lambda p: hashlib.sha256(open(p, "rb").read()).hexdigest()  # noqa: E731
    assert digest(again) == digest(model_path)


def test_loads_in_llama_cpp(model_path):
    llama_cpp = pytest.importorskip("llama_cpp")
    llm = llama_cpp.Llama(model_path=model_path, n_ctx=512, n_threads=2, verbose=False, seed=1)
    # The first generated token is never EOS nor half a UTF-8 character (make_tiny_model.py says
    # why), so max_tokens 1 always ends with "length"; longer replies end by themselves.
    for i in range(10):
        messages = [{"role": "user", "content": f"Write commit message number {i}."}]
        reply = llm.create_chat_completion(messages=messages, max_tokens=1, temperature=1.0)
        assert reply["choices"][0]["finish_reason"] == "length"
        assert reply["usage"]["completion_tokens"] == 1
        reply = llm.create_chat_completion(messages=messages, max_tokens=2000, temperature=1.0)
        assert reply["choices"][0]["finish_reason"] == "stop"
        assert reply["choices"][0]["message"]["content"].isascii()
    tokens = llm.tokenize(b"<|im_start|>user\nHello world.<|im_end|>", add_bos=False, special=True)
    ids = {t: i for i, t in enumerate(tiny.vocabulary(tiny.train_tokenizer(tiny.DEFAULT_VOCAB))[0])}
    assert tokens[0] == ids[tiny.IM_START] and tokens[-1] == ids[tiny.IM_END]
    assert llm.detokenize(tokens[1:-1]) == b"user\nHello world."
