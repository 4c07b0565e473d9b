#!/usr/bin/env python3
"""PyTorch reference of selfsup's masked language model (text plugin, task mlm): the same pre-LayerNorm
transformer over token ids (learned token and position embeddings, padding kept out of attention), BERT's
prediction head on the masked positions only, the same masking (replayed from the task's java.util.Random),
AdamW and gradient clipping.

  mlm.py check DIR            load `selfsup bench --export-reference DIR` of a text-mlm recipe, compute the loss, one
                              clipped AdamW step and the loss again on the same weights, tokens and masking; compare
                              with selfsup's numbers (exit 1 on a mismatch)
  mlm.py bench DIR [options]  time training steps of the same model and batch; prints one JSON line
"""
import torch
import torch.nn.functional as F
from torch import nn

import common
from mae import Stack

SPECIAL_TOKENS = 5  # [PAD] [UNK] [CLS] [SEP] [MASK]: ids 0-4, random replacements are drawn above them
MASK_ID = 4


class JavaRandom:
    """java.util.Random, bit for bit: the stream selfsup's task drew its masking from."""

    MULTIPLIER = 0x5DEECE66D
    MASK = (1 << 48) - 1

    def __init__(self, seed):
        self.seed = (seed ^ self.MULTIPLIER) & self.MASK

    def next(self, bits):
        self.seed = (self.seed * self.MULTIPLIER + 0xB) & self.MASK
        value = self.seed >> (48 - bits)
        return value - (1 << bits) if bits == 32 and value >= 1 << 31 else value

    def next_int(self, bound):
        if bound & -bound == bound:
            return (bound * self.next(31)) >> 31
        while True:
            bits = self.next(31)
            value = bits % bound
            if bits - value + (bound - 1) < (1 << 31):
                return value

    def next_double(self):
        return ((self.next(26) << 27) + self.next(27)) * (1.0 / (1 << 53))


def mask(ids, lengths, words, pretext, vocabulary, random):
    """selfsup's MlmMasking: per row, a budget of round(p * maskable) (at least 1) tokens (or whole words), chosen by
    a Fisher-Yates shuffle of the candidates; each selected token is [MASK], a random token or left, in order."""
    p, mask_share, random_share = pretext["mask_probability"], pretext["mask_token"], pretext["random_token"]
    masked = ids.clone()
    positions, labels = [], []
    width = ids.shape[1]
    for row in range(ids.shape[0]):
        units = {}
        for t in range(lengths[row]):
            if words[row][t] >= 0:
                units.setdefault(words[row][t] if pretext["whole_word"] else t, []).append(t)
        maskable = sum(len(u) for u in units.values())
        if maskable == 0:
            continue
        budget = max(1, int(p * maskable + 0.5))  # Java's Math.round
        order = list(units.values())
        for i in range(len(order) - 1, 0, -1):
            j = random.next_int(i + 1)
            order[i], order[j] = order[j], order[i]
        chosen, taken = set(), 0
        for unit in order:
            if taken >= budget:
                break
            if taken > 0 and taken + len(unit) > budget:
                continue
            chosen.update(unit)
            taken += len(unit)
        for t in sorted(chosen):
            positions.append(row * width + t)
            labels.append(int(ids[row, t]))
            r = random.next_double()
            if r < mask_share:
                masked[row, t] = MASK_ID
            elif r < mask_share + random_share:
                masked[row, t] = SPECIAL_TOKENS + random.next_int(vocabulary - SPECIAL_TOKENS)
    return masked, torch.tensor(positions, dtype=torch.long), torch.tensor(labels, dtype=torch.long)


class MaskedLanguageModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        enc = cfg["encoder"]
        self.pretext = cfg["pretext"]
        self.vocabulary = cfg["parameter_shapes"][0][0]  # the trained vocabulary, at most vocabulary_size
        dim = enc["dim"]
        self.token_embedding = nn.Parameter(torch.zeros(self.vocabulary, dim))
        self.positions = nn.Parameter(torch.zeros(1, enc["max_length"], dim))
        self.encoder = Stack(dim, enc["depth"], enc["heads"], enc.get("mlp_ratio", 4.0))
        self.head_transform = nn.Linear(dim, dim)
        self.head_norm = nn.LayerNorm(dim, eps=1e-6)
        self.head_vocabulary = nn.Linear(dim, self.vocabulary)
        self.task_seed = 0

    def ordered(self):
        """Parameters in selfsup's order (the block tree in insertion order)."""
        return ([self.token_embedding, self.positions] + self.encoder.ordered()
                + [self.head_transform.weight, self.head_transform.bias, self.head_norm.weight, self.head_norm.bias,
                   self.head_vocabulary.weight, self.head_vocabulary.bias])

    def decayed(self):
        learned = {id(self.token_embedding), id(self.positions)}
        return [p for p in self.ordered() if p.dim() >= 2 and id(p) not in learned]

    def floats_per_step(self, inputs):
        return 0

    def loss(self, inputs, floats):
        ids = inputs[0].long()
        valid = inputs[1]
        words = inputs[2].long().tolist()
        lengths = valid.sum(1).long().tolist()
        masked, positions, labels = mask(ids, lengths, words, self.pretext, self.vocabulary,
                                         JavaRandom(self.task_seed))
        b, t = ids.shape
        x = F.embedding(masked, self.token_embedding) + self.positions[:, :t]
        bias = ((valid - 1.0) * 1e9).reshape(b, 1, 1, t)
        tokens = self.encoder(x, bias)
        picked = tokens.reshape(b * t, -1)[positions]
        h = self.head_norm(F.gelu(self.head_transform(picked)))
        logits = self.head_vocabulary(h)
        nll = -F.log_softmax(logits, dim=1).gather(1, labels.unsqueeze(1))
        return nll.sum() / max(len(labels), 1)


if __name__ == "__main__":
    common.main(MaskedLanguageModel, __doc__)
