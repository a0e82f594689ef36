#!/usr/bin/env python3
"""Turn a Whisper model in CTranslate2 format (faster-whisper's) into a ggml file for
whisper.cpp, so `rehearse model install --from OUT.bin` can use it.

    python3 tools/convert_ct2_to_ggml.py CT2_FOLDER OUT.bin [--parts PART ...]

CT2_FOLDER holds model.bin and tokenizer.json; --parts gives model.bin as pieces to join in
order (a model shipped split in two). Needs numpy only. Writes float16 weights: whisper.cpp
1.8 loads a float32 file but then aborts in its first convolution.

Why each step is as it is:
- CTranslate2's model.bin (binary version 6) is a list of named arrays; rank-0 arrays are
  settings such as the number of heads. Aliases name one array twice (the tied output
  projection).
- CTranslate2 fuses attention projections: self-attention q, k, v are one [3d, d] matrix,
  cross-attention k, v one [2d, d]. whisper.cpp wants them apart, and has no key bias
  (Whisper's key projection has none; CTranslate2 stores zeros there).
- whisper.cpp reads the mel filterbank from the file. The model folder has none, so it is
  computed here as librosa computes Whisper's (Slaney scale and normalisation).
- whisper.cpp reads only the ordinary tokens and makes the special ones itself.
"""

import argparse
import hashlib
import json
import struct
import sys
from pathlib import Path

import numpy as np

GGML_MAGIC = 0x67676D6C
CT2_TYPES = {0: "<f4", 1: "i1", 2: "<i2", 3: "<i4", 4: "<f2"}
CT2_BFLOAT16 = 5


def read_ct2(data):
    """The arrays of a CTranslate2 model.bin by name, aliases resolved."""
    at = 0

    def take(fmt):
        nonlocal at
        values = struct.unpack_from("<" + fmt, data, at)
        at += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def text():
        nonlocal at
        length = take("H")
        raw = data[at : at + length]
        at += length
        if not raw.endswith(b"\0"):
            sys.exit("model.bin: a name without its terminating NUL")
        return raw[:-1].decode()

    version = take("I")
    if version != 6:
        sys.exit(f"model.bin: CTranslate2 binary version {version}; only 6 is known")
    spec = text()
    if spec != "WhisperSpec":
        sys.exit(f"model.bin: a {spec}, not a Whisper model")
    take("I")  # the spec's revision: nothing here depends on it
    arrays = {}
    for _ in range(take("I")):
        name = text()
        rank = take("B")
        shape = [take("I") for _ in range(rank)]
        kind = take("B")
        size = take("I")
        raw = data[at : at + size]
        at += size
        if kind == CT2_BFLOAT16:
            values = (np.frombuffer(raw, "<u2").astype(np.uint32) << 16).view(np.float32)
        elif kind in CT2_TYPES:
            values = np.frombuffer(raw, CT2_TYPES[kind])
        else:
            sys.exit(f"model.bin: {name} has unknown type {kind}")
        arrays[name] = values.reshape(shape)
    for _ in range(take("I")):
        alias = text()
        arrays[alias] = arrays[text()]
    if at != len(data):
        sys.exit(f"model.bin: {len(data) - at} bytes after the last array")
    if any(name.endswith("weight_scale") for name in arrays):
        sys.exit("model.bin: an int8 model; convert a float16 or float32 one")
    return arrays


