"""Raises as soon as it is imported: a request that reaches it did not fail early enough."""

raise RuntimeError("the exporter imported the model before checking its outputs")
