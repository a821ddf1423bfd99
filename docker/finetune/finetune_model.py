"""The base model, its tokenizer and the LoRA configuration: QLoRA's 4-bit NF4 base on a CUDA GPU,
plain LoRA anywhere else (with a line in the log saying why)."""

import importlib.util
import os
from dataclasses import dataclass

import torch
from peft import LoraConfig, prepare_model_for_kbit_training
from transformers import AutoModelForCausalLM, AutoTokenizer

QKVO = ["q_proj", "k_proj", "v_proj", "o_proj"]

# ChatML with {% generation %} markers, for a base model whose tokenizer has no chat template.
CHATML = (
    "{% for message in messages %}"
    "{% if message['role'] == 'assistant' %}"
    "{{ '<|im_start|>assistant\\n' }}{% generation %}{{ message['content'] + '<|im_end|>' }}{% endgeneration %}"
    "{{ '\\n' }}"
    "{% else %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


@dataclass
class Precision:
    name: str  # "bf16", "fp16" or "fp32"
    dtype: torch.dtype
    cuda: bool


def precision() -> Precision:
    if not torch.cuda.is_available():
        return Precision("fp32", torch.float32, cuda=False)
    if torch.cuda.is_bf16_supported():
        return Precision("bf16", torch.bfloat16, cuda=True)
    return Precision("fp16", torch.float16, cuda=True)


def lora_config(args) -> LoraConfig:
    if args.target == "all-linear":
        targets = "all-linear"
    else:
        targets = [name.strip() for name in args.target.split(",") if name.strip()]
    return LoraConfig(r=args.lora_r, lora_alpha=args.lora_alpha, lora_dropout=args.lora_dropout,
                      target_modules=targets, bias="none", task_type="CAUSAL_LM")


def quantization(args, prec: Precision, log):
    """QLoRA's BitsAndBytesConfig, or None with the reason logged when it cannot apply here."""
    if args.method != "qlora":
        return None
    if not prec.cuda:
        log("method qlora needs a CUDA GPU and none is visible: training plain LoRA on the CPU instead")
        return None
    if importlib.util.find_spec("bitsandbytes") is None:  # only in the GPU image: requirements-gpu.txt
        log("method qlora needs bitsandbytes (requirements-gpu.txt), which is not installed: training plain LoRA")
        return None
    from transformers import BitsAndBytesConfig

    if prec.dtype != torch.bfloat16:
        log("this GPU has no bf16: QLoRA computes in fp16")
    return BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                              bnb_4bit_compute_dtype=prec.dtype)


def load_tokenizer(base: str, needs_chat_template: bool, log):
    tokenizer = AutoTokenizer.from_pretrained(base)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    if needs_chat_template and not tokenizer.chat_template:
        # Saved with the adapter's tokenizer files, so inference renders prompts the same way.
        log(f"{base} has no chat template: using ChatML")
        tokenizer.chat_template = CHATML
    return tokenizer


def load_model(base: str, quant, prec: Precision, gradient_checkpointing: bool):
    kwargs = {"dtype": prec.dtype}
    if quant is not None:
        kwargs["quantization_config"] = quant
        # One whole model per process (accelerate launch sets LOCAL_RANK for each GPU).
        kwargs["device_map"] = {"": int(os.environ.get("LOCAL_RANK", "0"))}
    model = AutoModelForCausalLM.from_pretrained(base, **kwargs)
    if quant is not None:
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=gradient_checkpointing,
                                                gradient_checkpointing_kwargs={"use_reentrant": False})
    return model