def mel_filters(bands, rate=16000, n_fft=400):
    """Triangular filters on the Slaney mel scale, each of unit area: [bands, n_fft/2 + 1]."""
    linear_step = 200.0 / 3
    log_start_hz = 1000.0
    log_start_mel = log_start_hz / linear_step
    log_step = np.log(6.4) / 27

    def to_mel(hz):
        hz = np.asarray(hz, dtype=np.float64)
        above = log_start_mel + np.log(np.maximum(hz, log_start_hz) / log_start_hz) / log_step
        return np.where(hz >= log_start_hz, above, hz / linear_step)

    def to_hz(mel):
        above = log_start_hz * np.exp(log_step * (mel - log_start_mel))
        return np.where(mel >= log_start_mel, above, mel * linear_step)

    bins = np.linspace(0, rate / 2, n_fft // 2 + 1)
    edges = to_hz(np.linspace(to_mel(0), to_mel(rate / 2), bands + 2))
    filters = np.zeros((bands, len(bins)), dtype=np.float32)
    for band in range(bands):
        low, centre, high = edges[band : band + 3]
        # Negated rather than subtracted the other way, as librosa writes it: at the band's
        # first bin this is -0.0, and the table's bits (so the file's checksum) match.
        rising = -(low - bins) / (centre - low)
        falling = (high - bins) / (high - centre)
        filters[band] = np.maximum(0, np.minimum(rising, falling))
    # Scaled after rounding to float32, as librosa does: the table then matches Whisper's own
    # to the bit, and the output file is the same on every run and machine.
    filters *= (2 / (edges[2:] - edges[:-2]))[:, None]
    return filters


def byte_decoder():
    """GPT-2's byte-level BPE writes each byte as a printable character; this undoes it."""
    printable = [*range(33, 127), *range(161, 173), *range(174, 256)]
    decoder, extra = {}, 0
    for byte in range(256):
        if byte in printable:
            decoder[chr(byte)] = byte
        else:
            decoder[chr(256 + extra)] = byte
            extra += 1
    return decoder


def ordinary_tokens(tokenizer_json):
    """The tokens below the first special one, as bytes, in id order."""
    tokenizer = json.loads(Path(tokenizer_json).read_text(encoding="utf-8"))
    special = {t["content"] for t in tokenizer.get("added_tokens", []) if t.get("special")}
    special.add("<|endoftext|>")
    vocab = {s: i for s, i in tokenizer["model"]["vocab"].items() if s not in special}
    if sorted(vocab.values()) != list(range(len(vocab))):
        sys.exit("tokenizer.json: the ordinary tokens are not numbered 0 to n-1")
    decoder = byte_decoder()
    tokens = [b""] * len(vocab)
    for string, index in vocab.items():
        tokens[index] = bytes(decoder[c] for c in string)
    return tokens


def ggml_tensors(a, encoder_layers, decoder_layers, d):
    """(name, array) pairs with whisper.cpp's (OpenAI's) names."""

    def norm(ct2, ggml):
        return [(f"{ggml}.weight", a[f"{ct2}/gamma"]), (f"{ggml}.bias", a[f"{ct2}/beta"])]

    def dense(ct2, ggml):
        return [(f"{ggml}.weight", a[f"{ct2}/weight"]), (f"{ggml}.bias", a[f"{ct2}/bias"])]

    def self_attention(ct2, ggml):
        w, b = a[f"{ct2}/linear_0/weight"], a[f"{ct2}/linear_0/bias"]
        return [
            (f"{ggml}.query.weight", w[:d]),
            (f"{ggml}.query.bias", b[:d]),
            (f"{ggml}.key.weight", w[d : 2 * d]),
            (f"{ggml}.value.weight", w[2 * d :]),
            (f"{ggml}.value.bias", b[2 * d :]),
            *dense(f"{ct2}/linear_1", f"{ggml}.out"),
        ]

    def cross_attention(ct2, ggml):
        w, b = a[f"{ct2}/linear_1/weight"], a[f"{ct2}/linear_1/bias"]
        return [
            *dense(f"{ct2}/linear_0", f"{ggml}.query"),
            (f"{ggml}.key.weight", w[:d]),
            (f"{ggml}.value.weight", w[d:]),
            (f"{ggml}.value.bias", b[d:]),
            *dense(f"{ct2}/linear_2", f"{ggml}.out"),
        ]

    def feed_forward(ct2, ggml):
        return [
            *dense(f"{ct2}/linear_0", f"{ggml}.mlp.0"),
            *dense(f"{ct2}/linear_1", f"{ggml}.mlp.2"),
            *norm(f"{ct2}/layer_norm", f"{ggml}.mlp_ln"),
        ]

    out = [
        ("encoder.positional_embedding", a["encoder/position_encodings/encodings"]),
        ("encoder.conv1.weight", a["encoder/conv1/weight"]),
        ("encoder.conv1.bias", a["encoder/conv1/bias"].reshape(-1, 1)),
        ("encoder.conv2.weight", a["encoder/conv2/weight"]),
        ("encoder.conv2.bias", a["encoder/conv2/bias"].reshape(-1, 1)),
    ]
    for i in range(encoder_layers):
        ct2, ggml = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        out += self_attention(f"{ct2}/self_attention", f"{ggml}.attn")
        out += norm(f"{ct2}/self_attention/layer_norm", f"{ggml}.attn_ln")
        out += feed_forward(f"{ct2}/ffn", ggml)
    out += norm("encoder/layer_norm", "encoder.ln_post")
    out += [
        ("decoder.positional_embedding", a["decoder/position_encodings/encodings"]),
        ("decoder.token_embedding.weight", a["decoder/embeddings/weight"]),
    ]
    for i in range(decoder_layers):
        ct2, ggml = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        out += self_attention(f"{ct2}/self_attention", f"{ggml}.attn")
        out += norm(f"{ct2}/self_attention/layer_norm", f"{ggml}.attn_ln")
        out += cross_attention(f"{ct2}/attention", f"{ggml}.cross_attn")
        out += norm(f"{ct2}/attention/layer_norm", f"{ggml}.cross_attn_ln")
        out += feed_forward(f"{ct2}/ffn", ggml)
    out += norm("decoder/layer_norm", "decoder.ln")
    return out


# whisper.cpp makes these float32 in a float16 model, besides every 1-D array.
ALWAYS_F32 = {
    "encoder.conv1.bias",
    "encoder.conv2.bias",
    "encoder.positional_embedding",
    "decoder.positional_embedding",
}


def layers(arrays, side):
    """How many layers one side has: its arrays are named `<side>/layer_<i>/...`."""
    prefix = f"{side}/layer_"
    numbers = [n[len(prefix) :].split("/")[0] for n in arrays if n.startswith(prefix)]
    return 1 + max(int(number) for number in numbers if number.isdigit())


def scalar(arrays, name):
    return int(arrays[name].reshape(()).item())


def write_ggml(out_path, arrays, tokens):
    embedding = arrays["decoder/embeddings/weight"]
    encoder_positions = arrays["encoder/position_encodings/encodings"]
    mels = arrays["encoder/conv1/weight"].shape[1]
    d = embedding.shape[1]
    encoder_layers, decoder_layers = layers(arrays, "encoder"), layers(arrays, "decoder")
    header = [
        embedding.shape[0],  # n_vocab
        encoder_positions.shape[0],  # n_audio_ctx
        encoder_positions.shape[1],  # n_audio_state
        scalar(arrays, "encoder/num_heads"),
        encoder_layers,
        arrays["decoder/position_encodings/encodings"].shape[0],  # n_text_ctx
        d,
        scalar(arrays, "decoder/num_heads"),
        decoder_layers,
        mels,
        1,  # ftype: float16
    ]
    filters = mel_filters(mels)
    tensors = ggml_tensors(arrays, encoder_layers, decoder_layers, d)
    # whisper.cpp refuses a file missing any tensor it expects.
    expected = 7 + 15 * encoder_layers + 4 + 24 * decoder_layers
    if len(tensors) != expected:
        sys.exit(f"made {len(tensors)} tensors, whisper.cpp expects {expected}")
    with open(out_path, "wb") as out:
        out.write(struct.pack("<i", GGML_MAGIC))
        out.write(struct.pack(f"<{len(header)}i", *header))
        out.write(struct.pack("<ii", *filters.shape))
        out.write(filters.astype("<f4").tobytes())
        out.write(struct.pack("<i", len(tokens)))
        for token in tokens:
            out.write(struct.pack("<i", len(token)) + token)
        for name, array in tensors:
            half = array.ndim >= 2 and name not in ALWAYS_F32
            data = np.ascontiguousarray(array, dtype="<f2" if half else "<f4")
            encoded = name.encode()
            out.write(struct.pack("<iii", data.ndim, len(encoded), 1 if half else 0))
            # ggml counts dimensions from the fastest-varying one: numpy's shape reversed.
            out.write(struct.pack(f"<{data.ndim}i", *reversed(data.shape)))
            out.write(encoded)
            out.write(data.tobytes())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ct2_folder", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--parts", type=Path, nargs="+", help="model.bin in pieces, in order")
    args = parser.parse_args()
    parts = args.parts or [args.ct2_folder / "model.bin"]
    arrays = read_ct2(b"".join(part.read_bytes() for part in parts))
    tokens = ordinary_tokens(args.ct2_folder / "tokenizer.json")
    write_ggml(args.out, arrays, tokens)
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"{args.out}: {args.out.stat().st_size} bytes, sha256 {digest}")


if __name__ == "__main__":
    main()
