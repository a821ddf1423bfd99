"""The model side of evaluate.py: the base model with the adapter on top (PEFT's disable_adapter()
gives the base on the same weights), the split tokenized exactly as training tokenizes it, each
sample's NLL on its loss tokens, and greedy generations."""

import tempfile

import datasets
import torch
import torch.nn.functional as F
from peft import PeftModel
from transformers import GenerationConfig
from trl import SFTConfig, SFTTrainer

import finetune_model
import finetune_run

INDEX = "__eval_index"  # carried through TRL's preparation, which drops records it cannot use


class Models:
    """The tokenizer and the adapted model on one device; `base()` is a context without the adapter."""

    def __init__(self, base: str, adapter: str, chat: bool, log):
        self.prec = finetune_model.precision()
        self.device = torch.device("cuda" if self.prec.cuda else "cpu")
        # The same tokenizer and chat template as training (ChatML when the base has none).
        self.tokenizer = finetune_model.load_tokenizer(base, chat, log)
        self.plain = finetune_model.load_model(base, None, self.prec, gradient_checkpointing=False)
        self.plain.to(self.device).eval()
        self.adapter_path = adapter
        self.model = None

    def attach_adapter(self):
        self.model = PeftModel.from_pretrained(self.plain, self.adapter_path).eval()

    def base(self):
        return self.model.disable_adapter()


def prepare(models: Models, records: list, layout: str, max_length: int) -> list:
    """Each record as training sees it: {index, input_ids, labels}, labels -100 off the loss tokens.
    TRL's own SFTTrainer preparation does it, with training's tokenization settings, so the prompt
    mask and the chat template are training's by construction; records it drops (a prompt that
    fills max_length) are absent."""
    rows = [{**record, INDEX: i} for i, record in enumerate(records)]
    with tempfile.TemporaryDirectory() as scratch:
        config = SFTConfig(output_dir=scratch, report_to="none", use_cpu=not models.prec.cuda,
                           bf16=models.prec.name == "bf16", fp16=models.prec.name == "fp16",
                           dataloader_num_workers=0, disable_tqdm=True,
                           **finetune_run.tokenization(layout, max_length))
        trainer = SFTTrainer(model=models.plain, args=config, processing_class=models.tokenizer,
                             train_dataset=datasets.Dataset.from_list(rows))
        prepared = trainer.train_dataset
    return [{"index": row[INDEX], "input_ids": row["input_ids"], "labels": row["labels"]} for row in prepared]


def answer_start(labels: list) -> int:
    """Where the last run of loss tokens (the answer to generate) begins."""
    end = max(i for i, label in enumerate(labels) if label != -100)
    start = end
    while start > 0 and labels[start - 1] != -100:
        start -= 1
    return start


@torch.no_grad()
def nll(model, sample: dict, device) -> tuple[float, int]:
    """The summed negative log-likelihood of the sample's loss tokens and how many there are (each
    token is predicted from those before it, so the first position is never scored)."""
    ids = torch.tensor([sample["input_ids"]], device=device)
    target = torch.tensor([sample["labels"][1:]], device=device)
    logits = model(input_ids=ids).logits[:, :-1].float()
    loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), target.reshape(-1), ignore_index=-100,
                           reduction="sum")
    return loss.item(), int((target != -100).sum())


def generation_config(models: Models, max_new_tokens: int) -> GenerationConfig:
    """Greedy, bounded; stops at the tokenizer's end token or the model's own."""
    stops = {models.tokenizer.eos_token_id}
    own = models.plain.generation_config.eos_token_id
    stops.update(own if isinstance(own, list) else [own])
    stops.discard(None)
    return GenerationConfig(max_new_tokens=max_new_tokens, do_sample=False, num_beams=1,
                            eos_token_id=sorted(stops), pad_token_id=models.tokenizer.pad_token_id)


@torch.no_grad()
def generate(model, models: Models, sample: dict, config: GenerationConfig) -> tuple[str, int]:
    """The answer generated after the sample's prompt (its tokens before the answer), and its length."""
    prompt = sample["input_ids"][:answer_start(sample["labels"])]
    ids = torch.tensor([prompt], device=models.device)
    out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), generation_config=config)
    new = out[0, ids.shape[1]:]
    return models.tokenizer.decode(new, skip_special_tokens=True), int(new.numel())
