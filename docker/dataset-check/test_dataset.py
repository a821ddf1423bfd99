"""The files `git llm finetune dataset` writes, read the way training code reads them:
Hugging Face `datasets`, a tokenizer's chat template, and TRL's SFTTrainer for one step on a tiny
random Llama on CPU. Nothing is downloaded: the tokenizer is trained on the dataset itself."""

import json
from pathlib import Path

import pytest

from conftest import FORMATS, SPLITS

FIELDS = {
    "chat": {"messages"},
    "alpaca": {"instruction", "input", "output"},
    "completion": {"prompt", "completion"},
}

# ChatML, with {% generation %} around the assistant's turn so that assistant-only loss works.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if message['role'] == 'assistant' %}"
    "{{ '<|im_start|>assistant\\n' }}{% generation %}{{ message['content'] + '<|im_end|>' }}{% endgeneration %}{{ '\\n' }}"
    "{% else %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


def records(folder: Path, split: str) -> list:
    path = folder / f"{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def data_files(folder: Path) -> dict:
    """The non-empty splits, as `datasets` wants them (an empty JSON file has no columns)."""
    names = {"train": "train", "valid": "validation", "test": "test"}
    return {names[s]: str(folder / f"{s}.jsonl") for s in SPLITS if (folder / f"{s}.jsonl").stat().st_size > 0}


def each_format(datasets_by_format):
    return sorted(datasets_by_format.items())


def test_every_file_is_written(datasets_by_format):
    for fmt, folder in each_format(datasets_by_format):
        for name in ("train.jsonl", "valid.jsonl", "test.jsonl", "datasheet.json"):
            assert (folder / name).is_file(), f"{fmt}: {name} is missing"
        leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix in (".tmp", ".partial")]
        assert not leftovers, f"{fmt}: temporary files left behind: {leftovers}"
        assert records(folder, "train"), f"{fmt}: train.jsonl is empty"


def test_lines_are_json_objects_with_the_format_fields(datasets_by_format):
    for fmt, folder in each_format(datasets_by_format):
        assert fmt in FIELDS, f"unrecognised record layout in {folder}"
        for split in SPLITS:
            for i, record in enumerate(records(folder, split)):
                where = f"{fmt} {split}.jsonl line {i + 1}"
                assert isinstance(record, dict), where
                assert FIELDS[fmt] <= set(record), f"{where}: keys {sorted(record)}"
                if fmt == "chat":
                    messages = record["messages"]
                    roles = [m["role"] for m in messages]
                    assert roles[-1] == "assistant" and "user" in roles, f"{where}: roles {roles}"
                    assert set(roles) <= {"system", "user", "assistant"}, f"{where}: roles {roles}"
                    for m in messages:
                        assert set(m) == {"role", "content"}, f"{where}: message keys {sorted(m)}"
                        assert isinstance(m["content"], str) and m["content"].strip(), f"{where}: empty {m['role']}"
                else:
                    for key in FIELDS[fmt]:
                        assert isinstance(record[key], str), f"{where}: {key} is not a string"
                    answer = record["output" if fmt == "alpaca" else "completion"]
                    assert answer.strip(), f"{where}: empty answer"


def test_datasheet_agrees_with_the_files(datasets_by_format):
    for fmt, folder in each_format(datasets_by_format):
        sheet = json.loads((folder / "datasheet.json").read_text(encoding="utf-8"))
        assert isinstance(sheet, dict)
        split = sheet.get("split")
        if not isinstance(split, dict):
            pytest.fail(f"{fmt}: datasheet.json has no split section: {sorted(sheet)}")
        for name in SPLITS:
            if name in split and "pairs" in split[name]:
                assert split[name]["pairs"] == len(records(folder, name)), f"{fmt}: datasheet counts {name} wrong"
        # Split by time: training data never comes after validation or test data.
        order = [split.get(n, {}) for n in SPLITS]
        dates = [(b.get("firstDate"), b.get("lastDate")) for b in order]
        for (a_first, a_last), (b_first, b_last) in zip(dates, dates[1:]):
            if a_last and b_first:
                assert a_last <= b_first, f"{fmt}: split out of time order: {dates}"


