"""m55ml: PyTorch models -> int8 ExecuTorch programs for the Arm Cortex-M backend.

Stages, one subpackage each (the same split as ExecuTorch's backends/cortex_m):
  api.py     what a model's entry point returns (ModelExport, EvalSet): the only module model
             code imports
  export/    where a model comes from (sources, datafiles), the lowering pipeline (PT2E
             quantize -> torch.export -> edge -> cortex_m:: -> .pte), atomic outputs
  reports/   reading the produced .pte back, the manifest and the raw .bin files
The command line (`python -m m55ml export ...`) lives in cli.py. Models live in their own
packages (the built-in ones under models/), never in this one.
"""
