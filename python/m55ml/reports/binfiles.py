"""Raw tensor files the firmware reads: little-endian, in the program's memory layout."""

from __future__ import annotations

import torch

_LITTLE_ENDIAN = {
    torch.float32: "<f4",
    torch.int8: "i1",
    torch.uint8: "u1",
    torch.int32: "<i4",
}


def tensor_bytes(t: torch.Tensor, dim_order: tuple[int, ...]) -> bytes:
    """The bytes of `t` laid out in `dim_order` (e.g. (0, 2, 3, 1) = NHWC for channels_last)."""
    if sorted(dim_order) != list(range(t.dim())):
        raise ValueError(f"dim order {list(dim_order)} does not fit a {t.dim()}-D tensor")
    if t.dtype not in _LITTLE_ENDIAN:
        raise ValueError(f"no raw file format for {t.dtype}")
    physical = t.detach().permute(*dim_order).contiguous().cpu().numpy()
    return physical.astype(_LITTLE_ENDIAN[t.dtype], copy=False).tobytes()


def batch_bytes(samples: torch.Tensor, dim_order: tuple[int, ...]) -> bytes:
    """Samples (N, ...) written one after another, each as a batch-1 tensor in `dim_order`."""
    return b"".join(tensor_bytes(samples[i : i + 1], dim_order) for i in range(samples.shape[0]))


def labels_bytes(labels: torch.Tensor) -> bytes:
    if labels.numel() and (int(labels.min()) < 0 or int(labels.max()) > 255):
        raise ValueError("labels must fit in uint8")
    return labels.to(torch.uint8).contiguous().numpy().tobytes()