def test_formats_hold_the_same_pairs(datasets_by_format):
    if not {"chat", "alpaca", "completion"} <= set(datasets_by_format):
        pytest.skip("needs all three formats of one harvest")
    for split in SPLITS:
        chat = records(datasets_by_format["chat"], split)
        alpaca = records(datasets_by_format["alpaca"], split)
        completion = records(datasets_by_format["completion"], split)
        assert len(chat) == len(alpaca) == len(completion), f"{split}: counts differ between formats"
        for c, a, p in zip(chat, alpaca, completion):
            assistant = c["messages"][-1]["content"]
            user = next(m["content"] for m in c["messages"] if m["role"] == "user")
            assert a["output"] == assistant and p["completion"] == assistant
            assert user in a["input"] + a["instruction"] and user in p["prompt"]


def test_loads_with_datasets(datasets_by_format):
    from datasets import load_dataset

    for fmt, folder in each_format(datasets_by_format):
        files = data_files(folder)
        loaded = load_dataset("json", data_files=files)
        for split, path in files.items():
            want = sum(1 for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip())
            assert loaded[split].num_rows == want, f"{fmt} {split}: {loaded[split].num_rows} rows, {want} lines"
            assert FIELDS[fmt] <= set(loaded[split].column_names)


def tiny_tokenizer(texts):
    """A byte-level BPE tokenizer trained on the dataset, with a ChatML chat template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    specials = ["<|pad|>", "<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    core = Tokenizer(models.BPE())
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    core.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=512, special_tokens=specials,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    core.train_from_iterator(texts, trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=core, pad_token="<|pad|>", eos_token="<|im_end|>",
                                        bos_token="<|endoftext|>", unk_token=None)
    tokenizer.chat_template = CHAT_TEMPLATE
    return tokenizer


def chat_texts(folder):
    for split in SPLITS:
        for record in records(folder, split):
            for m in record["messages"]:
                yield m["content"]


def test_chat_template_renders_every_record(chat_dir):
    tokenizer = tiny_tokenizer(chat_texts(chat_dir))
    for split in SPLITS:
        for record in records(chat_dir, split):
            text = tokenizer.apply_chat_template(record["messages"], tokenize=False)
            assert record["messages"][-1]["content"] in text
            encoded = tokenizer.apply_chat_template(record["messages"], tokenize=True, return_dict=True,
                                                    return_assistant_tokens_mask=True)
            ids, mask = encoded["input_ids"], encoded["assistant_masks"]
            assert len(ids) == len(mask) > 0
            assert any(mask), "the assistant's turn must be marked for assistant-only loss"
            assert tokenizer.decode([t for t, m in zip(ids, mask) if m]).startswith(
                record["messages"][-1]["content"][:20])


def tiny_model(tokenizer):
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                         num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=2048,
                         pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                         bos_token_id=tokenizer.bos_token_id)
    return LlamaForCausalLM(config)


@pytest.mark.parametrize("fmt", ["chat", "completion"])
def test_sft_trainer_takes_one_step(datasets_by_format, tmp_path, fmt):
    """TRL's own data preparation (chat template, tokenizing, masks) and one optimizer step."""
    if fmt not in datasets_by_format:
        pytest.skip(f"no {fmt}-format dataset to check")
    import torch
    from datasets import load_dataset
    from trl import SFTConfig, SFTTrainer

    folder = datasets_by_format[fmt]
    texts = list(chat_texts(datasets_by_format["chat"])) if "chat" in datasets_by_format else [
        r["prompt"] + r["completion"] for s in SPLITS for r in records(folder, s)]
    tokenizer = tiny_tokenizer(texts)
    torch.manual_seed(0)
    dataset = load_dataset("json", data_files=data_files(folder))
    args = SFTConfig(
        output_dir=str(tmp_path), max_steps=1, per_device_train_batch_size=2, learning_rate=1e-3,
        max_length=1024, report_to=[], save_strategy="no", logging_steps=1, use_cpu=True,
        dataloader_num_workers=0, assistant_only_loss=(fmt == "chat"), seed=0)
    trainer = SFTTrainer(model=tiny_model(tokenizer), args=args, train_dataset=dataset["train"],
                         processing_class=tokenizer)
    prepared = trainer.train_dataset
    assert "input_ids" in prepared.column_names and prepared.num_rows > 0
    # Only the answer is trained on: the assistant's turn (chat, assistant_only_loss) or the
    # completion. TRL marks it with a mask column or, in newer versions, with -100 labels.
    row = prepared[0]
    if "labels" in row:
        trained = [label != -100 for label in row["labels"]]
    else:
        trained = row.get("assistant_masks") or row.get("completion_mask")
    assert trained is not None, f"no loss mask among {prepared.column_names}"
    assert any(trained) and not all(trained), "the prompt must be masked out and the answer kept"
    result = trainer.train()
    assert result.global_step == 1
    assert result.training_loss == result.training_loss  # not NaN
