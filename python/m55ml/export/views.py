"""Views of tensors in another dim order get their own row-major copy.

to_executorch() turns every aten::view_copy that is not a program output into a memory view:
the view shares its base's planned bytes and only declares a new shape. That is a reshape only
when the base's bytes are in row-major order. After a channels_last convolution whose output
is squeezed back to 3-D (conv1d_as_conv2d), e.g. (1, 129, 1, 4) in dim order (0, 2, 3, 1) viewed
as (1, 129, 4), the bytes are ordered width-major and the view reads them as channel-major:
the program then computes on transposed data while the edge program (the reference) reshapes
the logical values. Inserting a dim-order clone to row-major before such a view keeps the
reference's values and gives the memory view bytes it can reinterpret.
"""

from __future__ import annotations

import torch
from executorch.exir.dialects._ops import ops as exir_ops
from executorch.exir.pass_base import ExportPass

_VIEW = exir_ops.edge.aten.view_copy.default
_CLONE = exir_ops.edge.dim_order_ops._clone_dim_order.default


def bytes_are_row_major(tensor: torch.Tensor) -> bool:
    """True when the tensor's bytes are in logical row-major order: its dim order, with the
    dimensions of size 1 left out (they do not change the byte order), is ascending."""
    order = [d for d in tensor.dim_order() if tensor.shape[d] != 1]
    return order == sorted(order)


class RowMajorViewBasesPass(ExportPass):
    """Puts a `_clone_dim_order` to row-major between each view_copy and a base that is not."""

    def __init__(self) -> None:
        super().__init__()
        self.clones = 0

    def call_operator(self, op, args, kwargs, meta):  # type: ignore[no-untyped-def]
        if op == _VIEW:
            base = args[0].to_tensor()
            if not bytes_are_row_major(base):
                row_major = super().call_operator(
                    _CLONE, (args[0],), {"dim_order": list(range(base.dim()))}, meta
                )
                self.clones += 1
                args = (row_major, *args[1:])
        return super().call_operator(op, args, kwargs, meta)
